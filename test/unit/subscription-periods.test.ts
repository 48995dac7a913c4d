import { periodOf } from '../../services/invoicing/src/domain/subscription.ts';

/*
 * The periods of a recurring contract as a recurring invoice states them
 * (BG-14 of its e-invoice): first and last Berlin day, never ending before it starts.
 */
describe('periodOf: first and last day of a contract period', () => {
  test.each([
    ['monthly from 15 Jan, period 0', 'monthly', '2026-01-14T23:00:00.000Z', 0, '2026-01-15', '2026-02-14'],
    ['monthly from 31 Jan, period 1 (February has no 31st)', 'monthly', '2026-01-30T23:00:00.000Z', 1, '2026-02-28', '2026-03-30'],
    ['quarterly from 1 Oct, period 1 (over the year end)', 'quarterly', '2025-09-30T22:00:00.000Z', 1, '2026-01-01', '2026-03-31'],
    ['yearly from 1 Mar 2027, period 1 (leap year)', 'yearly', '2027-02-28T23:00:00.000Z', 1, '2028-03-01', '2029-02-28'],
    ['4 s in the afternoon: one day', '4s', '2026-11-12T14:00:00.000Z', 3, '2026-11-12', '2026-11-12'],
    ['1 h across Berlin midnight: two days', '1h', '2026-11-12T22:30:00.000Z', 0, '2026-11-12', '2026-11-13'],
  ])('%s', (_what, interval, startAt, n, start, end) => {
    const p = periodOf(interval, new Date(startAt), n);
    expect([p.startDate, p.endDate]).toEqual([start, end]);
    expect(p.endDate >= p.startDate).toBe(true);
  });

  test('the label names the same days as the period', () => {
    const p = periodOf('monthly', new Date('2026-11-30T23:00:00.000Z'), 0);
    expect(p.label).toBe('01.12.2026–31.12.2026');
    expect([p.startDate, p.endDate]).toEqual(['2026-12-01', '2026-12-31']);
  });
});
