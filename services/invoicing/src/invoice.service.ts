import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { InvoiceIssued } from '../../../shared/contracts/invoicing/events.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, DomainError, NotFoundError } from '../../../shared/errors.ts';
import type { FilterQuery } from '@mikro-orm/core';
import { toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { baseTotals } from '../../../shared/pricing.ts';
import { InvoiceEntity, PaymentEntity, RefundEntity, type InvoiceRow, type PaymentRow, type RefundRow } from './entities.ts';
import { balanceOf } from './domain/corrections.ts';
import { billDeliveries, invoiceDates, isFullyBilled } from './domain/invoice.ts';
import { currentOffer, skontoOffer } from './payments/skonto.ts';
import { paymentJson } from './payments/payment-json.ts';
import { CHECK_NUMBER, refuseInvalidEInvoice } from './einvoice-gate.ts';

/** What an invoice's JSON shows besides its row: its payments, the corrections referring to it, refunds, what may still be refunded. */
export interface InvoiceRelations {
  payments: PaymentRow[];
  corrections: string[];
  refunds: RefundRow[];
  refundable: string;
}

/** A document just written: nothing refers to it yet. */
export const NOTHING_RELATED: InvoiceRelations = { payments: [], corrections: [], refunds: [], refundable: '0' };

export function invoiceJson(i: InvoiceRow, rel: InvoiceRelations): Invoice {
  const paid = new Decimal(i.paidAmount);
  const correction = i.refersTo != null;
  return {
    number: i.number,
    kind: i.kind,
    refersTo: i.refersTo ?? null,
    corrections: rel.corrections,
    reason: i.reason ?? null,
    status: i.status,
    planItemKey: i.planItemKey ?? null,
    deductions: i.deductions,
    orderNumber: i.orderNumber,
    orderNumbers: ordersOf(i),
    deliveryNoteNumbers: i.deliveryNoteNumbers,
    customer: i.customer,
    currency: i.currency,
    exchangeRate: i.exchangeRate,
    lines: i.lines,
    totals: i.totals,
    taxNotes: i.taxNotes,
    grossBase: toAmountString(i.grossBase, BASE_CURRENCY),
    paymentTermsDays: i.paymentTermsDays,
    supplyDate: i.supplyDate,
    period: i.periodStart && i.periodEnd ? { start: i.periodStart, end: i.periodEnd } : null,
    dueDate: i.dueDate,
    paidAmount: toAmountString(paid, i.currency),
    creditedAmount: toAmountString(i.creditedAmount, i.currency),
    creditedToBalance: toAmountString(i.balanceCredit ?? 0, i.currency),
    // A Skonto granted settles the invoice as much as money does; credit notes lower what is open too.
    openAmount: toAmountString(correction ? 0 : balanceOfRow(i).open, i.currency),
    refundableAmount: toAmountString(rel.refundable, i.currency),
    payments: rel.payments.map((p) => paymentJson(p, i.currency)),
    refunds: rel.refunds.map((r) => ({ id: r.id, amount: toAmountString(r.amount, i.currency), refundedAt: r.refundedAt, reference: r.reference ?? null })),
    // As it stands now: after credit notes the discount is on the reduced amount (the PDF keeps the offer as issued).
    earlyPaymentDiscount: correction ? (i.earlyPaymentDiscount ?? null) : currentOffer(i.earlyPaymentDiscount, i.totals.gross, i.creditedAmount, i.currency),
    discountGranted: i.discountGranted ?? null,
    cancellationReason: i.cancellationReason ?? null,
    remark: i.remark ?? null,
    createdAt: i.createdAt.toISOString(),
    version: i.version,
  };
}

/** A document about to be issued as the e-invoice gate sees it: its content under the check number (its own is taken after the check). */
export function checkedJson(content: InvoiceContent): Invoice {
  return invoiceJson({ ...content, id: 'inv_check', number: CHECK_NUMBER, version: 1 }, NOTHING_RELATED);
}

/** What a newly issued invoice has not had yet: payments, corrections, refunds, a cancellation; and it corrects nothing. */
export const UNSETTLED = {
  paidAmount: '0',
  cancellationReason: null,
  refersTo: null,
  reason: null,
  creditedAmount: '0',
  refundedAmount: '0',
  returnNumber: null,
} as const;

/** An invoice of delivery notes as it would be issued now: everything but its number and id; nothing written. */
export type InvoiceContent = Omit<InvoiceRow, 'id' | 'number' | 'version'>;

/**
 * What an invoice of these shipped notes says, checked against the order's
 * earlier invoices: the notes not billed yet (locked, so a concurrent invoice
 * of the same note waits), the lines at the order's prices, the dates of now.
 * Used to issue an invoice and to show a draft.
 */
export async function deliveryInvoiceContent(
  tx: Em,
  order: SalesOrder,
  notes: DeliveryNote[],
  remark?: string | null,
): Promise<InvoiceContent & { fullyBilled: boolean }> {
  await lockForBilling(
    tx,
    [order.number],
    notes.map((n) => n.number),
  );
  const live = await invoicesOfOrder(tx, order.number, { status: { $ne: 'cancelled' } });
  // Down payments and progress invoices are deducted by the final invoice; a delivery invoice beside them would bill those goods twice.
  const byPlan = live.find((i) => i.kind === 'down_payment' || i.kind === 'progress' || i.kind === 'final');
  if (byPlan)
    throw new ConflictError(`order ${order.number} is billed by its billing plan (${byPlan.number}); bill the rest with the final invoice`, 'billed_by_plan');
  const earlier = live.filter((i) => i.kind === 'invoice').flatMap((i) => linesOfOrder(i, order.number));
  const { lines, totals, supplyDate, taxNotes } = billDeliveries(order, notes, earlier);
  const now = new Date();
  const { issueDate, dueDate } = invoiceDates(now, order.paymentTermsDays);
  return {
    status: 'issued',
    kind: 'invoice',
    deductions: [],
    orderNumber: order.number,
    deliveryNoteNumbers: notes.map((n) => n.number),
    customer: order.customer,
    currency: order.currency,
    exchangeRate: order.exchangeRate,
    lines,
    totals,
    taxNotes,
    remark: remark ?? null,
    grossBase: baseTotals(totals, order.exchangeRate).gross,
    paymentTermsDays: order.paymentTermsDays,
    supplyDate,
    dueDate,
    ...UNSETTLED,
    earlyPaymentDiscount: skontoOffer(order.earlyPaymentDiscount, totals.gross, order.currency, issueDate),
    createdAt: now,
    fullyBilled: isFullyBilled(order, [...earlier, ...lines]),
  };
}

/**
 * Issues an invoice (RE, gapless) for shipped delivery notes of one order. The
 * number is taken in the same transaction as the insert, after the e-invoice
 * gate passed the invoice, so a refused or failed invoice never burns a number.
 */
export async function createInvoice(tx: Em, order: SalesOrder, notes: DeliveryNote[], actor?: Actor, remark?: string | null): Promise<Invoice> {
  const { fullyBilled, ...content } = await deliveryInvoiceContent(tx, order, notes, remark);
  await refuseInvalidEInvoice(order.customer.id, () => ({ invoice: checkedJson(content) }));
  const row = tx.create(InvoiceEntity, {
    ...content,
    id: `inv_${randomUUID()}`,
    number: await nextDocumentNumber(tx, 'RE', content.createdAt),
    version: 1,
  });
  tx.persist(row);
  await tx.flush();
  for (const n of notes) {
    await tx.execute(`insert into invoiced_delivery_note (delivery_note_number, invoice_number) values (?, ?)`, [n.number, row.number], 'run');
  }
  recordEvent(tx, InvoiceIssued, {
    number: row.number,
    orderNumber: order.number,
    gross: row.totals.gross,
    currency: order.currency,
    fullyBilled,
    lines: row.lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })),
    customerId: order.customer.id,
    grossBase: row.grossBase,
    dueDate: row.dueDate,
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: row.number,
    action: 'issued',
    actor,
    details: { orderNumber: order.number, deliveryNoteNumbers: row.deliveryNoteNumbers, gross: row.totals.gross, currency: order.currency },
  });
  return invoiceJson(row, NOTHING_RELATED);
}

