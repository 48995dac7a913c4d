import { describe, it, expect } from '@jest/globals';
import { fitKey, MAX_KEY_LENGTH } from '../../workflows/src/workflows/sale-keys.ts';

describe("fitKey: idempotency keys within the services' 200 characters", () => {
  const notes = (from: number, n: number) => Array.from({ length: n }, (_, i) => `LS-2026-${String(from + i).padStart(5, '0')}`).join('+');

  it('keeps a key that fits', () => {
    expect(fitKey('AB-2026-00042:invoice:LS-2026-00007')).toBe('AB-2026-00042:invoice:LS-2026-00007');
  });

  it('shortens an invoice key of many notes to the limit, differently for different note lists', () => {
    const a = fitKey(`AB-2026-00042:invoice:${notes(1, 30)}`);
    const b = fitKey(`AB-2026-00042:invoice:${notes(1, 29)}+LS-2026-00099`);
    expect(a).toHaveLength(MAX_KEY_LENGTH);
    expect(b).toHaveLength(MAX_KEY_LENGTH);
    expect(a).not.toBe(b);
    expect(a).toBe(fitKey(`AB-2026-00042:invoice:${notes(1, 30)}`));
  });
});
