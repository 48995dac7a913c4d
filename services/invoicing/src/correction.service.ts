import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { CorrectionKind, Invoice } from '../../../shared/contracts/invoicing/index.ts';
import { CORRECTION_KINDS } from '../../../shared/contracts/invoicing/index.ts';
import { CorrectionIssued, InvoiceCancelled, InvoicePaid, RefundRecorded } from '../../../shared/contracts/invoicing/events.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, DomainError, ValidationError } from '../../../shared/errors.ts';
import { moneyScaleProblem, toAmountString } from '../../../shared/money.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { baseTotals, toBase } from '../../../shared/pricing.ts';
import type { DocumentTotals } from '../../../shared/totals.ts';
import { InvoiceEntity, RefundEntity, type InvoiceRow } from './entities.ts';
import { invoiceStates } from './domain/invoice.ts';
import { creditNote, reverseInvoice, type CorrectionLine, type CreditRequest, type OverCredit } from './domain/corrections.ts';
import {
  balanceOfRow,
  checkedJson,
  combinedOrders,
  invoiceJson,
  loadInvoice,
  NOTHING_RELATED,
  ordersOf,
  refundableOf,
  type InvoiceContent,
} from './invoice.service.ts';
import { refuseInvalidEInvoice } from './einvoice-gate.ts';
import { bookCredit, lockCreditBalance } from './payments/credit.service.ts';

/*
 * Corrections of issued invoices (GoBD: an issued invoice is never edited):
 * a cancellation invoice (Stornorechnung, series ST) reverses an unpaid invoice
 * in full; a credit note (Rechnungskorrektur, series RK) takes back returned
 * goods or part of a price. Each has its own gapless number, taken in the
 * transaction that writes it, and refers to the invoice. Never "Gutschrift":
 * in German VAT law that word means a self-billed invoice by the buyer.
 */

const SERIES: Record<CorrectionKind, 'ST' | 'RK'> = { cancellation: 'ST', credit_note: 'RK' };

/** The invoice a correction is for, locked: refuses corrections of corrections and cancelled invoices. */
async function lockInvoice(tx: Em, number: string): Promise<InvoiceRow> {
  const row = await findForUpdate(tx, InvoiceEntity, { number }, `invoice ${number}`);
  if (row.refersTo != null) throw new ConflictError(`${number} is itself a correction of ${row.refersTo}; correct the invoice`, 'not_an_invoice');
  if (row.status === 'cancelled') throw new ConflictError(`invoice ${number} is cancelled; there is nothing left to correct`, 'invoice_cancelled');
  return row;
}

/** Writes a correction row of the invoice and publishes it; its number is the next of its series, taken once the e-invoice gate passed it. */
async function writeCorrection(
  tx: Em,
  invoice: InvoiceRow,
  c: {
    kind: CorrectionKind;
    lines: CorrectionLine[];
    totals: DocumentTotals;
    reason: string;
    returnNumber?: string;
    deliveryNoteNumbers: string[];
    /** What a credit note credits beyond the invoice's open amount (goes to the customer's credit balance). */
    excess?: Decimal;
  },
  now: Date,
): Promise<InvoiceRow> {
  const content: InvoiceContent = {
    status: 'issued',
    kind: c.kind,
    refersTo: invoice.number,
    reason: c.reason,
    planItemKey: null,
    deductions: [],
    orderNumber: invoice.orderNumber,
    ...(ordersOf(invoice).length > 1 ? { orderNumbers: ordersOf(invoice) } : {}),
    deliveryNoteNumbers: c.deliveryNoteNumbers,
    customer: invoice.customer,
    currency: invoice.currency,
    exchangeRate: invoice.exchangeRate,
    lines: c.lines,
    totals: c.totals,
    // The tax treatment of what is corrected is the invoice's, with its notes.
    taxNotes: invoice.taxNotes,
    grossBase: baseTotals(c.totals, invoice.exchangeRate).gross,
    paidAmount: '0',
    creditedAmount: '0',
    refundedAmount: '0',
    returnNumber: c.returnNumber ?? null,
    paymentTermsDays: invoice.paymentTermsDays,
    // The supply corrected is the invoice's (its date and period); money owed back is due at once.
    supplyDate: invoice.supplyDate,
    periodStart: invoice.periodStart ?? null,
    periodEnd: invoice.periodEnd ?? null,
    dueDate: berlinDate(now),
    cancellationReason: null,
    createdAt: now,
  };
  await refuseInvalidEInvoice(invoice.customer.id, () => ({ invoice: checkedJson(content), corrected: invoiceJson(invoice, NOTHING_RELATED) }));
  const row = tx.create(InvoiceEntity, { ...content, id: `inv_${randomUUID()}`, number: await nextDocumentNumber(tx, SERIES[c.kind], now), version: 1 });
  tx.persist(row);
  await tx.flush();
  recordEvent(tx, CorrectionIssued, {
    number: row.number,
    kind: c.kind,
    refersTo: invoice.number,
    orderNumber: invoice.orderNumber,
    customerId: invoice.customer.id,
    gross: c.totals.gross,
    currency: invoice.currency,
    grossBase: row.grossBase,
    ...(c.excess?.gt(0) ? { excessBase: toBase(c.excess.toString(), invoice.exchangeRate) } : {}),
  });
  return row;
}

