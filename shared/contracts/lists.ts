import { z } from 'zod';
import { addDays, endOfBerlinDay } from '../dates.ts';
import { documentNumber } from '../validation.ts';
import type { OrderType } from './common.ts';
import type { BillingStatus, OrderStatus } from './order.ts';
import type { QuoteStatus } from './quote.ts';
import type { DeliveryNoteStatus } from './fulfillment.ts';
import type { InvoiceStatus } from './invoicing.ts';

/**
 * Filters and paging of the list endpoints, shared by the gateway (query
 * strings, strict: an unknown parameter is refused) and the owning services
 * (which apply them in SQL). Query strings arrive as text, hence the coercion.
 */

/** Every value of a status union, so a filter can be checked against the real states; `Exact` fails to compile when a state is missing. */
type Exact<Union, List extends readonly Union[]> = [Exclude<Union, List[number]>] extends [never] ? List : never;
const allOf = <Union>() => <const List extends readonly Union[]>(list: Exact<Union, List>) => list;

export const QUOTE_STATUSES = allOf<QuoteStatus>()(['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired', 'cancelled', 'converted']);
export const ORDER_STATUSES = allOf<OrderStatus>()(['open', 'partially_delivered', 'delivered', 'cancelled']);
export const BILLING_STATUSES = allOf<BillingStatus>()(['unbilled', 'partially_billed', 'billed', 'paid']);
export const ORDER_TYPES = allOf<OrderType>()(['standard', 'cash_sale', 'rush', 'scheduled', 'drop_ship']);
export const DELIVERY_NOTE_STATUSES = allOf<DeliveryNoteStatus>()(['open', 'shipped', 'cancelled']);
export const INVOICE_STATUSES = allOf<InvoiceStatus>()(['issued', 'partially_paid', 'paid', 'cancelled']);

/** One page of a list; `hasMore` tells whether another page follows, `nextOffset` where it starts. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
  nextOffset: number | null;
}

export const MAX_PAGE_SIZE = 200;

const paging = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe(`page size, at most ${MAX_PAGE_SIZE}`),
  offset: z.coerce.number().int().min(0).default(0).describe('items to skip; the previous page\'s nextOffset'),
};

/** Customer, document date range (Europe/Berlin calendar dates) and number: the filters every sales document list has. */
const documentFilters = {
  customer: z.string().min(1).max(100).optional().describe('customer number (K-…) or id'),
  from: z.iso.date().optional().describe('document date on or after (YYYY-MM-DD)'),
  to: z.iso.date().optional().describe('document date on or before (YYYY-MM-DD)'),
  number: documentNumber.optional().describe('exactly this document number'),
};

function checkRange(q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
}

export const pagingQuery = z.object(paging);

export const quoteListQuery = z.object({
  ...paging,
  ...documentFilters,
  status: z.enum(QUOTE_STATUSES).optional(),
  orderType: z.enum(ORDER_TYPES).optional(),
}).superRefine(checkRange);

export const orderListQuery = z.object({
  ...paging,
  ...documentFilters,
  status: z.enum(ORDER_STATUSES).optional().describe('delivery status'),
  billingStatus: z.enum(BILLING_STATUSES).optional().describe('billing and payment status'),
  orderType: z.enum(ORDER_TYPES).optional(),
  priority: z.enum(['normal', 'rush']).optional(),
  quoteNumber: documentNumber.optional(),
}).superRefine(checkRange);

export const deliveryNoteListQuery = z.object({
  ...paging,
  ...documentFilters,
  status: z.enum(DELIVERY_NOTE_STATUSES).optional(),
  orderNumber: documentNumber.optional(),
}).superRefine(checkRange);

export const invoiceListQuery = z.object({
  ...paging,
  ...documentFilters,
  status: z.enum(INVOICE_STATUSES).optional().describe('payment status'),
  orderNumber: documentNumber.optional(),
}).superRefine(checkRange);

/** Where-conditions of the common document filters, for a MikroORM find on an entity with a `customer` snapshot, `number` and `createdAt`. */
export function documentWhere(q: { customer?: string | undefined; from?: string | undefined; to?: string | undefined; number?: string | undefined }): Record<string, unknown> {
  return {
    ...(q.customer ? { customer: q.customer.startsWith('K-') ? { number: q.customer } : { id: q.customer } } : {}),
    ...(q.number ? { number: q.number } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { $gte: endOfBerlinDay(addDays(q.from, -1)) } : {}), ...(q.to ? { $lt: endOfBerlinDay(q.to) } : {}) } } : {}),
  };
}

/** Turns `limit + 1` fetched rows into a page: the extra row only tells that more follow. */
export function toPage<R, T>(rows: R[], q: { limit: number; offset: number }, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > q.limit;
  return { items: rows.slice(0, q.limit).map(map), hasMore, nextOffset: hasMore ? q.offset + q.limit : null };
}
