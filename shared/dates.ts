/** Calendar helpers for German business dates; the clock is always passed in, never read. */

// Built once: constructing an Intl.DateTimeFormat (locale and time zone data) costs far more than formatting with it.
const BERLIN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const BERLIN_OFFSET = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' });

/** The calendar date (YYYY-MM-DD) of an instant in Europe/Berlin. */
export function berlinDate(at: Date): string {
  return BERLIN_DATE.format(at);
}

/** The calendar year of an instant in Europe/Berlin: document number series run by the German calendar year. */
export function berlinYear(at: Date): number {
  return Number(berlinDate(at).slice(0, 4));
}

/** The instant a date ends in Europe/Berlin (midnight after it), honouring summer time. */
export function endOfBerlinDay(date: string): Date {
  const guess = new Date(`${date}T24:00:00Z`);
  const offset = BERLIN_OFFSET.formatToParts(guess).find((p) => p.type === 'timeZoneName')!.value; // e.g. "GMT+1"
  const hours = Number(offset.replace('GMT', '') || '0');
  return new Date(guess.getTime() - hours * 3_600_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
