import { z } from 'zod';
import { boundedDecimal, documentNumber, quantity, text, AMOUNT_INTEGER_DIGITS, AMOUNT_SCALE } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { byNumber, cancelSchema, keyed } from '../schemas.ts';
import { checkRange, documentFilters, pageOf, paging } from '../lists.ts';
import { INVOICE_KINDS, INVOICE_STATUSES, PAYMENT_KINDS, invoiceSchema } from './types.ts';

/** The invoicing context's commands and queries: invoices and payments. */

export const invoiceRequestSchema = z.object({
  deliveryNoteNumbers: z.array(documentNumber).min(1).max(500),
  /** true: a draft (editable, no number, preview PDF) that is issued explicitly; default: issued at once. */
  draft: z.boolean().optional(),
  /** Free text printed below the positions (drafts; edit it on the draft). */
  remark: text(2000, { min: 0, multiline: true }).optional(),
  /**
   * The customer the notes must belong to. Notes of several orders of one customer (or any notes with
   * customerId) make one combined invoice (Sammelrechnung) when currency, payment terms and tax case match.
   */
  customerId: z.string().min(1).max(60).optional(),
});

/** Where a combined invoice's parts belong: per order its sale and the notes it bills. */
export const combinedInvoiceReply = z.object({
  invoice: invoiceSchema,
  parts: z.array(z.object({ orderNumber: documentNumber, saleNumber: documentNumber, deliveryNoteNumbers: z.array(documentNumber) })),
});
export type CombinedInvoiceReply = z.infer<typeof combinedInvoiceReply>;

export const paymentSchema = z.object({
  /** Checked against the invoice: at most its currency's minor digits; above the open amount the rest becomes the customer's credit. */
  amount: boundedDecimal({
    integerDigits: AMOUNT_INTEGER_DIGITS,
    scale: AMOUNT_SCALE,
    sign: 'positive',
    description:
      'Amount received (> 0) in the invoice currency, with at most its minor digits (EUR 2, JPY 0, KWD 3); what exceeds the open amount becomes a credit balance of the customer',
  }),
  receivedAt: z.iso.date().optional(),
  reference: text(200, { min: 0 }).optional(),
});

/** A money amount in the document's currency (> 0, at most its minor digits, checked by the service). */
const moneyAmount = (description: string) => boundedDecimal({ integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE, sign: 'positive', description });

/** One line of a credit note by API: which invoice line, and either a quantity coming back or a net price reduction. */
export const creditNoteLineSchema = z
  .object({
    invoicePosition: z.number().int().min(1).describe('position of the line on the invoice'),
    quantity: quantity.optional().describe("quantity credited at the invoice line's price (at most what is left to credit on the line, else 409)"),
    netAmount: moneyAmount('net price reduction of the line in the invoice currency (at most the net left to credit on the line, else 409)').optional(),
  })
  .superRefine((l, ctx) => {
    if ((l.quantity === undefined) === (l.netAmount === undefined))
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'give either quantity or netAmount' });
  });

/** A credit note (Rechnungskorrektur) for price reductions or returns, by API. */
export const creditNoteRequestSchema = z.object({
  reason: text(500, { min: 3, multiline: true }),
  lines: z.array(creditNoteLineSchema).min(1).max(500),
});

/** A refund (money paid back) against a correction. */
export const refundRequestSchema = z.object({
  amount: moneyAmount("Amount paid back (> 0) in the correction's currency; at most what is left to refund (else 409)"),
  refundedAt: z.iso.date().optional(),
  reference: text(200, { min: 0 }).optional(),
});

/** Where a payment comes from: a transfer (default, possibly reported by the provider's event) or the customer's credit balance. */
export const paymentSource = {
  kind: z.enum(PAYMENT_KINDS).optional(),
  providerEventId: text(200).optional(),
};

export const invoiceListQuery = z
  .object({
    ...paging,
    ...documentFilters,
    status: z.enum(INVOICE_STATUSES).optional().describe('payment status'),
    kind: z.enum(INVOICE_KINDS).optional().describe('invoice, or a correction: cancellation (ST), credit_note (RK)'),
    refersTo: documentNumber.optional().describe('corrections of this invoice'),
    orderNumber: documentNumber.optional(),
  })
  .superRefine(checkRange);

export const InvoicingCommands = {
  /**
   * The caller names the order and the notes to bill; what was ordered at which price, and what
   * was shipped, come from the order and fulfillment services.
   */
  create: defineCommand(
    'invoicing.invoice.create',
    z.object({ orderNumber: documentNumber, deliveryNoteNumbers: z.array(documentNumber).min(1).max(200), ...keyed }),
    invoiceSchema,
  ),
  /**
   * One invoice (Sammelrechnung) of shipped notes of several orders of one customer: one number, lines
   * grouped per order; refused (nothing written, the field named) when customer, currency, rate, terms or
   * tax case differ, a note is not shipped or is billed already.
   */
  createCombined: defineCommand(
    'invoicing.invoice.create_combined',
    z.object({ deliveryNoteNumbers: z.array(documentNumber).min(1).max(200), customerId: z.string().min(1).max(60).optional(), ...keyed }),
    combinedInvoiceReply,
  ),
  get: defineCommand('invoicing.invoice.get', byNumber, invoiceSchema),
  list: defineCommand('invoicing.invoice.list', invoiceListQuery, pageOf(invoiceSchema)),
  /** A down-payment or progress invoice for one item of the order's billing plan (read from the order service). */
  billPlanItem: defineCommand(
    'invoicing.invoice.bill_plan_item',
    z.object({
      orderNumber: documentNumber,
      itemKey: z.string().min(1).max(40),
      overrideReason: text(500, { min: 3, multiline: true }).optional(),
      ...keyed,
    }),
    invoiceSchema,
  ),
  /** The final invoice of an order: the whole order less every earlier invoice. */
  billFinal: defineCommand('invoicing.invoice.bill_final', z.object({ orderNumber: documentNumber, ...keyed }), invoiceSchema),
  /** Cancels an unpaid invoice by a cancellation invoice (ST); answers the original with the ST in `corrections`. */
  cancel: defineCommand('invoicing.invoice.cancel', cancelSchema.extend({ number: documentNumber, ...keyed }), invoiceSchema),
  /** Issues a credit note (RK) for lines of an invoice; answers the credit note. */
  creditNote: defineCommand('invoicing.credit_note.create', creditNoteRequestSchema.extend({ number: documentNumber, ...keyed }), invoiceSchema),
  /** Records a refund against a correction; answers the correction. */
  recordRefund: defineCommand('invoicing.refund.record', refundRequestSchema.extend({ number: documentNumber, ...keyed }), invoiceSchema),
  recordPayment: defineCommand('invoicing.payment.record', paymentSchema.extend({ number: documentNumber, ...paymentSource, ...keyed }), invoiceSchema),
};
