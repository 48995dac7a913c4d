import { renderBackoffMs, targetOf } from '../../services/document/src/render-jobs.ts';

describe('render jobs', () => {
  it('back off from 1 s, doubling, capped at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(renderBackoffMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('take the document number from the event, and the revision for quotes only', () => {
    const ev = (data: Record<string, unknown>) => ({ id: 'e', subject: 's', occurredAt: '', data });
    expect(targetOf('quote', ev({ number: 'AN-2026-00001', revision: 3 }))).toEqual({ kind: 'quote', number: 'AN-2026-00001', revision: 3 });
    expect(targetOf('invoice', ev({ number: 'RE-2026-00001', revision: 3 }))).toEqual({ kind: 'invoice', number: 'RE-2026-00001', revision: 1 });
    expect(() => targetOf('order', ev({}))).toThrow(/names no document number/);
  });
});
