import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { InvoiceIssued, InvoicePaid, PaymentRecorded } from '../../../shared/contracts/invoicing/events.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { moneyScaleProblem, toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { baseTotals, toBase } from '../../../shared/pricing.ts';
import { InvoiceEntity, PaymentEntity, RefundEntity, type InvoiceRow, type PaymentRow, type RefundRow } from './entities.ts';
import { balanceOf } from './domain/corrections.ts';
import { billDeliveries, invoiceDates, invoiceStates, isFullyBilled } from './domain/invoice.ts';

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
    creditedAmount: toAmountString(i.creditedAmount, i.currency),
    openAmount: toAmountString(correction ? 0 : balanceOf(i.totals.gross, paid, i.creditedAmount, i.refundedAmount).open, i.currency),
    refundableAmount: toAmountString(rel.refundable, i.currency),
    payments: rel.payments.map((p) => ({ id: p.id, amount: toAmountString(p.amount, i.currency), receivedAt: p.receivedAt, reference: p.reference ?? null })),
    refunds: rel.refunds.map((r) => ({ id: r.id, amount: toAmountString(r.amount, i.currency), refundedAt: r.refundedAt, reference: r.reference ?? null })),
    cancellationReason: i.cancellationReason ?? null,
    createdAt: i.createdAt.toISOString(),
    version: i.version,
  };
}

/**
 * Issues an invoice (RE, gapless) for shipped delivery notes of one order. The
 * number is taken in the same transaction as the insert, so a refused or failed
 * invoice never burns a number.
 */
export async function createInvoice(tx: Em, order: SalesOrder, notes: DeliveryNote[], actor?: Actor): Promise<Invoice> {
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
  const { dueDate } = invoiceDates(now, order.paymentTermsDays);
  const row = tx.create(InvoiceEntity, {
    id: `inv_${randomUUID()}`,
    number: await nextDocumentNumber(tx, 'RE', now),
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
    grossBase: baseTotals(totals, order.exchangeRate).gross,
    paidAmount: '0',
    paymentTermsDays: order.paymentTermsDays,
    supplyDate,
    dueDate,
    cancellationReason: null,
    refersTo: null,
    reason: null,
    creditedAmount: '0',
    refundedAmount: '0',
    returnNumber: null,
    createdAt: now,
    version: 1,
  });
  tx.persist(row);
  await tx.flush();
  for (const n of notes) {
    await tx.execute(`insert into invoiced_delivery_note (delivery_note_number, invoice_number) values (?, ?)`, [n.number, row.number], 'run');
  }
  const allBilledLines = [...earlier.flatMap((i) => i.lines), ...lines];
  recordEvent(tx, InvoiceIssued, {
    number: row.number,
    orderNumber: order.number,
    gross: totals.gross,
    currency: order.currency,
    fullyBilled: isFullyBilled(order, allBilledLines),
    lines: lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })),
    customerId: order.customer.id,
    grossBase: baseTotals(totals, order.exchangeRate).gross,
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: row.number,
    action: 'issued',
    actor,
    details: { orderNumber: order.number, deliveryNoteNumbers: row.deliveryNoteNumbers, gross: totals.gross, currency: order.currency },
  });
  return invoiceJson(row, NOTHING_RELATED);
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
export function refundableOf(row: InvoiceRow, invoice: InvoiceRow | undefined): Decimal {
  if (row.kind === 'cancellation') return new Decimal(0);
  if (row.refersTo == null) return balanceOf(row.totals.gross, row.paidAmount, row.creditedAmount, row.refundedAmount).refundable;
  if (!invoice) return new Decimal(0);
  const ofInvoice = balanceOf(invoice.totals.gross, invoice.paidAmount, invoice.creditedAmount, invoice.refundedAmount).refundable;
  return Decimal.max(Decimal.min(ofInvoice, new Decimal(row.totals.gross).neg().minus(row.refundedAmount)), 0);
}

/**
 * Records money received against an invoice. An amount with more decimals than the invoice
 * currency is refused (422), and so is one above the open amount (409): the open amount never
 * goes negative. The row lock taken first makes concurrent payments queue up, each re-reading
 * the paid amount under the lock.
 */
export async function recordPayment(tx: Em, number: string, amount: string, receivedAt?: string, reference?: string, actor?: Actor): Promise<Invoice> {
  const row = await findForUpdate(tx, InvoiceEntity, { number }, `invoice ${number}`);
  if (row.refersTo != null)
    throw new ConflictError(`${number} is a correction of ${row.refersTo}: it is not paid, money goes back by a refund`, 'not_an_invoice');
  const scale = moneyScaleProblem(amount, row.currency);
  if (scale) throw new ValidationError(`invalid amount: ${scale}`, [{ field: 'amount', message: scale }]);
  // Credit notes lower what is open: gross − paid − credited.
  const open = balanceOf(row.totals.gross, row.paidAmount, row.creditedAmount, row.refundedAmount).open;
  const paid = new Decimal(row.paidAmount).plus(amount);
  // A paid or cancelled invoice is refused by its state first, with its own message.
  const status = invoiceStates.next(row.status, new Decimal(amount).gte(open) ? 'pay_fully' : 'pay_partially');
  if (new Decimal(amount).gt(open)) {
    const message = `the payment of ${amount} ${row.currency} is more than the open amount of ${toAmountString(open, row.currency)} ${row.currency}`;
    throw new DomainError(409, 'exceeds_open_amount', `invoice ${number}: ${message}`, [{ field: 'amount', message }]);
  }
  row.status = status;
  row.paidAmount = paid.toString();
  const booked = toAmountString(amount, row.currency);
  tx.persist(
    tx.create(PaymentEntity, {
      id: `pay_${randomUUID()}`,
      invoiceNumber: number,
      amount: booked,
      receivedAt: receivedAt ?? berlinDate(new Date()),
      reference: reference ?? null,
      createdAt: new Date(),
    }),
  );
  recordEvent(tx, PaymentRecorded, {
    invoiceNumber: number,
    orderNumber: row.orderNumber,
    status: row.status === 'paid' ? 'paid' : 'partially_paid',
    amount: booked,
    currency: row.currency,
    customerId: row.customer.id,
    amountBase: toBase(booked, row.exchangeRate),
  });
  if (row.status === 'paid') recordEvent(tx, InvoicePaid, { number, orderNumber: row.orderNumber });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: number,
    action: 'payment_recorded',
    actor,
    details: { amount: booked, reference: reference ?? null, status: row.status },
  });
  return loadInvoice(tx, number);
}
