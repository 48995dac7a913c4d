import { z } from 'zod';
import { boundedDecimal, decimalString } from '../validation.ts';

/**
 * Early-payment discount terms (Skonto), e.g. "2 % within 7 days", besides the net payment days.
 * Owned by the customer (quote service), snapshotted onto quote and order, and applied by invoicing.
 */
export const earlyPaymentTermsSchema = z.object({
  percent: boundedDecimal({ integerDigits: 2, scale: 2, sign: 'positive', max: '99.99', description: 'Skonto percent (> 0, below 100)' }),
  /** Days after the invoice date within which a payment earns the discount. */
  days: z.number().int().min(1).max(365),
});
export type EarlyPaymentTerms = z.infer<typeof earlyPaymentTermsSchema>;

/** The terms as replies carry them. */
export const earlyPaymentTermsReply = z.object({ percent: decimalString, days: z.number().int().min(1) });

/** The discount an invoice offers: its terms, the last day (Europe/Berlin), the discount and what is payable within the period. */
export const earlyPaymentDiscountReply = earlyPaymentTermsReply.extend({
  until: z.iso.date(),
  amount: decimalString,
  payableAmount: decimalString,
});
export type EarlyPaymentDiscount = z.infer<typeof earlyPaymentDiscountReply>;

/**
 * Skonto only makes sense within the net payment period: "2 % within 7 days, net 14 days". Terms whose discount
 * days reach the net days are refused (the message for the field `earlyPaymentDiscount.days`); null when fine.
 */
export function skontoTermsProblem(terms: { days: number } | null | undefined, paymentTermsDays: number): string | null {
  return terms && terms.days >= paymentTermsDays ? `must be fewer than the ${paymentTermsDays} net payment days` : null;
}
