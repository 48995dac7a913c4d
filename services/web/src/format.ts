import type { Lang } from './i18n.ts';

/** Formatting of API values for display: the API's decimal strings are formatted as they are, never computed with. */
const LOCALE: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };
const ZONE = 'Europe/Berlin';

export interface Money {
  amount: string;
  currency: string;
}

/** The formatters of a language, built once (Intl objects are costly to create, cheap to use). */
export function formatters(lang: Lang): Formatters {
  return (cache[lang] ??= build(lang));
}

function build(lang: Lang) {
  const locale = LOCALE[lang];
  const dateFmt = new Intl.DateTimeFormat(locale, { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
  const money = new Map<string, Intl.NumberFormat>();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  return {
    /** "1.234,50 €" from { amount: "1234.50", currency: "EUR" } (the decimal string goes to Intl as it is). */
    money(m: Money | null | undefined): string {
      if (!m) return '–';
      let f = money.get(m.currency);
      if (!f) money.set(m.currency, (f = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency })));
      return f.format(m.amount as unknown as number);
    },
    /** A decimal string in a currency: amount("1234.5", "EUR"). */
    amount(amount: string | null | undefined, currency: string): string {
      return amount == null ? '–' : this.money({ amount, currency });
    },
    /** A quantity as the API gives it ("2.5000" → "2,5"). */
    quantity(q: string | null | undefined): string {
      return q == null ? '–' : number.format(q as unknown as number);
    },
    /** A calendar date (YYYY-MM-DD) or an instant, as a Berlin date. */
    date(d: string | null | undefined): string {
      if (!d) return '–';
      return dateFmt.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T12:00:00Z` : d));
    },
    dateTime(d: string | null | undefined): string {
      return d ? dateTimeFmt.format(new Date(d)) : '–';
    },
  };
}

export type Formatters = ReturnType<typeof build>;
const cache: Partial<Record<Lang, Formatters>> = {};
