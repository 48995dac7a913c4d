import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { InvoiceCancelled, InvoiceIssued } from '../../../shared/contracts/invoicing/events.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { baseTotals, toBase } from '../../../shared/pricing.ts';
import { InvoiceEntity, PaymentEntity, type InvoiceRow, type PaymentRow } from './entities.ts';
import { billDeliveries, invoiceDates, invoiceStates, isFullyBilled } from './domain/invoice.ts';
import { skontoOffer } from './payments/skonto.ts';
import { paymentJson } from './payments/payment-json.ts';

export function invoiceJson(i: InvoiceRow, payments: PaymentRow[]): Invoice {
  const paid = new Decimal(i.paidAmount);
  return {
    number: i.number,
    status: i.status,
    kind: i.kind,
    refersTo: i.refersTo ?? null,
    planItemKey: i.planItemKey ?? null,
    deductions: i.deductions,
    orderNumber: i.orderNumber,
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
    dueDate: i.dueDate,
    paidAmount: toAmountString(paid, i.currency),
    // A Skonto granted settles the invoice as much as money does.
    openAmount: toAmountString(new Decimal(i.totals.gross).minus(paid).minus(i.discountAmount ?? 0), i.currency),
    payments: payments.map((p) => paymentJson(p, i.currency)),
    earlyPaymentDiscount: i.earlyPaymentDiscount ?? null,
    discountGranted: i.discountGranted ?? null,
    cancellationReason: i.cancellationReason ?? null,
    remark: i.remark ?? null,
    createdAt: i.createdAt.toISOString(),
    version: i.version,
  };
}

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
  const live = await tx.find(InvoiceEntity, { orderNumber: order.number, status: { $ne: 'cancelled' } });
  // Down payments and progress invoices are deducted by the final invoice; a delivery invoice beside them would bill those goods twice.
  const byPlan = live.find((i) => i.kind === 'down_payment' || i.kind === 'progress' || i.kind === 'final');
  if (byPlan)
    throw new ConflictError(`order ${order.number} is billed by its billing plan (${byPlan.number}); bill the rest with the final invoice`, 'billed_by_plan');
  const earlier = live.filter((i) => i.kind === 'invoice');
  const { lines, totals, supplyDate, taxNotes } = billDeliveries(
    order,
    notes,
    earlier.flatMap((i) => i.lines),
  );
  const billed = await tx.execute<{ delivery_note_number: string; invoice_number: string }[]>(
    `select delivery_note_number, invoice_number from invoiced_delivery_note where delivery_note_number in (?) for update`,
    [notes.map((n) => n.number)],
  );
  if (billed.length)
    throw new ConflictError(`delivery note ${billed[0]!.delivery_note_number} is already billed by ${billed[0]!.invoice_number}`, 'already_invoiced');
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
    paidAmount: '0',
    paymentTermsDays: order.paymentTermsDays,
    supplyDate,
    dueDate,
    cancellationReason: null,
    earlyPaymentDiscount: skontoOffer(order.earlyPaymentDiscount, totals.gross, order.currency, issueDate),
    createdAt: now,
    fullyBilled: isFullyBilled(order, [...earlier.flatMap((i) => i.lines), ...lines]),
  };
}

/**
 * Issues an invoice (RE, gapless) for shipped delivery notes of one order. The
 * number is taken in the same transaction as the insert, so a refused or failed
 * invoice never burns a number.
 */
export async function createInvoice(tx: Em, order: SalesOrder, notes: DeliveryNote[], actor?: Actor, remark?: string | null): Promise<Invoice> {
  const { fullyBilled, ...content } = await deliveryInvoiceContent(tx, order, notes, remark);
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
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: row.number,
    action: 'issued',
    actor,
    details: { orderNumber: order.number, deliveryNoteNumbers: row.deliveryNoteNumbers, gross: row.totals.gross, currency: order.currency },
  });
  return invoiceJson(row, []);
}

export async function loadInvoice(em: Em, number: string): Promise<Invoice> {
  const row = await em.findOne(InvoiceEntity, { number });
  if (!row) throw new NotFoundError(`invoice ${number} not found`, 'number');
  return invoiceJson(row, await em.find(PaymentEntity, { invoiceNumber: number }, { orderBy: { createdAt: 'asc' } }));
}

/** Cancels an unpaid invoice; its number stays used (gapless series), the document stays as issued. */
export async function cancelInvoice(tx: Em, number: string, reason: string, actor?: Actor): Promise<Invoice> {
  const row = await findForUpdate(tx, InvoiceEntity, { number }, `invoice ${number}`);
  row.status = invoiceStates.next(row.status, 'cancel');
  row.cancellationReason = reason;
  await tx.execute(`delete from invoiced_delivery_note where invoice_number = ?`, [number], 'run');
  recordEvent(tx, InvoiceCancelled, {
    number,
    orderNumber: row.orderNumber,
    reason,
    customerId: row.customer.id,
    openBase: toBase(new Decimal(row.totals.gross).minus(row.paidAmount).toString(), row.exchangeRate),
  });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'invoice', aggregateId: number, action: 'cancel', actor, details: { reason } });
  return loadInvoice(tx, number);
}
