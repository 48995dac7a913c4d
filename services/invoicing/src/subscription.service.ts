import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { PeriodOutcome, Subscription } from '../../../shared/contracts/invoicing/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { lineNet, totalsOfNets } from '../../../shared/totals.ts';
import { toAmountString } from '../../../shared/money.ts';
import { issueOrderInvoice } from './issue-order-invoice.ts';
import { periodOf, priceFor, startOfBerlinDay } from './domain/subscription.ts';

interface SubscriptionRow {
  order_number: string;
  interval: string;
  start_at: Date;
  end_date: string | null;
  status: 'active' | 'paused' | 'ended';
  price_changes: Subscription['priceChanges'];
  version: number;
}
interface PeriodRow {
  period: number;
  starts_at: Date;
  ends_at: Date;
  invoice_number: string | null;
}

async function rowOf(em: Em, orderNumber: string, lock = false): Promise<SubscriptionRow> {
  const [row] = await em.execute<SubscriptionRow[]>(
    `select order_number, interval, start_at, to_char(end_date, 'YYYY-MM-DD') as end_date, status, price_changes, version from subscription where order_number = ?${lock ? ' for update' : ''}`,
    [orderNumber],
  );
  if (!row) throw new NotFoundError(`order ${orderNumber} has no recurring contract`, 'orderNumber');
  return row;
}

/** The next period to bill after the ones recorded, or null when the contract is over. */
function nextOf(row: SubscriptionRow, periods: PeriodRow[]): Subscription['next'] {
  if (row.status === 'ended') return null;
  const n = periods.length ? Math.max(...periods.map((p) => p.period)) + 1 : 0;
  const period = periodOf(row.interval, new Date(row.start_at), n);
  if (row.end_date && period.startDate > row.end_date) return null;
  return { period: n, startsAt: period.startsAt.toISOString() };
}

export async function getSubscription(em: Em, orderNumber: string): Promise<Subscription> {
  const row = await rowOf(em, orderNumber);
  const periods = await em.execute<PeriodRow[]>(
    `select period, starts_at, ends_at, invoice_number from subscription_period where order_number = ? order by period`,
    [orderNumber],
  );
  return {
    orderNumber,
    interval: row.interval,
    startAt: new Date(row.start_at).toISOString(),
    endDate: row.end_date,
    status: row.status,
    priceChanges: row.price_changes,
    periods: periods.map((p) => ({
      period: p.period,
      startsAt: new Date(p.starts_at).toISOString(),
      endsAt: new Date(p.ends_at).toISOString(),
      invoiceNumber: p.invoice_number,
      skipped: p.invoice_number === null,
    })),
    next: nextOf(row, periods),
    version: row.version,
  };
}

export async function createSubscription(
  tx: Em,
  order: SalesOrder,
  input: { interval: string; startDate?: string | undefined; endDate?: string | undefined; actor?: Actor | undefined },
): Promise<Subscription> {
  if (order.status === 'cancelled') throw new ConflictError(`order ${order.number} is cancelled`, 'order_cancelled');
  const calendar = ['monthly', 'quarterly', 'yearly'].includes(input.interval);
  const startAt = calendar ? startOfBerlinDay(input.startDate ?? berlinDate(new Date())) : new Date();
  if (input.endDate && input.endDate < berlinDate(startAt))
    throw new ValidationError('the contract ends before it starts', [{ field: 'endDate', message: 'must not be before startDate' }]);
  const inserted = await tx.execute<{ order_number: string }[]>(
    `insert into subscription (order_number, interval, start_at, end_date, status, price_changes, version, created_at)
     values (?, ?, ?, ?, 'active', '[]'::jsonb, 1, now()) on conflict (order_number) do nothing returning order_number`,
    [order.number, input.interval, startAt, input.endDate ?? null],
  );
  if (!inserted.length) throw new ConflictError(`order ${order.number} has a recurring contract already`, 'subscription_exists');
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: order.number,
    action: 'subscription_created',
    actor: input.actor,
    details: { ...input, actor: undefined },
  });
  return getSubscription(tx, order.number);
}

