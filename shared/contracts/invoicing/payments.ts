import { z } from 'zod';
import { boundedDecimal, currencyCode, documentNumber, identifier, text, AMOUNT_INTEGER_DIGITS, AMOUNT_SCALE } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';
import { pageOf, paging } from '../lists.ts';
import { replyFields as f } from '../common.ts';
import { earlyPaymentDiscountReply } from '../payment-terms.ts';

/**
 * The invoicing context's payment side beyond the single invoice: the customers' credit
 * balances (over-payments), open items, and payments reported by the payment provider.
 */

const amountField = (description: string) =>
  boundedDecimal({
    integerDigits: AMOUNT_INTEGER_DIGITS,
    scale: AMOUNT_SCALE,
    sign: 'positive',
    description: `${description} (> 0), at most the currency's minor digits`,
  });

/** `POST /customers/{id}/credit/apply`: use the credit balance as a payment on an invoice of the customer. */
export const creditApplySchema = z.object({
  invoiceNumber: documentNumber,
  /** Omitted: as much as the balance and the invoice's open amount allow. */
  amount: amountField('Amount of credit to use; at most the balance in the invoice currency and the open amount (else 409)').optional(),
});

/** `POST /customers/{id}/credit/refunds`: pay credit back to the customer. */
export const creditRefundSchema = z.object({
  currency: currencyCode,
  amount: amountField('Amount refunded; at most the balance in that currency (else 409)'),
  /** The bank transfer's reference, e.g. "Erstattung Guthaben K-1001". */
  reference: text(200),
});

/** excess: an over-payment's rest; credit_note: what a credit note credits beyond the invoice's open amount; applied, refund: uses. */
export const CREDIT_ENTRY_KINDS = ['excess', 'credit_note', 'applied', 'refund'] as const;

export const creditEntrySchema = z.object({
  id: f.ref,
  /** excess: an over-payment added to the balance; applied: used on an invoice; refund: paid back. */
  kind: z.enum(CREDIT_ENTRY_KINDS),
  currency: f.currency,
  /** Signed: positive adds to the balance, negative takes from it. */
  amount: f.decimal,
  paymentId: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  reference: z.string().nullable(),
  createdAt: f.timestamp,
  createdBy: z.string(),
});

export const creditBalanceSchema = z.object({ currency: f.currency, balance: f.decimal });

/** A customer's credit account: balance per currency and the ledger it is the sum of. */
export const creditAccountSchema = z.object({
  customerId: f.ref,
  balances: z.array(creditBalanceSchema),
  entries: z.array(creditEntrySchema),
});
export type CreditAccount = z.infer<typeof creditAccountSchema>;

/** One open item: an invoice with an open amount. */
export const openItemSchema = z.object({
  invoiceNumber: f.ref,
  orderNumber: f.ref,
  currency: f.currency,
  gross: f.decimal,
  paidAmount: f.decimal,
  openAmount: f.decimal,
  dueDate: f.date,
  /** Days past the due date (Europe/Berlin), 0 when not yet due. */
  daysOverdue: z.number().int().min(0),
  /** The Skonto still to be had by paying by `until`, else null. */
  earlyPaymentDiscount: earlyPaymentDiscountReply.nullable(),
});

export const openItemsSchema = z.object({
  customerId: f.ref,
  /** The Berlin date the items were computed for. */
  asOf: f.date,
  items: z.array(openItemSchema),
  creditBalances: z.array(creditBalanceSchema),
});
export type OpenItems = z.infer<typeof openItemsSchema>;

/** A payment reported by the payment provider's webhook (event type `payment.received`). */
export const providerPaymentEventSchema = z.object({
  /** The provider's event id: the same id twice records one payment. */
  id: text(200),
  type: z.literal('payment.received'),
  data: z.object({
    amount: amountField('Amount received'),
    currency: currencyCode,
    /** Value date (YYYY-MM-DD); a Skonto is granted by it. */
    receivedAt: z.iso.date(),
    /** The transfer's reference text; the invoice number in it (RE-YYYY-NNNNN) matches the payment. */
    reference: text(500, { min: 0 }),
    payerName: text(200, { min: 0 }).optional(),
  }),
});
export type ProviderPaymentEvent = z.infer<typeof providerPaymentEventSchema>;

export const PROVIDER_PAYMENT_STATUSES = ['matched', 'booked', 'unmatched'] as const;

