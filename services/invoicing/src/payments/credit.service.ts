import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Em } from '../../../../shared/db/orm.ts';
import type { Actor } from '../../../../shared/contracts/common.ts';
import type { CreditAccount } from '../../../../shared/contracts/invoicing/index.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../../../shared/db/audit.ts';
import { DomainError, ValidationError } from '../../../../shared/errors.ts';
import { moneyScaleProblem, toAmountString } from '../../../../shared/money.ts';

/**
 * The customers' credit balances (Guthaben) per currency, kept as a ledger: an over-payment adds
 * its excess, a credit note what it credits beyond the invoice's open amount, using credit on an invoice or refunding it takes from it. The balance row is locked
 * (FOR UPDATE) by every change, so concurrent uses of one balance queue and never overdraw it; a
 * table check (balance >= 0) stands behind that.
 */

export type CreditEntryKind = 'excess' | 'credit_note' | 'applied' | 'refund';

/** The balance of a customer in a currency, locked for the caller's transaction (created at 0 when there is none). */
export async function lockCreditBalance(tx: Em, customerId: string, currency: string): Promise<Decimal> {
  await tx.execute(`insert into credit_balance (customer_id, currency, balance) values (?, ?, 0) on conflict do nothing`, [customerId, currency], 'run');
  const [row] = await tx.execute<{ balance: string }[]>(`select balance from credit_balance where customer_id = ? and currency = ? for update`, [
    customerId,
    currency,
  ]);
  return new Decimal(row!.balance);
}

/** Books one ledger entry and moves the (locked) balance by its signed amount. */
export async function bookCredit(
  tx: Em,
  e: {
    customerId: string;
    currency: string;
    kind: CreditEntryKind;
    amount: Decimal;
    paymentId?: string | null;
    invoiceNumber?: string | null;
    reference?: string | null;
    actor?: Actor | undefined;
  },
): Promise<void> {
  await tx.execute(
    `update credit_balance set balance = balance + ? where customer_id = ? and currency = ?`,
    [e.amount.toString(), e.customerId, e.currency],
    'run',
  );
  await tx.execute(
    `insert into credit_entry (id, customer_id, currency, kind, amount, payment_id, invoice_number, reference, created_at, created_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp(), ?)`,
    [
      `cre_${randomUUID()}`,
      e.customerId,
      e.currency,
      e.kind,
      e.amount.toString(),
      e.paymentId ?? null,
      e.invoiceNumber ?? null,
      e.reference ?? null,
      (e.actor ?? SYSTEM_ACTOR).id,
    ],
    'run',
  );
}

/** Refuses an amount above the balance with 409 naming `amount`. */
export function requireBalance(balance: Decimal, amount: Decimal.Value, currency: string): void {
  if (new Decimal(amount).gt(balance)) {
    const message = `${toAmountString(amount, currency)} ${currency} is more than the credit balance of ${toAmountString(balance, currency)} ${currency}`;
    throw new DomainError(409, 'exceeds_credit_balance', message, [{ field: 'amount', message }]);
  }
}

/** Pays credit back to the customer (the transfer's reference is kept on the entry). */
export async function refundCredit(tx: Em, customerId: string, currency: string, amount: string, reference: string, actor?: Actor): Promise<CreditAccount> {
  const scale = moneyScaleProblem(amount, currency);
  if (scale) throw new ValidationError(`invalid amount: ${scale}`, [{ field: 'amount', message: scale }]);
  const balance = await lockCreditBalance(tx, customerId, currency);
  requireBalance(balance, amount, currency);
  await bookCredit(tx, { customerId, currency, kind: 'refund', amount: new Decimal(amount).neg(), reference, actor });
  await recordAudit(tx, { aggregateType: 'credit', aggregateId: customerId, action: 'credit_refunded', actor, details: { currency, amount, reference } });
  return creditAccount(tx, customerId);
}

/** Balances per currency (also those back at 0) and every ledger entry, oldest first. */
export async function creditAccount(em: Em, customerId: string): Promise<CreditAccount> {
  return { customerId, balances: await creditBalances(em, customerId), entries: await creditEntries(em, customerId) };
}

export async function creditBalances(em: Em, customerId: string): Promise<CreditAccount['balances']> {
  const rows = await em.execute<{ currency: string; balance: string }[]>(
    `select currency, balance from credit_balance where customer_id = ? order by currency`,
    [customerId],
  );
  return rows.map((r) => ({ currency: r.currency, balance: toAmountString(r.balance, r.currency) }));
}

async function creditEntries(em: Em, customerId: string): Promise<CreditAccount['entries']> {
  const rows = await em.execute<
    {
      id: string;
      kind: CreditEntryKind;
      currency: string;
      amount: string;
      payment_id: string | null;
      invoice_number: string | null;
      reference: string | null;
      created_at: Date;
      created_by: string;
    }[]
  >(
    `select id, kind, currency, amount, payment_id, invoice_number, reference, created_at, created_by
     from credit_entry where customer_id = ? order by created_at, id`,
    [customerId],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    currency: r.currency,
    amount: toAmountString(r.amount, r.currency),
    paymentId: r.payment_id,
    invoiceNumber: r.invoice_number,
    reference: r.reference,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
  }));
}
