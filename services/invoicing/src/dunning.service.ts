import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { DunningSettings, Reminder } from '../../../shared/contracts/invoicing/index.ts';
import { ReminderIssued } from '../../../shared/contracts/invoicing/events.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { InvoiceEntity } from './entities.ts';
import { BALANCE_FIELDS, balanceOfRow, loadInvoice } from './invoice.service.ts';
import { toAmountString } from '../../../shared/money.ts';
import { DEFAULT_DUNNING, daysBetween, interestRatePercent, reminderAmounts } from './domain/dunning.ts';

export async function dunningSettings(em: Em): Promise<DunningSettings> {
  const [row] = await em.execute<{ settings: DunningSettings }[]>(`select settings from dunning_settings where id = 1`);
  return row?.settings ?? DEFAULT_DUNNING;
}

export async function setDunningSettings(tx: Em, settings: DunningSettings, actor?: Actor): Promise<DunningSettings> {
  const before = await dunningSettings(tx);
  await tx.execute(
    `insert into dunning_settings (id, settings, updated_at) values (1, ?::jsonb, now()) on conflict (id) do update set settings = excluded.settings, updated_at = now()`,
    [JSON.stringify(settings)],
    'run',
  );
  await recordAudit(tx, { aggregateType: 'settings', aggregateId: 'dunning', action: 'dunning_settings_changed', actor, details: { before, after: settings } });
  return settings;
}

export type ReminderOutcome = { issued: boolean; reason: 'issued' | 'already_issued' | 'settled' | 'not_due'; reminder: Reminder | null };

/**
 * Issues the reminder of a level (MA series, gapless) for an invoice that is
 * past its due date and still open; once per invoice and level. A paid,
 * cancelled or fully credited invoice gets none: that is how payments and
 * credit notes stop dunning, whatever the timers still plan.
 */
export async function remind(
  tx: Em,
  input: { invoiceNumber: string; level?: number | undefined; customerType: 'business' | 'consumer'; actor?: Actor | undefined },
): Promise<ReminderOutcome> {
  // The invoice row is locked: a payment booked meanwhile either comes first (no reminder) or after (the reminder stands as issued).
  const [locked] = await tx.execute<{ number: string }[]>(`select number from invoice where number = ? for update`, [input.invoiceNumber]);
  if (!locked) throw new NotFoundError(`invoice ${input.invoiceNumber} not found`, 'invoiceNumber');
  const [reached] = await tx.execute<{ level: number }[]>(`select coalesce(max(level), 0)::int as level from reminder where invoice_number = ?`, [
    input.invoiceNumber,
  ]);
  const wanted = input.level ?? (reached?.level ?? 0) + 1;
  const [earlier] = await tx.execute<{ document: Reminder }[]>(`select document from reminder where invoice_number = ? and level = ?`, [
    input.invoiceNumber,
    wanted,
  ]);
  if (earlier) return { issued: false, reason: 'already_issued', reminder: earlier.document };
  const invoice = await loadInvoice(tx, input.invoiceNumber);
  const open = new Decimal(invoice.openAmount);
  if (invoice.status === 'cancelled' || invoice.status === 'paid' || !open.gt(0)) return { issued: false, reason: 'settled', reminder: null };
  const settings = await dunningSettings(tx);
  const level = settings.levels[wanted - 1];
  if (!level)
    throw new ValidationError(`dunning has ${settings.levels.length} levels`, [{ field: 'level', message: `must be 1 to ${settings.levels.length}` }]);
  const now = new Date();
  const issueDate = berlinDate(now);
  if (issueDate <= invoice.dueDate) return { issued: false, reason: 'not_due', reminder: null };
  const rate = interestRatePercent(settings, input.customerType);
  const amounts = reminderAmounts({ open, dueDate: invoice.dueDate, issueDate, ratePercent: rate, fee: level.fee, currency: invoice.currency });
  const reminder: Reminder = {
    number: await nextDocumentNumber(tx, 'MA', now),
    invoiceNumber: invoice.number,
    orderNumber: invoice.orderNumber,
    level: wanted,
    title: level.title,
    customer: invoice.customer,
    currency: invoice.currency,
    dueDate: invoice.dueDate,
    issueDate,
    daysOverdue: amounts.daysOverdue,
    openAmount: invoice.openAmount,
    interestRatePercent: rate.toString(),
    interest: amounts.interest,
    fee: amounts.fee,
    total: amounts.total,
    payBy: amounts.payBy,
    createdAt: now.toISOString(),
  };
  await tx.execute(`insert into reminder (number, invoice_number, order_number, level, document, created_at) values (?, ?, ?, ?, ?::jsonb, ?)`, [
    reminder.number,
    reminder.invoiceNumber,
    reminder.orderNumber,
    reminder.level,
    JSON.stringify(reminder),
    now,
  ]);
  recordEvent(tx, ReminderIssued, { number: reminder.number, invoiceNumber: invoice.number, orderNumber: invoice.orderNumber, level: wanted });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: invoice.number,
    action: 'reminder_issued',
    actor: input.actor,
    details: { reminder: reminder.number, level: wanted, open: reminder.openAmount, interest: reminder.interest, fee: reminder.fee },
  });
  return { issued: true, reason: 'issued', reminder };
}

export async function getReminder(em: Em, number: string): Promise<Reminder> {
  const [row] = await em.execute<{ document: Reminder }[]>(`select document from reminder where number = ?`, [number]);
  if (!row) throw new NotFoundError(`reminder ${number} not found`, 'number');
  return row.document;
}

/** Overdue open invoices (due date before today, Europe/Berlin) with their dunning level, oldest due first. */
export async function overdueInvoices(em: Em, level?: number) {
  const today = berlinDate(new Date());
  const rows = await em.find(
    InvoiceEntity,
    // Corrections (ST, RK) are never dunned: they owe the customer, not the other way round.
    { dueDate: { $lt: today }, status: { $in: ['issued', 'partially_paid'] }, refersTo: null },
    { orderBy: { dueDate: 'asc' }, limit: 500, fields: ['number', 'orderNumber', 'customer', 'currency', 'dueDate', ...BALANCE_FIELDS] },
  );
  if (rows.length === 0) return [];
  const reminders = await em.execute<{ invoice_number: string; number: string; level: number }[]>(
    `select invoice_number, number, level from reminder where invoice_number in (?) order by level`,
    [rows.map((r) => r.number)],
  );
  const byInvoice = new Map<string, typeof reminders>();
  for (const x of reminders) byInvoice.set(x.invoice_number, [...(byInvoice.get(x.invoice_number) ?? []), x]);
  const items = [];
  for (const r of rows) {
    // The row holds what is open (no read per invoice: the list has up to 500 of them).
    const open = balanceOfRow(r).open;
    if (!open.gt(0)) continue;
    const mine = byInvoice.get(r.number) ?? [];
    items.push({
      invoiceNumber: r.number,
      orderNumber: r.orderNumber,
      customer: { id: r.customer.id, number: r.customer.number, name: r.customer.name },
      currency: r.currency,
      dueDate: r.dueDate,
      daysOverdue: daysBetween(r.dueDate, today),
      openAmount: toAmountString(open, r.currency),
      level: mine.reduce((a, x) => Math.max(a, x.level), 0),
      reminders: mine.map((x) => x.number),
    });
  }
  return level === undefined ? items : items.filter((i) => i.level === level);
}