/** What became of a provider's payment: matched to an invoice (booked once the sale recorded it) or kept as unmatched. */
export const providerPaymentSchema = z.object({
  eventId: f.ref,
  status: z.enum(PROVIDER_PAYMENT_STATUSES),
  amount: f.decimal,
  currency: f.currency,
  receivedAt: f.date,
  reference: z.string(),
  payerName: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  paymentId: z.string().nullable(),
  /** Why it is unmatched (no invoice number in the reference, unknown invoice, other currency, invoice not payable). */
  reason: z.string().nullable(),
  receivedEventAt: f.timestamp,
});
export type ProviderPayment = z.infer<typeof providerPaymentSchema>;

export const unmatchedListQuery = z.object({ ...paging });

/** One customer's open items in one currency, for accounting's overview across customers. */
export const customerOpenItemsSchema = z.object({
  customerId: f.ref,
  customerNumber: f.ref,
  customerName: z.string(),
  currency: f.currency,
  /** Invoices with something open. */
  invoices: z.number().int().min(1),
  openAmount: f.decimal,
  /** Of the open amount: what is past its due date (Europe/Berlin). */
  overdueAmount: f.decimal,
  oldestDueDate: f.date,
  maxDaysOverdue: z.number().int().min(0),
});

export const openItemsOverviewQuery = z.object({
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .or(z.boolean())
    .optional()
    .describe('true: only customers with something overdue'),
});

export const openItemsOverviewSchema = z.object({
  /** The Berlin date the amounts were computed for. */
  asOf: f.date,
  /** Customers with the most overdue first, then the most open. */
  items: z.array(customerOpenItemsSchema),
});

/** A customer's credit balance in one currency (over-payments not yet applied or refunded). */
export const creditBalanceRowSchema = z.object({
  customerId: f.ref,
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  currency: f.currency,
  balance: f.decimal,
});

/** Accounting matches an unmatched provider payment to an invoice by hand. */
export const assignPaymentBody = z.object({ invoiceNumber: documentNumber });

const byCustomer = z.object({ customerId: identifier });

export const PaymentCommands = {
  /** A customer's credit balances and ledger. */
  credit: defineCommand('invoicing.credit.get', byCustomer, creditAccountSchema),
  /** Pays credit back; refused (409) above the balance. */
  refund: defineCommand('invoicing.credit.refund', creditRefundSchema.extend({ customerId: identifier, ...keyed }), creditAccountSchema),
  /** The customer's open invoices with due dates, overdue days, Skonto, and the credit balances. */
  openItems: defineCommand('invoicing.openitems.get', byCustomer, openItemsSchema),
  /** Records a provider's payment once per event id and matches it to an invoice by the reference; a repeat answers the first record. */
  receive: defineCommand(
    'invoicing.provider.receive',
    z.object({
      eventId: text(200),
      amount: amountField('Amount received'),
      currency: currencyCode,
      receivedAt: z.iso.date(),
      reference: text(500, { min: 0 }),
      payerName: text(200, { min: 0 }).optional(),
    }),
    providerPaymentSchema,
  ),
  /** A matched provider payment the sale refused (the invoice is paid or cancelled): kept as unmatched for accounting. */
  unmatch: defineCommand('invoicing.provider.unmatch', z.object({ eventId: text(200), reason: text(500) }), providerPaymentSchema),
  /** Provider payments not matched to an invoice, newest first. */
  unmatched: defineCommand('invoicing.provider.unmatched', unmatchedListQuery, pageOf(providerPaymentSchema)),
  /** Every customer with open items, per currency: open and overdue amounts, oldest due date. */
  openItemsOverview: defineCommand('invoicing.openitems.overview', openItemsOverviewQuery, openItemsOverviewSchema),
  /** Every positive credit balance, largest first. */
  creditBalances: defineCommand('invoicing.credit.balances', z.object({}), z.array(creditBalanceRowSchema)),
  /** Matches an unmatched provider payment to a payable invoice of its currency (then booked through the sale like a webhook payment). */
  assign: defineCommand('invoicing.provider.assign', assignPaymentBody.extend({ eventId: text(200), ...keyed }), providerPaymentSchema),
  /** One provider payment by event id. */
  providerGet: defineCommand('invoicing.provider.get', z.object({ eventId: text(200) }), providerPaymentSchema),
};
