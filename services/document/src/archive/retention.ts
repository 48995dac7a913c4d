import type { DocumentKind } from '../../../../shared/contracts/document/index.ts';

/**
 * Retention periods of stored documents: invoices, cancellation invoices (ST),
 * credit notes (RK), reminders and receipts (an invoice in receipt form) are kept 8 full years (§ 147 (1) Nr. 4, (3)
 * AO, § 14b UStG: Buchungsbelege); quotes, orders, delivery notes and pick lists
 * as commercial letters 6 years (§ 147 (1) Nr. 2, 3, (3) AO). The period starts
 * at the end of the calendar year the document was issued in.
 */
export const RETENTION_YEARS: Readonly<Record<DocumentKind, number>> = {
  invoice: 8,
  cancellation: 8,
  credit_note: 8,
  reminder: 8,
  receipt: 8,
  quote: 6,
  order: 6,
  delivery_note: 6,
  pick_list: 6,
};

/**
 * The last day a document must be kept (YYYY-MM-DD): 31 December of the issue
 * year plus the retention years. It may be deleted from the day after.
 * `issued` is a date (YYYY-MM-DD) or a timestamp; its calendar year counts (UTC).
 */
export function retentionUntil(kind: DocumentKind, issued: string | Date): string {
  const year = typeof issued === 'string' ? Number(issued.slice(0, 4)) : issued.getUTCFullYear();
  if (!Number.isInteger(year) || year < 1900) throw new Error(`no issue year in ${String(issued)}`);
  return `${String(year + RETENTION_YEARS[kind]).padStart(4, '0')}-12-31`;
}
