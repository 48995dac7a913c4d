/**
 * The order page's view model: the API's documents of one order arranged as a timeline (oldest first),
 * plus what each role may do next. Pure: it gets the API's answers and today's date, and computes
 * nothing with money (amounts stay the API's strings; the one comparison, a receipt's § 33 limit, uses decimal.js).
 */
import { Decimal } from 'decimal.js';

export interface Revision {
  number: string;
  revision: number;
  status: string;
  createdAt: string;
  totals?: { gross: string; currency: string };
}
export interface DeliveryNote {
  number: string;
  status: string;
  lines: { orderPosition: number; sku: string; description: string; quantity: string; unit: string }[];
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  deliveredOn: string | null;
  createdAt: string;
}
export interface Payment {
  id: string;
  amount: string;
  kind: string;
  receivedAt: string;
  reference: string | null;
}
export interface Invoice {
  number: string;
  kind: string;
  status: string;
  refersTo: string | null;
  deliveryNoteNumbers: string[];
  totals: { gross: string; currency: string };
  /** The gross amount in EUR (the base currency), for the § 33 UStDV limit. */
  grossBase?: string;
  dueDate: string | null;
  openAmount: string;
  paidAmount: string;
  payments: Payment[];
  createdAt: string;
}
export interface InvoiceDraft {
  id: string;
  deliveryNoteNumbers: string[];
  remark: string | null;
  status: string;
  createdAt: string;
}
export interface Milestone {
  id: string;
  name: string;
  plannedDate: string;
  actualDate: string | null;
  status: string;
  responsible: string | null;
}
export interface PlanItem {
  key: string;
  label: string;
  kind: string;
  trigger: { on: string; milestoneId?: string };
  invoiceNumber: string | null;
}
export interface FulfilmentLine {
  position: number;
  sku: string;
  description: string;
  unit: string;
  ordered: string;
  shipped: string;
  onDeliveryNotes: string;
  open: string;
}

export type EntryKind = 'quote' | 'order' | 'milestone' | 'delivery' | 'invoice' | 'payment' | 'correction';

export interface TimelineEntry {
  /** Sort key: an instant, or a calendar date (YYYY-MM-DD) for planned things. */
  at: string;
  kind: EntryKind;
  number?: string;
  /** The PDF link through the web app (`/documents/<number>/pdf…`), when the document has one. */
  pdf?: string;
  /** A counter sale's invoice: its 80 mm receipt (`/invoices/<number>/receipt.pdf`), and whether it is a simplified invoice (≤ 250 EUR). */
  receipt?: { href: string; simplified: boolean };
  overdue?: boolean;
  revision?: Revision;
  note?: DeliveryNote;
  invoice?: Invoice;
  payment?: Payment & { invoiceNumber: string; currency: string };
  milestone?: Milestone;
}

// One formatter for every page: building an Intl.DateTimeFormat costs more than the rest of the timeline.
const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Berlin as YYYY-MM-DD (calendar dates of the API are Berlin dates). */
export function berlinToday(now = new Date()): string {
  return BERLIN_DAY.format(now);
}

/** A milestone is overdue when it is neither done nor cancelled and its planned date has passed. */
export const isOverdue = (m: Milestone, today: string) => !['done', 'cancelled'].includes(m.status) && m.plannedDate < today;

const pdfLink = (number: string, revision?: number) => `/documents/${encodeURIComponent(number)}/pdf${revision ? `?revision=${revision}` : ''}`;

export function timeline(input: {
  order: { number: string; createdAt: string };
  revisions: Revision[];
  notes: DeliveryNote[];
  invoices: Invoice[];
  milestones: Milestone[];
  today: string;
  /** The order is a counter sale (cash_sale): its invoices have a receipt. */
  counterSale?: boolean;
}): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...input.revisions.map((r): TimelineEntry => ({ at: r.createdAt, kind: 'quote', number: r.number, pdf: pdfLink(r.number, r.revision), revision: r })),
    { at: input.order.createdAt, kind: 'order', number: input.order.number, pdf: pdfLink(input.order.number) },
    ...input.milestones.map((m): TimelineEntry => ({ at: m.actualDate ?? m.plannedDate, kind: 'milestone', milestone: m, overdue: isOverdue(m, input.today) })),
    ...input.notes.map((n): TimelineEntry => ({ at: n.createdAt, kind: 'delivery', number: n.number, pdf: pdfLink(n.number), note: n })),
    ...input.invoices.map((i): TimelineEntry => ({
      at: i.createdAt,
      kind: i.refersTo ? 'correction' : 'invoice',
      number: i.number,
      pdf: pdfLink(i.number),
      invoice: i,
      ...(input.counterSale && i.kind === 'invoice' ? { receipt: receiptLink(i) } : {}),
    })),
    ...input.invoices.flatMap((i) =>
      i.payments.map((p): TimelineEntry => ({ at: p.receivedAt, kind: 'payment', payment: { ...p, invoiceNumber: i.number, currency: i.totals.currency } })),
    ),
  ];
  // Calendar dates sort as the start of their day; stable sort keeps the API's order within equal times.
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** § 33 UStDV: a receipt up to this many EUR gross is a simplified invoice (Kleinbetragsrechnung). */
const SIMPLIFIED_LIMIT_EUR = new Decimal('250');

/** The receipt of a counter sale's invoice: the API serves one for every such invoice, the simplified form up to 250 EUR. */
function receiptLink(i: Invoice): { href: string; simplified: boolean } {
  return {
    href: `/invoices/${encodeURIComponent(i.number)}/receipt.pdf`,
    simplified: i.grossBase !== undefined && new Decimal(i.grossBase).lte(SIMPLIFIED_LIMIT_EUR),
  };
}

/** Delivery notes that are shipped and on no invoice and no open draft yet: what accounting can invoice. */
export function invoiceableNotes(notes: DeliveryNote[], invoices: Invoice[], drafts: InvoiceDraft[] = []): DeliveryNote[] {
  const invoiced = new Set([
    ...invoices.filter((i) => i.status !== 'cancelled').flatMap((i) => i.deliveryNoteNumbers),
    ...drafts.filter((d) => d.status === 'open').flatMap((d) => d.deliveryNoteNumbers),
  ]);
  return notes.filter((n) => n.status === 'shipped' && !invoiced.has(n.number));
}

/** Order lines the warehouse can still put on a delivery note (open quantity not already on one). */
export function deliverableLines(lines: FulfilmentLine[]): FulfilmentLine[] {
  return lines.filter((l) => l.open !== '0' && !/^0(\.0+)?$/.test(l.open));
}

/** Billing plan items without an invoice; `triggerReached` tells whether the project manager needs an override reason. */
export function billableItems(items: PlanItem[], milestones: Milestone[]): (PlanItem & { triggerReached: boolean })[] {
  return items
    .filter((i) => !i.invoiceNumber)
    .map((i) => ({
      ...i,
      triggerReached:
        i.trigger.on === 'milestone_done' ? milestones.some((m) => m.id === i.trigger.milestoneId && m.status === 'done') : i.trigger.on === 'order_confirmed',
    }));
}
