import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Em } from '../../../../shared/db/orm.ts';
import type { Actor } from '../../../../shared/contracts/common.ts';
import type { Invoice, PaymentKind } from '../../../../shared/contracts/invoicing/index.ts';
import { InvoicePaid, PaymentRecorded } from '../../../../shared/contracts/invoicing/events.ts';
import { recordEvent } from '../../../../shared/db/outbox.ts';
import { recordAudit } from '../../../../shared/db/audit.ts';
import { findForUpdate } from '../../../../shared/db/lock.ts';
import { ConflictError, DomainError, ValidationError } from '../../../../shared/errors.ts';
import { moneyScaleProblem, toAmountString } from '../../../../shared/money.ts';
import { berlinDate } from '../../../../shared/dates.ts';
import { toBase } from '../../../../shared/pricing.ts';
import { InvoiceEntity, PaymentEntity } from '../entities.ts';
import { invoiceStates } from '../domain/invoice.ts';
import { combinedOrders, loadInvoice } from '../invoice.service.ts';
import { currentOffer, lessCredited, splitPayment, splitDiscount } from './skonto.ts';
import { bookCredit, lockCreditBalance, requireBalance } from './credit.service.ts';

export interface PaymentInput {
  number: string;
  amount: string;
  receivedAt?: string | undefined;
  reference?: string | undefined;
  /** transfer (default): money received; credit: taken from the customer's credit balance. */
  kind?: PaymentKind | undefined;
  /** The payment provider's event this payment books (webhook): marks that event booked in the same transaction. */
  providerEventId?: string | undefined;
  actor?: Actor | undefined;
}

/**
 * Records a payment on an invoice. The invoice row is locked first, so concurrent payments queue and
 * each re-reads what is paid. The invoice is paid up to its open amount, never beyond: the excess of
 * an over-payment goes to the customer's credit balance (ledger entry "excess from payment X"). A
 * payment received by the Skonto date that brings the paid total to the payable amount settles the
 * invoice, the discount recorded with its split per VAT rate. A credit payment takes from the
 * customer's balance (locked) and may exceed neither it nor the open amount (409 naming `amount`).
 * A paid or cancelled invoice refuses any payment by its state (409).
 */
export async function recordPayment(tx: Em, input: PaymentInput): Promise<Invoice> {
  const { number, amount } = input;
  const kind = input.kind ?? 'transfer';
  const row = await findForUpdate(tx, InvoiceEntity, { number }, `invoice ${number}`);
  if (row.refersTo != null)
    throw new ConflictError(`${number} is a correction of ${row.refersTo}: it is not paid, money goes back by a refund`, 'not_an_invoice');
  const scale = moneyScaleProblem(amount, row.currency);
  if (scale) throw new ValidationError(`invalid amount: ${scale}`, [{ field: 'amount', message: scale }]);
  const receivedAt = input.receivedAt ?? berlinDate(new Date());
  // Credit notes lower what is payable: the invoice is settled at gross − credited.
  const state = { gross: new Decimal(row.totals.gross).minus(row.creditedAmount).toString(), paid: row.paidAmount, discount: row.discountAmount ?? '0' };
  // The Skonto applies to what credit notes left of the gross.
  const split = splitPayment(currentOffer(row.earlyPaymentDiscount, row.totals.gross, row.creditedAmount, row.currency), state, amount, receivedAt);
  // A paid or cancelled invoice is refused by its state first, with its own message.
  const status = invoiceStates.next(row.status, split.settles ? 'pay_fully' : 'pay_partially');
  const customerId = row.customer.id;
  if (kind === 'credit') {
    const balance = await lockCreditBalance(tx, customerId, row.currency);
    requireBalance(balance, amount, row.currency);
    if (split.excess.gt(0)) {
      const open = new Decimal(state.gross).minus(state.paid).minus(state.discount);
      const message = `${amount} ${row.currency} of credit is more than the open amount of ${toAmountString(open, row.currency)} ${row.currency}`;
      throw new DomainError(409, 'exceeds_open_amount', `invoice ${number}: ${message}`, [{ field: 'amount', message }]);
    }
  }
  row.status = status;
  row.paidAmount = new Decimal(row.paidAmount).plus(split.applied).toString();
  if (split.discount.gt(0)) {
    row.discountAmount = split.discount.toString();
    // After credit notes the discount is on what they left, so it splits over the rates as they stand now.
    const notes = new Decimal(row.creditedAmount).isZero() ? [] : await tx.find(InvoiceEntity, { refersTo: number, kind: 'credit_note' });
    row.discountGranted = splitDiscount(
      split.discount,
      lessCredited(
        row.totals,
        notes.map((n) => n.totals),
      ),
      row.currency,
    );
  }
  const booked = toAmountString(split.applied, row.currency);
  const paymentId = `pay_${randomUUID()}`;
  tx.persist(
    tx.create(PaymentEntity, {
      id: paymentId,
      invoiceNumber: number,
      amount: booked,
      receivedAt,
      reference: input.reference ?? null,
      kind,
      receivedAmount: toAmountString(amount, row.currency),
      discountAmount: split.discount.toString(),
      providerEventId: input.providerEventId ?? null,
      createdAt: new Date(),
    }),
  );
  await tx.flush();
  if (kind === 'credit') {
    await bookCredit(tx, {
      customerId,
      currency: row.currency,
      kind: 'applied',
      amount: new Decimal(booked).neg(),
      paymentId,
      invoiceNumber: number,
      actor: input.actor,
    });
  } else if (split.excess.gt(0)) {
    await lockCreditBalance(tx, customerId, row.currency);
    await bookCredit(tx, {
      customerId,
      currency: row.currency,
      kind: 'excess',
      amount: split.excess,
      paymentId,
      invoiceNumber: number,
      reference: input.reference ?? null,
      actor: input.actor,
    });
  }
  if (input.providerEventId) {
    await tx.execute(`update provider_payment set status = 'booked', payment_id = ? where event_id = ?`, [paymentId, input.providerEventId], 'run');
  }
  recordEvent(tx, PaymentRecorded, {
    invoiceNumber: number,
    orderNumber: row.orderNumber,
    ...combinedOrders(row),
    status: row.status === 'paid' ? 'paid' : 'partially_paid',
    amount: booked,
    currency: row.currency,
    customerId,
    amountBase: toBase(booked, row.exchangeRate),
    ...(split.discount.gt(0) ? { discountBase: toBase(split.discount.toString(), row.exchangeRate) } : {}),
  });
  if (row.status === 'paid') recordEvent(tx, InvoicePaid, { number, orderNumber: row.orderNumber, ...combinedOrders(row) });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: number,
    action: 'payment_recorded',
    actor: input.actor,
    details: {
      amount: booked,
      received: toAmountString(amount, row.currency),
      kind,
      excessToCredit: toAmountString(split.excess, row.currency),
      discount: toAmountString(split.discount, row.currency),
      reference: input.reference ?? null,
      providerEventId: input.providerEventId ?? null,
      status: row.status,
    },
  });
  return loadInvoice(tx, number);
}
