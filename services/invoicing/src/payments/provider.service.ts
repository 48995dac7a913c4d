import type { Em } from '../../../../shared/db/orm.ts';
import type { ProviderPayment } from '../../../../shared/contracts/invoicing/index.ts';
import type { Page } from '../../../../shared/contracts/lists.ts';
import { recordAudit } from '../../../../shared/db/audit.ts';
import { NotFoundError } from '../../../../shared/errors.ts';
import { moneyScaleProblem, toAmountString } from '../../../../shared/money.ts';
import { InvoiceEntity } from '../entities.ts';
import { invoiceNumbersIn } from './reference.ts';

/**
 * Payments the payment provider reports (webhook). Each provider event is recorded once (its id is
 * the key), matched to an invoice by the invoice number in the reference text, or kept as unmatched
 * for accounting rather than lost. A matched payment is booked by the sale (the gateway sends it
 * through the sale's Update); recordPayment marks the event booked in the same transaction.
 */

interface ProviderRow {
  event_id: string;
  status: ProviderPayment['status'];
  amount: string;
  currency: string;
  received_at: string | Date;
  reference: string;
  payer_name: string | null;
  invoice_number: string | null;
  payment_id: string | null;
  reason: string | null;
  created_at: Date;
}

const COLUMNS = `event_id, status, amount, currency, to_char(received_at, 'YYYY-MM-DD') as received_at, reference, payer_name, invoice_number, payment_id, reason, created_at`;

function providerJson(r: ProviderRow): ProviderPayment {
  return {
    eventId: r.event_id,
    status: r.status,
    amount: toAmountString(r.amount, r.currency),
    currency: r.currency,
    receivedAt: String(r.received_at),
    reference: r.reference,
    payerName: r.payer_name,
    invoiceNumber: r.invoice_number,
    paymentId: r.payment_id,
    reason: r.reason,
    receivedEventAt: new Date(r.created_at).toISOString(),
  };
}

export interface ProviderPaymentInput {
  eventId: string;
  amount: string;
  currency: string;
  receivedAt: string;
  reference: string;
  payerName?: string | undefined;
}

/** Which invoice a provider payment belongs to, or why none: the first invoice number in the reference that exists, is payable and in the payment's currency. */
export async function matchInvoice(
  em: Em,
  p: Pick<ProviderPaymentInput, 'reference' | 'currency' | 'amount'>,
): Promise<{ invoiceNumber: string | null; reason: string | null }> {
  const numbers = invoiceNumbersIn(p.reference);
  if (numbers.length === 0) return { invoiceNumber: null, reason: 'no invoice number in the reference' };
  const invoices = await em.find(InvoiceEntity, { number: { $in: numbers } });
  let reason = `no invoice ${numbers.join(', ')}`;
  for (const number of numbers) {
    const inv = invoices.find((i) => i.number === number);
    if (!inv) continue;
    if (inv.currency !== p.currency) reason = `invoice ${number} is in ${inv.currency}, the payment in ${p.currency}`;
    else if (inv.status === 'paid' || inv.status === 'cancelled') reason = `invoice ${number} is ${inv.status}`;
    else if (moneyScaleProblem(p.amount, inv.currency)) reason = `the amount has more decimals than ${inv.currency} has`;
    else return { invoiceNumber: number, reason: null };
  }
  return { invoiceNumber: null, reason };
}

/**
 * Records a provider payment once: the first delivery of an event id inserts it (matched or
 * unmatched), every later one answers that record as it stands now. Concurrent duplicates queue on
 * the primary key's insert.
 */
export async function receiveProviderPayment(tx: Em, p: ProviderPaymentInput): Promise<ProviderPayment> {
  const existing = await findProviderPayment(tx, p.eventId);
  if (existing) return existing;
  const match = await matchInvoice(tx, p);
  const inserted = await tx.execute<{ event_id: string }[]>(
    `insert into provider_payment (event_id, status, amount, currency, received_at, reference, payer_name, invoice_number, reason, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp()) on conflict (event_id) do nothing returning event_id`,
    [
      p.eventId,
      match.invoiceNumber ? 'matched' : 'unmatched',
      p.amount,
      p.currency,
      p.receivedAt,
      p.reference,
      p.payerName ?? null,
      match.invoiceNumber,
      match.reason,
    ],
  );
  if (inserted.length && !match.invoiceNumber) {
    await recordAudit(tx, {
      aggregateType: 'provider_payment',
      aggregateId: p.eventId,
      action: 'unmatched',
      details: { amount: p.amount, currency: p.currency, reference: p.reference, reason: match.reason },
    });
  }
  return (await findProviderPayment(tx, p.eventId))!;
}

/** A matched payment the sale refused (its invoice got paid or cancelled meanwhile): kept as unmatched, with the reason. */
export async function unmatchProviderPayment(tx: Em, eventId: string, reason: string): Promise<ProviderPayment> {
  await tx.execute(`update provider_payment set status = 'unmatched', reason = ? where event_id = ? and status = 'matched'`, [reason, eventId], 'run');
  const row = await findProviderPayment(tx, eventId);
  if (!row) throw new NotFoundError(`provider payment ${eventId} not found`, 'eventId');
  return row;
}

export async function findProviderPayment(em: Em, eventId: string): Promise<ProviderPayment | null> {
  const [row] = await em.execute<ProviderRow[]>(`select ${COLUMNS} from provider_payment where event_id = ?`, [eventId]);
  return row ? providerJson(row) : null;
}

/** Unmatched provider payments, newest first. */
export async function listUnmatched(em: Em, q: { limit: number; offset: number }): Promise<Page<ProviderPayment>> {
  const rows = await em.execute<ProviderRow[]>(
    `select ${COLUMNS} from provider_payment where status = 'unmatched' order by created_at desc, event_id limit ? offset ?`,
    [q.limit + 1, q.offset],
  );
  const hasMore = rows.length > q.limit;
  return { items: rows.slice(0, q.limit).map(providerJson), hasMore, nextOffset: hasMore ? q.offset + q.limit : null };
}