/**
 * Cancels an unpaid invoice by a cancellation invoice (ST) reversing it in full.
 * The invoice stays as issued, its status becomes cancelled and its delivery
 * notes may be billed again. An invoice with money on it (paid or partly paid) is
 * refused by the state machine, one with credit notes here: both are corrected by
 * a credit note for what is left. Answers the invoice, its ST in `corrections`.
 */
export async function cancelInvoice(tx: Em, number: string, reason: string, actor?: Actor): Promise<Invoice> {
  const row = await lockInvoice(tx, number);
  const status = invoiceStates.next(row.status, 'cancel');
  if (new Decimal(row.creditedAmount).gt(0))
    throw new ConflictError(`invoice ${number} has credit notes already; correct what is left by a credit note instead of cancelling it`, 'has_corrections');
  const now = new Date();
  const { lines, totals } = reverseInvoice(row);
  const st = await writeCorrection(tx, row, { kind: 'cancellation', lines, totals, reason, deliveryNoteNumbers: row.deliveryNoteNumbers }, now);
  row.status = status;
  row.cancellationReason = reason;
  await tx.execute(`delete from invoiced_delivery_note where invoice_number = ?`, [number], 'run');
  recordEvent(tx, InvoiceCancelled, {
    number,
    orderNumber: row.orderNumber,
    ...combinedOrders(row),
    reason,
    customerId: row.customer.id,
    openBase: toBase(new Decimal(row.totals.gross).minus(row.paidAmount).toString(), row.exchangeRate),
  });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'invoice', aggregateId: number, action: 'cancel', actor, details: { reason, cancellationInvoice: st.number } });
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: st.number,
    action: 'issued',
    actor,
    details: { kind: 'cancellation', refersTo: number, gross: totals.gross, reason },
  });
  return loadInvoice(tx, number);
}

/**
 * Issues a credit note (RK) for lines of an invoice: quantities at the invoice's
 * prices, or net price reductions. The invoice is locked, so concurrent credit
 * notes of one invoice queue and each sees what the others took back. What the
 * note credits lowers the invoice's open amount; an invoice with nothing open
 * any more counts as paid (InvoicePaid), and what exceeds the open amount goes
 * to the customer's credit balance (ledger kind credit_note).
 */
export async function issueCreditNote(
  tx: Em,
  number: string,
  req: { reason: string; requests: CreditRequest[]; over: OverCredit; returnNumber?: string },
  actor?: Actor,
): Promise<InvoiceRow | null> {
  const invoice = await lockInvoice(tx, number);
  const earlier = await tx.find(InvoiceEntity, { refersTo: number, kind: 'credit_note' }, { orderBy: { number: 'asc' } });
  const { lines, totals } = creditNote(invoice, earlier, req.requests, req.over);
  // Never more than the invoice's gross left: a final invoice lists the whole order but bills it less its deductions.
  const grossLeft = new Decimal(invoice.totals.gross).minus(invoice.creditedAmount);
  if (new Decimal(totals.gross).neg().gt(grossLeft)) {
    const message = `credits ${toAmountString(new Decimal(totals.gross).neg(), invoice.currency)} ${invoice.currency}, more than the ${toAmountString(grossLeft, invoice.currency)} ${invoice.currency} of invoice ${number} left to credit`;
    throw new DomainError(409, 'exceeds_creditable', message, [{ field: 'lines', message }]);
  }
  // A return capped to nothing (a line credited in full by price reductions before) writes no document.
  if (lines.length === 0 || new Decimal(totals.gross).isZero()) {
    if (req.over === 'refuse')
      throw new DomainError(409, 'nothing_to_credit', `nothing is left to credit on invoice ${number}`, [{ field: 'lines', message: 'credits nothing' }]);
    return null;
  }
  const now = new Date();
  // A final invoice's lines bill the order, not a delivery note: they name none.
  const deliveryNoteNumbers = [...new Set(lines.map((l) => l.deliveryNoteNumber).filter((n): n is string => !!n))];
  const before = invoice.status;
  invoice.creditedAmount = new Decimal(invoice.creditedAmount).minus(totals.gross).toString();
  // What the note credits beyond what was open (the customer paid it already) becomes the customer's credit balance,
  // usable on the next invoice or refunded from there, never a negative open amount.
  const excess = balanceOfRow(invoice).refundable;
  const rk = await writeCorrection(
    tx,
    invoice,
    { kind: 'credit_note', lines, totals, reason: req.reason, deliveryNoteNumbers, excess, ...(req.returnNumber ? { returnNumber: req.returnNumber } : {}) },
    now,
  );
  if (excess.gt(0)) {
    invoice.balanceCredit = new Decimal(invoice.balanceCredit ?? 0).plus(excess).toString();
    await lockCreditBalance(tx, invoice.customer.id, invoice.currency);
    await bookCredit(tx, {
      customerId: invoice.customer.id,
      currency: invoice.currency,
      kind: 'credit_note',
      amount: excess,
      invoiceNumber: number,
      reference: rk.number,
      actor,
    });
  }
  if ((before === 'issued' || before === 'partially_paid') && balanceOfRow(invoice).open.isZero()) {
    invoice.status = invoiceStates.next(before, 'pay_fully');
    recordEvent(tx, InvoicePaid, { number, orderNumber: invoice.orderNumber, ...combinedOrders(invoice) });
  }
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: rk.number,
    action: 'issued',
    actor,
    details: { kind: 'credit_note', refersTo: number, gross: totals.gross, reason: req.reason, returnNumber: req.returnNumber ?? null },
  });
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: number,
    action: 'credited',
    actor,
    details: {
      creditNote: rk.number,
      gross: totals.gross,
      creditedAmount: toAmountString(invoice.creditedAmount, invoice.currency),
      toCreditBalance: toAmountString(excess, invoice.currency),
      status: invoice.status,
    },
  });
  return rk;
}

