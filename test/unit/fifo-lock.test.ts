import { describe, it, expect } from '@jest/globals';
import { FifoLock } from '../../workflows/src/workflows/fifo-lock.ts';

describe('FifoLock', () => {
  it('admits one holder at a time, in arrival order, even when all wait at once', async () => {
    const lock = new FifoLock();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const tick = () => new Promise((r) => setTimeout(r, 1));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        lock.run(async () => {
          inside += 1;
          most = Math.max(most, inside);
          order.push(i);
          await tick();
          await tick();
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lock.busy).toBe(false);
  });

  it('passes the lock on when a holder fails', async () => {
    const lock = new FifoLock();
    const failed = lock.run(async () => {
      throw new Error('refused');
    });
    const next = lock.run(async () => 'ran');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ran');
    expect(lock.busy).toBe(false);
  });
});
