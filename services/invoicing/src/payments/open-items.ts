import { Decimal } from 'decimal.js';
import { currentOffer } from './skonto.ts';
import type { Em } from '../../../../shared/db/orm.ts';
import type { OpenItems } from '../../../../shared/contracts/invoicing/index.ts';
import { toAmountString } from '../../../../shared/money.ts';
import { berlinDate } from '../../../../shared/dates.ts';
import { InvoiceEntity } from '../entities.ts';
import { creditBalances } from './credit.service.ts';

/** Whole days from one Berlin date to a later one (0 when not later). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

/**
 * A customer's open items (Offene Posten): every issued or partly paid invoice with its open amount,
 * due date and days overdue (Europe/Berlin), and the Skonto still to be had when its last day has not
 * passed and nothing was granted yet; plus the customer's credit balances.
 */
export async function openItems(em: Em, customerId: string, now = new Date()): Promise<OpenItems> {
  const asOf = berlinDate(now);
  const rows = await em.find(
    InvoiceEntity,
    { customer: { id: customerId }, status: { $in: ['issued', 'partially_paid'] } },
    { orderBy: { dueDate: 'asc', number: 'asc' } },
  );
  const items = rows
    .map((r) => {
      const open = new Decimal(r.totals.gross)
        .minus(r.paidAmount)
        .minus(r.discountAmount ?? 0)
        .minus(r.creditedAmount);
      // After credit notes the Skonto is on what they left of the gross.
      const offer = currentOffer(r.earlyPaymentDiscount, r.totals.gross, r.creditedAmount, r.currency);
      const skonto =
        offer && asOf <= offer.until
          ? { ...offer, payableAmount: toAmountString(Decimal.max(0, new Decimal(offer.payableAmount).minus(r.paidAmount)), r.currency) }
          : null;
      return {
        invoiceNumber: r.number,
        orderNumber: r.orderNumber,
        currency: r.currency,
        gross: toAmountString(r.totals.gross, r.currency),
        paidAmount: toAmountString(r.paidAmount, r.currency),
        openAmount: toAmountString(open, r.currency),
        dueDate: r.dueDate,
        daysOverdue: daysBetween(r.dueDate, asOf),
        earlyPaymentDiscount: skonto,
      };
    })
    .filter((i) => new Decimal(i.openAmount).gt(0));
  return { customerId, asOf, items, creditBalances: await creditBalances(em, customerId) };
}
