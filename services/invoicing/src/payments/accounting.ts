import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import type { Em } from '../../../../shared/db/orm.ts';
import type { creditBalanceRowSchema, openItemsOverviewSchema, ProviderPayment } from '../../../../shared/contracts/invoicing/index.ts';
import { recordAudit } from '../../../../shared/db/audit.ts';
import type { Actor } from '../../../../shared/contracts/common.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../../../shared/errors.ts';
import { moneyScaleProblem, toAmountString } from '../../../../shared/money.ts';
import { berlinDate } from '../../../../shared/dates.ts';
import { InvoiceEntity } from '../entities.ts';
import { findProviderPayment } from './provider.service.ts';

type Overview = z.infer<typeof openItemsOverviewSchema>;

/**
 * Accounting's overview of open items across customers (Offene-Posten-Liste): per customer and currency the
 * invoices with something open (gross − paid − Skonto granted − credited), what of it is overdue, the oldest
 * due date. Most overdue first, then most open. Summed in PostgreSQL (exact numerics, the same formula as
 * `balanceOfRow`), so the page costs one grouped row per customer however many invoices are open.
 */
export async function openItemsOverview(em: Em, q: { overdue?: boolean | undefined }, now = new Date()): Promise<Overview> {
  const asOf = berlinDate(now);
  const rows = await em.execute<
    {
      customer_id: string;
      customer_number: string;
      customer_name: string;
      currency: string;
      invoices: number;
      open: string;
      overdue: string;
      oldest: string;
      max_days: number;
    }[]
  >(
    `with open_invoice as (
       select customer->>'id' as customer_id, customer->>'number' as customer_number, customer->>'name' as customer_name,
              currency, due_date, created_at,
              greatest((totals->>'gross')::numeric - paid_amount - coalesce(discount_amount, 0) - credited_amount, 0) as open
         from invoice
        where status in ('issued', 'partially_paid') and refers_to is null)
     select customer_id, currency, count(*)::int as invoices, sum(open)::text as open,
            coalesce(sum(open) filter (where due_date < ?::date), 0)::text as overdue,
            min(due_date)::text as oldest, greatest(max(?::date - due_date), 0)::int as max_days,
            (array_agg(customer_number order by created_at desc))[1] as customer_number,
            (array_agg(customer_name order by created_at desc))[1] as customer_name
       from open_invoice
      where open > 0
      group by customer_id, currency
     ${q.overdue ? 'having min(due_date) < ?::date' : ''}`,
    q.overdue ? [asOf, asOf, asOf] : [asOf, asOf],
  );
  const items = rows
    .map((r) => ({ ...r, openD: new Decimal(r.open), overdueD: new Decimal(r.overdue) }))
    .sort((a, b) => b.overdueD.comparedTo(a.overdueD) || b.openD.comparedTo(a.openD) || a.customer_number.localeCompare(b.customer_number))
    .map((r) => ({
      customerId: r.customer_id,
      customerNumber: r.customer_number,
      customerName: r.customer_name,
      currency: r.currency,
      invoices: r.invoices,
      openAmount: toAmountString(r.openD, r.currency),
      overdueAmount: toAmountString(r.overdueD, r.currency),
      oldestDueDate: r.oldest,
      maxDaysOverdue: r.max_days,
    }));
  return { asOf, items };
}

/** Every positive credit balance, largest first, with the customer's number and name from their latest invoice. */
export async function allCreditBalances(em: Em): Promise<z.infer<typeof creditBalanceRowSchema>[]> {
  const rows = await em.execute<{ customer_id: string; currency: string; balance: string; number: string | null; name: string | null }[]>(
    `select b.customer_id, b.currency, b.balance::text as balance, c.number, c.name
       from credit_balance b
       left join lateral (select customer->>'number' as number, customer->>'name' as name from invoice
                           where customer->>'id' = b.customer_id order by created_at desc limit 1) c on true
      where b.balance > 0
      order by b.balance desc, b.customer_id, b.currency`,
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    customerNumber: r.number,
    customerName: r.name,
    currency: r.currency,
    balance: toAmountString(r.balance, r.currency),
  }));
}

/**
 * Accounting matches an unmatched provider payment to an invoice by hand: the invoice must exist, be payable and
 * be in the payment's currency. The payment becomes matched (the gateway then books it through the sale, which marks
 * it booked); a payment that is not unmatched any more answers 409.
 */
export async function assignProviderPayment(tx: Em, eventId: string, invoiceNumber: string, actor?: Actor): Promise<ProviderPayment> {
  const [locked] = await tx.execute<{ status: string }[]>(`select status from provider_payment where event_id = ? for update`, [eventId]);
  if (!locked) throw new NotFoundError(`provider payment ${eventId} not found`, 'eventId');
  const payment = (await findProviderPayment(tx, eventId))!;
  if (payment.status !== 'unmatched') throw new ConflictError(`payment ${eventId} is ${payment.status}, not unmatched`, 'not_unmatched');
  const invoice = await tx.findOne(InvoiceEntity, { number: invoiceNumber });
  const refuse = (message: string) => new ValidationError(message, [{ field: 'invoiceNumber', message }]);
  if (!invoice || invoice.refersTo) throw refuse(`no invoice ${invoiceNumber}`);
  if (invoice.currency !== payment.currency) throw refuse(`invoice ${invoiceNumber} is in ${invoice.currency}, the payment in ${payment.currency}`);
  if (moneyScaleProblem(payment.amount, invoice.currency)) throw refuse(`the amount has more decimals than ${invoice.currency} has`);
  if (invoice.status === 'paid' || invoice.status === 'cancelled') {
    throw new DomainError(409, 'invoice_not_payable', `invoice ${invoiceNumber} is ${invoice.status}`, [
      { field: 'invoiceNumber', message: `is ${invoice.status}` },
    ]);
  }
  await tx.execute(`update provider_payment set status = 'matched', invoice_number = ?, reason = null where event_id = ?`, [invoiceNumber, eventId], 'run');
  await recordAudit(tx, {
    aggregateType: 'provider_payment',
    aggregateId: eventId,
    action: 'matched_by_hand',
    actor,
    details: { invoiceNumber, amount: payment.amount, currency: payment.currency, previousReason: payment.reason },
  });
  return (await findProviderPayment(tx, eventId))!;
}