/** Pause, resume, end or change prices: the row is locked, so two changes queue up; each is audited. */
export async function changeSubscription(
  tx: Em,
  orderNumber: string,
  change: { pause: true } | { resume: true } | { endDate: string } | { from: string; lines: { position: number; unitPrice: string }[]; reason: string },
  actor?: Actor,
): Promise<Subscription> {
  const row = await rowOf(tx, orderNumber, true);
  if (row.status === 'ended') throw new ConflictError(`the recurring contract of ${orderNumber} has ended`, 'subscription_ended');
  let set: string;
  let params: unknown[];
  if ('pause' in change) [set, params] = [`status = 'paused'`, []];
  else if ('resume' in change) [set, params] = [`status = 'active'`, []];
  else if ('endDate' in change) [set, params] = [`end_date = ?`, [change.endDate]];
  else {
    const changes = [...row.price_changes.filter((c) => c.from !== change.from), { from: change.from, lines: change.lines }].sort((a, b) =>
      a.from.localeCompare(b.from),
    );
    [set, params] = [`price_changes = ?::jsonb`, [JSON.stringify(changes)]];
  }
  await tx.execute(`update subscription set ${set}, version = version + 1 where order_number = ?`, [...params, orderNumber], 'run');
  await recordAudit(tx, { aggregateType: 'order', aggregateId: orderNumber, action: 'subscription_changed', actor, details: change });
  return getSubscription(tx, orderNumber);
}

/**
 * Bills period n once: an existing period row answers what it says (a timer
 * that fires twice, a retry after a worker restart); a paused contract skips
 * the period for good; an ended one bills nothing more. Prices are the order's,
 * or the latest change on or before the period's start.
 */
export async function billPeriod(tx: Em, order: SalesOrder, n: number, actor?: Actor): Promise<PeriodOutcome> {
  const row = await rowOf(tx, order.number, true);
  const periods = await tx.execute<PeriodRow[]>(`select period, starts_at, ends_at, invoice_number from subscription_period where order_number = ?`, [
    order.number,
  ]);
  const done = periods.find((p) => p.period === n);
  const answer = (outcome: PeriodOutcome['outcome'], invoiceNumber: string | null, dueDate: string | null, all: PeriodRow[]) => ({
    outcome,
    invoiceNumber,
    dueDate,
    next: nextOf(row, all),
  });
  if (done) return answer('already_invoiced', done.invoice_number, null, periods);
  const period = periodOf(row.interval, new Date(row.start_at), n);
  if (row.status === 'ended' || (row.end_date && period.startDate > row.end_date)) return { outcome: 'ended', invoiceNumber: null, dueDate: null, next: null };
  const expected = nextOf(row, periods);
  if (expected && n !== expected.period) throw new ConflictError(`period ${n} is not the next one (${expected.period})`, 'not_next_period');
  if (period.startsAt.getTime() > Date.now()) throw new ConflictError(`period ${n} starts at ${period.startsAt.toISOString()}`, 'not_started');
  const record = async (invoiceNumber: string | null) => {
    await tx.execute(`insert into subscription_period (order_number, period, starts_at, ends_at, invoice_number) values (?, ?, ?, ?, ?)`, [
      order.number,
      n,
      period.startsAt,
      period.endsAt,
      invoiceNumber,
    ]);
    return [...periods, { period: n, starts_at: period.startsAt, ends_at: period.endsAt, invoice_number: invoiceNumber }];
  };
  if (row.status === 'paused') return answer('paused', null, null, await record(null));

  const lines = order.lines.map((l, i) => {
    const price = priceFor(l.position, l.unitPrice, row.price_changes, period.startDate);
    const net = toAmountString(
      lineNet({ quantity: l.quantity, unitPrice: price, discountPercent: l.discountPercent, vatRate: l.vatRate }, order.currency),
      order.currency,
    );
    return {
      ...l,
      position: i + 1,
      description: `${l.description} – Zeitraum ${period.label}`,
      unitPrice: price,
      lineNet: net,
      net,
      documentDiscount: '0',
      couponDiscount: '0',
      orderPosition: l.position,
      deliveryNoteNumber: '',
    };
  });
  const totals = totalsOfNets(lines, order.currency);
  const invoice = await issueOrderInvoice(tx, order, {
    kind: 'recurring',
    lines,
    totals,
    taxNotes: order.taxNotes ?? [],
    supplyDate: period.startDate,
    period: { start: period.startDate, end: period.endDate },
  });
  const all = await record(invoice.number);
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: invoice.number,
    action: 'issued',
    actor,
    details: {
      orderNumber: order.number,
      kind: 'recurring',
      period: n,
      from: period.startsAt.toISOString(),
      to: period.endsAt.toISOString(),
      gross: totals.gross,
    },
  });
  return answer('invoiced', invoice.number, invoice.dueDate, all);
}
