import { durationMs } from '../../../../shared/durations.ts';
import { addDays, berlinDate, endOfBerlinDay } from '../../../../shared/dates.ts';

/*
 * Periods of a recurring contract. Calendar intervals count months from the
 * start date (the 31st falls back to the month's last day) and begin at
 * midnight in Berlin; a duration interval (demos, tests) counts from the start instant.
 */

const MONTHS: Readonly<Record<string, number>> = { monthly: 1, quarterly: 3, yearly: 12 };

/** The date `months` calendar months after `date`, on the same day or the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The instant a Berlin calendar day begins. */
export function startOfBerlinDay(date: string): Date {
  return endOfBerlinDay(addDays(date, -1));
}

const german = (iso: string) => iso.split('-').reverse().join('.');

export interface Period {
  startsAt: Date;
  endsAt: Date;
  /** The Berlin date the period starts on (prices change by it). */
  startDate: string;
  /** The Berlin date of its last day (the invoicing period's end, BT-74). */
  endDate: string;
  /** "01.12.2026–31.12.2026" */
  label: string;
}

export function periodOf(interval: string, startAt: Date, n: number): Period {
  const months = MONTHS[interval];
  if (months !== undefined) {
    const first = berlinDate(startAt);
    const from = addMonths(first, n * months);
    const to = addMonths(first, (n + 1) * months);
    const last = addDays(to, -1);
    return { startsAt: startOfBerlinDay(from), endsAt: startOfBerlinDay(to), startDate: from, endDate: last, label: `${german(from)}–${german(last)}` };
  }
  const ms = durationMs(interval);
  const startsAt = new Date(startAt.getTime() + n * ms);
  const endsAt = new Date(startsAt.getTime() + ms);
  const time = (d: Date) => d.toISOString().slice(11, 19);
  // A duration period (minutes in a demo) ends on the day of its last instant, never before it starts.
  return {
    startsAt,
    endsAt,
    startDate: berlinDate(startsAt),
    endDate: berlinDate(new Date(endsAt.getTime() - 1)),
    label: `${german(berlinDate(startsAt))} ${time(startsAt)}–${time(endsAt)} UTC`,
  };
}

/** The unit price of a position for a period: the latest change from on or before the period's start date, else the order's price. */
export function priceFor(
  position: number,
  orderPrice: string,
  changes: { from: string; lines: { position: number; unitPrice: string }[] }[],
  startDate: string,
): string {
  const applicable = changes
    .filter((c) => c.from <= startDate && c.lines.some((l) => l.position === position))
    .sort((a, b) => a.from.localeCompare(b.from))
    .at(-1);
  return applicable?.lines.find((l) => l.position === position)?.unitPrice ?? orderPrice;
}
