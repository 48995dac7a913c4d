import { Admission, Busy } from '../../services/gateway/src/http/admission.ts';

/** The gateway's admission control: bounded, fair between callers, 429 material instead of pile-ups. */
describe('admission control', () => {
  const limits = { maxInFlight: 2, maxQueuedPerCaller: 3, maxQueued: 5, maxWaitMs: 200 };

  it('admits up to the limit at once and queues the rest', async () => {
    const a = new Admission(limits);
    const r1 = await a.acquire('A');
    await a.acquire('A');
    let third = false;
    const p3 = a.acquire('A').then((r) => ((third = true), r));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    expect(a.snapshot).toMatchObject({ inFlight: 2, queued: 1 });
    r1();
    (await p3)();
    expect(third).toBe(true);
  });

  it('serves queued callers round-robin, so a flood from one does not starve another', async () => {
    const a = new Admission({ ...limits, maxInFlight: 1, maxQueuedPerCaller: 10, maxQueued: 20 });
    const first = await a.acquire('flood');
    const order: string[] = [];
    // Each admitted request finishes at once, handing its slot to the next in turn.
    const run = (caller: string, label: string) => a.acquire(caller).then((release) => (order.push(label), release()));
    const waits = [run('flood', 'flood1'), run('flood', 'flood2'), run('flood', 'flood3'), run('other', 'other')];
    first();
    await Promise.all(waits);
    expect(order).toEqual(['flood1', 'other', 'flood2', 'flood3']);
  });

  it('refuses at once when the caller queue or the whole queue is full, with a Retry-After of at least a second', async () => {
    const a = new Admission(limits);
    await a.acquire('A');
    await a.acquire('A');
    const queued = [1, 2, 3].map(() => a.acquire('A').catch((e: unknown) => e));
    const refused = await a.acquire('A').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Busy);
    expect((refused as Busy).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    queued.push(
      a.acquire('B').catch((e: unknown) => e),
      a.acquire('B').catch((e: unknown) => e),
    );
    expect(await a.acquire('C').catch((e: unknown) => e)).toBeInstanceOf(Busy);
    expect(a.snapshot).toMatchObject({ queued: 5, rejected: 2 });
    // The queued ones give up after maxWaitMs instead of waiting forever.
    for (const q of await Promise.all(queued)) expect(q).toBeInstanceOf(Busy);
    expect(a.snapshot).toMatchObject({ queued: 0, inFlight: 2 });
  });

  it('releases a slot once, however often release is called', async () => {
    const a = new Admission(limits);
    const r = await a.acquire('A');
    r();
    r();
    expect(a.snapshot.inFlight).toBe(0);
  });
});
