import type { z } from 'zod';
import type { Em } from '../../../shared/db/orm.ts';
import { addDays, berlinDate, endOfBerlinDay } from '../../../shared/dates.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { OrderSortKey, orderListQuery, orderPageSchema } from '../../../shared/contracts/order/index.ts';
import { OrderEntity } from './entities.ts';
import { orderJson } from './order.service.ts';

export type OrderListQuery = z.output<typeof orderListQuery>;
type OrderPage = z.output<typeof orderPageSchema>;

/** Each sort key's column (never null, so row comparisons hold) and how a cursor value is cast back. */
const SORT_COLUMNS: Record<OrderSortKey, { expr: string; cast: string; value: string }> = {
  priority: { expr: 'priority', cast: 'text', value: 'priority' },
  number: { expr: 'number', cast: 'text', value: 'number' },
  date: { expr: 'created_at', cast: 'timestamptz', value: `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` },
  customer: { expr: 'customer_name', cast: 'text', value: 'customer_name' },
  total: { expr: 'gross_base', cast: 'numeric', value: 'gross_base::text' },
  netTotal: { expr: 'net_base', cast: 'numeric', value: 'net_base::text' },
  status: { expr: 'status', cast: 'text', value: 'status' },
  billingStatus: { expr: 'billing_status', cast: 'text', value: 'billing_status' },
  assignee: { expr: `coalesce(assignee, '')`, cast: 'text', value: `coalesce(assignee, '')` },
};

/** Where a keyset page starts: after the row with this sort value and number, for this sort and direction. */
interface Cursor {
  s: OrderSortKey;
  d: 'asc' | 'desc';
  v: string;
  n: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** A cursor is only good for the sort and direction it was made for; anything else is a bad query (400 naming query.cursor, as the gateway's own checks). */
export function decodeCursor(raw: string, sort: OrderSortKey, direction: 'asc' | 'desc'): Cursor {
  let c: Partial<Cursor> | null = null;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    c = null;
  }
  const problem = (message: string) => new DomainError(400, 'invalid_query', `invalid query.cursor: ${message}`, [{ field: 'query.cursor', message }]);
  if (!c || typeof c.v !== 'string' || typeof c.n !== 'string' || c.v.length > 300 || c.n.length > 40) throw problem('not a cursor of this list');
  if (c.s !== sort || c.d !== direction) throw problem(`was made for sort=${String(c.s)}&direction=${String(c.d)}; repeat those with it`);
  if (SORT_COLUMNS[sort].cast === 'numeric' && !/^-?\d{1,20}(\.\d{1,10})?$/.test(c.v)) throw problem('not a cursor of this list');
  if (SORT_COLUMNS[sort].cast === 'timestamptz' && Number.isNaN(Date.parse(c.v))) throw problem('not a cursor of this list');
  return c as Cursor;
}

/** The SQL conditions of the filters, with their parameters. */
export function orderFilterSql(q: OrderListQuery, today: string): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (q.customer) add(q.customer.startsWith('K-') ? 'customer_number = ?' : 'customer_id = ?', q.customer);
  if (q.number) add(`number like ?`, `${q.number}%`);
  if (q.from) add('created_at >= ?', endOfBerlinDay(addDays(q.from, -1)));
  if (q.to) add('created_at < ?', endOfBerlinDay(q.to));
  if (q.status) add('status = ?', q.status);
  if (q.billingStatus) add('billing_status = ?', q.billingStatus);
  if (q.orderType) add('order_type = ?', q.orderType);
  if (q.priority) add('priority = ?', q.priority);
  if (q.quoteNumber) add('quote_number = ?', q.quoteNumber);
  if (q.assignee) add('assignee = ?', q.assignee);
  if (q.leadSource) add('lead_source = ?', q.leadSource);
  if (q.tag) add('tags @> ?::jsonb', JSON.stringify(q.tag));
  const total = q.totalBasis === 'net' ? 'net_base' : 'gross_base';
  if (q.minTotal) add(`${total} >= ?::numeric`, q.minTotal);
  if (q.maxTotal) add(`${total} <= ?::numeric`, q.maxTotal);
  // Overdue depends on the day: an open or partly paid order whose earliest unpaid due date has passed.
  const overdue = `(payment_status in ('open', 'partial') and open_due_date < ?::date)`;
  if (q.paymentStatus === 'overdue') add(overdue, today);
  else if (q.paymentStatus === 'open' || q.paymentStatus === 'partial') add(`payment_status = ? and not ${overdue}`, q.paymentStatus, today);
  else if (q.paymentStatus) add('payment_status = ?', q.paymentStatus);
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

/**
 * The order list: filters, one whitelisted sort column (the order number breaks ties), and either offset or
 * keyset paging (cursor: stable while orders are added), with the number of all matching orders.
 */
export async function listOrders(em: Em, q: OrderListQuery): Promise<OrderPage> {
  const today = berlinDate(new Date());
  const filter = orderFilterSql(q, today);
  const col = SORT_COLUMNS[q.sort];
  const dir = q.direction === 'asc' ? 'asc' : 'desc';
  let where = filter.sql;
  const params = [...filter.params];
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q.sort, dir);
    where += ` and (${col.expr}, number) ${dir === 'asc' ? '>' : '<'} (?::${col.cast}, ?)`;
    params.push(c.v, c.n);
  }
  const [rows, counted] = await Promise.all([
    em.execute<{ id: string; sort_value: string; number: string }[]>(
      `select id, number, ${col.value} as sort_value from sales_order where ${where} order by ${col.expr} ${dir}, number ${dir} limit ? offset ?`,
      [...params, q.limit + 1, q.cursor ? 0 : q.offset],
    ),
    em.execute<{ total: string }[]>(`select count(*)::text as total from sales_order where ${filter.sql}`, filter.params),
  ]);
  const page = rows.slice(0, q.limit);
  const hasMore = rows.length > q.limit;
  const found = page.length ? await em.find(OrderEntity, { id: { $in: page.map((r) => r.id) } }) : [];
  const byId = new Map(found.map((o) => [o.id, o]));
  const last = page.at(-1);
  return {
    items: page.flatMap((r) => {
      const o = byId.get(r.id);
      return o ? [orderJson(o)] : [];
    }),
    hasMore,
    nextOffset: hasMore && !q.cursor ? q.offset + q.limit : null,
    nextCursor: hasMore && last ? encodeCursor({ s: q.sort, d: dir, v: String(last.sort_value), n: last.number }) : null,
    total: Number(counted[0]?.total ?? 0),
  };
}