/** The orders an invoice bills: several for a combined invoice, else its order alone. */
export function ordersOf(row: Pick<InvoiceRow, 'orderNumber' | 'orderNumbers'>): string[] {
  return Array.isArray(row.orderNumbers) && row.orderNumbers.length ? row.orderNumbers : [row.orderNumber];
}

/** For the events of a combined invoice: every order it bills (nothing for an invoice of one order, whose events stay as they were). */
export function combinedOrders(row: Pick<InvoiceRow, 'orderNumber' | 'orderNumbers'>): { orderNumbers?: string[] } {
  const orders = ordersOf(row);
  return orders.length > 1 ? { orderNumbers: orders } : {};
}

/** An invoice's lines that bill an order (a combined invoice names the order on each line). */
export function linesOfOrder(row: Pick<InvoiceRow, 'orderNumber' | 'lines'>, orderNumber: string): InvoiceRow['lines'] {
  return row.lines.filter((l) => (l.orderNumber ?? row.orderNumber) === orderNumber);
}

/** The invoices and corrections that bill an order: its own and the combined invoices it is part of, oldest first. */
export async function invoicesOfOrder(tx: Em, orderNumber: string, where: FilterQuery<InvoiceRow> = {}): Promise<InvoiceRow[]> {
  const rows = await tx.execute<{ number: string }[]>(`select number from invoice where order_number = ? or order_numbers @> ?::jsonb`, [
    orderNumber,
    JSON.stringify([orderNumber]),
  ]);
  if (rows.length === 0) return [];
  return tx.find(InvoiceEntity, { $and: [{ number: { $in: rows.map((r) => r.number) } }, where] }, { orderBy: { createdAt: 'asc', number: 'asc' } });
}

