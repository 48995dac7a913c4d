import { berlinYear } from './dates.ts';

/** Document number series: prefix, year and a zero-padded sequence, e.g. RE-2026-00042. */
/** RT returns; MA payment reminders (Mahnungen); ST cancellation invoices (Stornorechnungen) and RK credit notes (Rechnungskorrekturen), each gapless like RE. */
export type SeriesPrefix = 'AN' | 'AB' | 'LS' | 'RE' | 'RT' | 'MA' | 'ST' | 'RK';

export function formatDocumentNumber(prefix: SeriesPrefix, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`invalid sequence ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;
}

/** The year of the series a document issued at this instant belongs to: the calendar year in Europe/Berlin, not UTC. */
export function seriesYear(issuedAt: Date): number {
  return berlinYear(issuedAt);
}

const NUMBER_PATTERN = /^(AN|AB|LS|RE|RT|MA|ST|RK)-(\d{4})-(\d{5,})$/;

export function parseDocumentNumber(value: string): { prefix: SeriesPrefix; year: number; sequence: number } | null {
  const m = NUMBER_PATTERN.exec(value);
  if (!m) return null;
  return { prefix: m[1] as SeriesPrefix, year: Number(m[2]), sequence: Number(m[3]) };
}
