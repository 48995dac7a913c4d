import { describe, it, expect } from '@jest/globals';
import { addDays, berlinDate, berlinYear } from '../../shared/dates.ts';
import { seriesYear } from '../../shared/numbering.ts';
import { nextDocumentNumber } from '../../shared/db/number-series.ts';
import type { Em } from '../../shared/db/orm.ts';

/** Document dates and number years follow the Berlin calendar, whatever the server's time zone. */
describe('Berlin calendar', () => {
  it.each([
    // winter (UTC+1): 23:00 UTC is midnight in Berlin
    ['2026-12-31T23:30:00Z', '2027-01-01'],
    ['2026-12-31T22:59:59Z', '2026-12-31'],
    ['2026-12-31T23:00:00Z', '2027-01-01'],
    ['2025-12-31T23:30:00Z', '2026-01-01'],
    // summer (UTC+2): 22:00 UTC is midnight in Berlin
    ['2026-06-30T22:30:00Z', '2026-07-01'],
    ['2026-06-30T21:59:59Z', '2026-06-30'],
    // the days summer time starts and ends
    ['2026-03-28T23:30:00Z', '2026-03-29'],
    ['2026-10-24T22:30:00Z', '2026-10-25'],
    ['2026-10-25T22:30:00Z', '2026-10-25'],
    ['2026-10-25T23:00:00Z', '2026-10-26'],
  ])('%s is %s in Berlin', (instant, date) => {
    expect(berlinDate(new Date(instant))).toBe(date);
  });

  it('takes the year of the Berlin date', () => {
    expect(berlinYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(berlinYear(new Date('2026-12-31T22:30:00Z'))).toBe(2026);
    expect(berlinYear(new Date('2027-01-01T00:30:00+01:00'))).toBe(2027);
  });

  it('adds calendar days to a date, across months, years and summer time', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', 14)).toBe('2027-01-15');
    expect(addDays('2026-03-20', 14)).toBe('2026-04-03');
    expect(addDays('2026-10-20', 14)).toBe('2026-11-03');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-01', 0)).toBe('2026-12-01');
  });
});

describe('number series year', () => {
  it('is the Berlin calendar year of the issue instant', () => {
    expect(seriesYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(seriesYear(new Date('2026-12-31T22:59:59Z'))).toBe(2026);
    expect(seriesYear(new Date('2027-01-01T00:30:00+01:00'))).toBe(2027);
  });

  /** A stand-in transaction that records the statement's parameters and answers like the number_series upsert. */
  function recordingTx(): { tx: Em; params: unknown[][] } {
    const params: unknown[][] = [];
    const tx = { execute: async (_sql: string, p: unknown[]) => (params.push(p), [{ last_value: 7 }]) } as unknown as Em;
    return { tx, params };
  }

  it("opens the new year's series for an invoice issued at 00:30 on 1 January in Berlin", async () => {
    const { tx, params } = recordingTx();
    expect(await nextDocumentNumber(tx, 'RE', new Date('2026-12-31T23:30:00Z'))).toBe('RE-2027-00007');
    expect(params).toEqual([['RE', 2027]]);
  });

  it('keeps the old year until midnight in Berlin', async () => {
    const { tx, params } = recordingTx();
    expect(await nextDocumentNumber(tx, 'AN', new Date('2026-12-31T22:59:59Z'))).toBe('AN-2026-00007');
    expect(params).toEqual([['AN', 2026]]);
  });
});