/**
 * Locks orders and delivery notes for billing until commit (always orders, then notes, each sorted, so
 * two invoices over the same orders never deadlock) and refuses a note a live invoice bills already
 * (409 naming it). Whoever locks first bills the note; a concurrent invoice of the same note (from the
 * order's sale or a combined invoice of several sales) waits here and is then refused, and a concurrent
 * invoice of other notes of the same order waits to see the lines billed before it.
 */
export async function lockForBilling(tx: Em, orderNumbers: string[], numbers: string[], field?: (number: string) => string): Promise<void> {
  const keys = [...[...new Set(orderNumbers)].sort().map((o) => `invoice-order:${o}`), ...[...new Set(numbers)].sort().map((n) => `invoice-note:${n}`)];
  for (const key of keys) await tx.execute(`select pg_advisory_xact_lock(hashtextextended(?, 7))`, [key]);
  const billed = await tx.execute<{ delivery_note_number: string; invoice_number: string }[]>(
    `select delivery_note_number, invoice_number from invoiced_delivery_note where delivery_note_number in (?)`,
    [numbers],
  );
  if (billed.length) {
    const { delivery_note_number: note, invoice_number: by } = billed[0]!;
    const message = `delivery note ${note} is already billed by ${by}`;
    throw new DomainError(409, 'already_invoiced', message, field ? [{ field: field(note), message }] : undefined);
  }
}

export async function loadInvoice(em: Em, number: string): Promise<Invoice> {
  const row = await em.findOne(InvoiceEntity, { number });
  if (!row) throw new NotFoundError(`invoice ${number} not found`, 'number');
  return (await invoicesJson(em, [row]))[0]!;
}

/** The JSON of invoice rows with their payments, corrections and refunds, read in a few queries for the whole page. */
export async function invoicesJson(em: Em, rows: InvoiceRow[]): Promise<Invoice[]> {
  const numbers = rows.map((r) => r.number);
  // A credit note's refundable amount is limited by its invoice's balance too.
  const invoiceNumbers = [...new Set(rows.map((r) => r.refersTo).filter((n): n is string => n != null))].filter((n) => !numbers.includes(n));
  const [payments, corrections, refunds, referred] = await Promise.all([
    em.find(PaymentEntity, { invoiceNumber: { $in: numbers } }, { orderBy: { createdAt: 'asc' } }),
    em.find(InvoiceEntity, { refersTo: { $in: numbers } }, { orderBy: { number: 'asc' }, fields: ['number', 'refersTo'] }),
    em.find(RefundEntity, { correctionNumber: { $in: numbers } }, { orderBy: { createdAt: 'asc' } }),
    invoiceNumbers.length ? em.find(InvoiceEntity, { number: { $in: invoiceNumbers } }) : Promise.resolve([]),
  ]);
  const byNumber = new Map([...rows, ...referred].map((r) => [r.number, r]));
  return rows.map((r) =>
    invoiceJson(r, {
      payments: payments.filter((p) => p.invoiceNumber === r.number),
      corrections: corrections.filter((c) => c.refersTo === r.number).map((c) => c.number),
      refunds: refunds.filter((f) => f.correctionNumber === r.number),
      refundable: refundableOf(r, r.refersTo ? byNumber.get(r.refersTo) : undefined).toString(),
    }),
  );
}

/**
 * What may still be paid back: on an invoice, what payments and credit notes exceed its gross,
 * less the refunds recorded; on a credit note, that of its invoice, at most what the note credits
 * less the refunds against it. A cancellation reverses an invoice nobody paid: nothing to refund.
 */
/** The columns balanceOfRow reads, for lists that load many invoices only to sum what is open (not their lines). */
export const BALANCE_FIELDS = ['totals', 'paidAmount', 'discountAmount', 'creditedAmount', 'refundedAmount', 'balanceCredit'] as const;

/** An invoice row's balance: what payments and a Skonto granted settled, what credit notes took back, what was refunded. */
export function balanceOfRow(row: Pick<InvoiceRow, (typeof BALANCE_FIELDS)[number]>): { open: Decimal; refundable: Decimal } {
  // What went to the customer's credit balance is settled like a refund: nothing of it is refunded against the notes.
  return balanceOf(
    row.totals.gross,
    new Decimal(row.paidAmount).plus(row.discountAmount ?? 0),
    row.creditedAmount,
    new Decimal(row.refundedAmount).plus(row.balanceCredit ?? 0),
  );
}

export function refundableOf(row: InvoiceRow, invoice: InvoiceRow | undefined): Decimal {
  if (row.kind === 'cancellation') return new Decimal(0);
  if (row.refersTo == null) return balanceOfRow(row).refundable;
  if (!invoice) return new Decimal(0);
  const ofInvoice = balanceOfRow(invoice).refundable;
  return Decimal.max(Decimal.min(ofInvoice, new Decimal(row.totals.gross).neg().minus(row.refundedAmount)), 0);
}