/** A credit note by API (accounting): refuses more than is left to credit on a line, with 409 naming the field. */
export async function createCreditNote(
  tx: Em,
  number: string,
  reason: string,
  lines: { invoicePosition: number; quantity?: string | undefined; netAmount?: string | undefined }[],
  actor?: Actor,
): Promise<Invoice> {
  const requests = lines.map((l, i) => ({
    invoicePosition: l.invoicePosition,
    ...(l.quantity !== undefined ? { quantity: l.quantity } : {}),
    ...(l.netAmount !== undefined ? { netAmount: l.netAmount } : {}),
    field: `lines[${i}]`,
  }));
  const rk = await issueCreditNote(tx, number, { reason, requests, over: 'refuse' }, actor);
  return loadInvoice(tx, rk!.number);
}

/**
 * Records money paid back against a correction: at most what the correction
 * credits less earlier refunds, and at most what payments and credit notes of
 * its invoice exceed the invoice's gross (money the customer never paid is not
 * paid back). Locks the invoice, so concurrent refunds queue. Answers the correction.
 */
export async function recordRefund(tx: Em, number: string, amount: string, refundedAt?: string, reference?: string, actor?: Actor): Promise<Invoice> {
  const correction = await tx.findOne(InvoiceEntity, { number });
  if (!correction) throw new DomainError(404, 'not_found', `correction ${number} not found`, [{ field: 'number', message: 'not found' }]);
  if (correction.refersTo == null || !(CORRECTION_KINDS as readonly string[]).includes(correction.kind))
    throw new ConflictError(`${number} is an invoice; refunds are recorded against its credit note`, 'not_a_correction');
  const invoice = await findForUpdate(tx, InvoiceEntity, { number: correction.refersTo }, `invoice ${correction.refersTo}`);
  const row = await findForUpdate(tx, InvoiceEntity, { number }, `correction ${number}`);
  const scale = moneyScaleProblem(amount, row.currency);
  if (scale) throw new ValidationError(`invalid amount: ${scale}`, [{ field: 'amount', message: scale }]);
  const left = refundableOf(row, invoice);
  if (new Decimal(amount).gt(left)) {
    const message = `the refund of ${amount} ${row.currency} is more than the ${toAmountString(left, row.currency)} ${row.currency} left to refund on ${number}`;
    throw new DomainError(409, 'exceeds_refundable', `${number}: ${message}`, [{ field: 'amount', message }]);
  }
  const booked = toAmountString(amount, row.currency);
  row.refundedAmount = new Decimal(row.refundedAmount).plus(booked).toString();
  invoice.refundedAmount = new Decimal(invoice.refundedAmount).plus(booked).toString();
  tx.persist(
    tx.create(RefundEntity, {
      id: `ref_${randomUUID()}`,
      correctionNumber: number,
      amount: booked,
      refundedAt: refundedAt ?? berlinDate(new Date()),
      reference: reference ?? null,
      createdAt: new Date(),
    }),
  );
  recordEvent(tx, RefundRecorded, {
    correctionNumber: number,
    invoiceNumber: invoice.number,
    orderNumber: row.orderNumber,
    customerId: row.customer.id,
    amount: booked,
    currency: row.currency,
    amountBase: toBase(booked, row.exchangeRate),
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: number,
    action: 'refund_recorded',
    actor,
    details: { amount: booked, reference: reference ?? null },
  });
  return loadInvoice(tx, number);
}
