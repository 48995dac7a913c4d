import { formatDocumentNumber, seriesYear, type SeriesPrefix } from '../numbering.ts';
import type { Em } from './orm.ts';

/**
 * Takes the next number of a series inside the caller's transaction. The row
 * lock is held until commit, and a rollback gives the number back, so the
 * series stays gapless (required for invoices, § 14 UStG). The year is the
 * German calendar year: a document issued at 00:30 on 1 January (Berlin) opens the new series.
 */
export async function nextDocumentNumber(tx: Em, prefix: SeriesPrefix, date = new Date()): Promise<string> {
  const year = seriesYear(date);
  const [row] = await tx.execute<{ last_value: number }[]>(
    `insert into number_series (prefix, year, last_value) values (?, ?, 1)
     on conflict (prefix, year) do update set last_value = number_series.last_value + 1
     returning last_value`,
    [prefix, year],
  );
  return formatDocumentNumber(prefix, year, row!.last_value);
}
