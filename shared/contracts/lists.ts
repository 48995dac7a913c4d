import { z } from 'zod';
import { addDays, endOfBerlinDay } from '../dates.ts';
import { documentNumber } from '../validation.ts';

/**
 * Filters and paging of the list endpoints, shared by the gateway (query
 * strings, strict: an unknown parameter is refused) and the owning services
 * (which apply them in SQL). Query strings arrive as text, hence the coercion.
 * Each context's list query is in its `<context>/commands.ts`.
 */

/** One page of a list; `hasMore` tells whether another page follows, `nextOffset` where it starts. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
  nextOffset: number | null;
}

/** The reply schema of a page of items. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), hasMore: z.boolean(), nextOffset: z.number().int().min(0).nullable() });
}

export const MAX_PAGE_SIZE = 200;

export const paging = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe(`page size, at most ${MAX_PAGE_SIZE}`),
  offset: z.coerce.number().int().min(0).default(0).describe("items to skip; the previous page's nextOffset"),
};

/** Customer, document date range (Europe/Berlin calendar dates) and number: the filters every sales document list has. */
export const documentFilters = {
  customer: z.string().min(1).max(100).optional().describe('customer number (K-…) or id'),
  from: z.iso.date().optional().describe('document date on or after (YYYY-MM-DD)'),
  to: z.iso.date().optional().describe('document date on or before (YYYY-MM-DD)'),
  number: documentNumber.optional().describe('exactly this document number'),
};

export function checkRange(q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
}

export const pagingQuery = z.object(paging);

/** Where-conditions of the common document filters, for a MikroORM find on an entity with a `customer` snapshot, `number` and `createdAt`. */
export function documentWhere(q: {
  customer?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  number?: string | undefined;
}): Record<string, unknown> {
  return {
    ...(q.customer ? { customer: q.customer.startsWith('K-') ? { number: q.customer } : { id: q.customer } } : {}),
    ...(q.number ? { number: q.number } : {}),
    ...(q.from || q.to
      ? { createdAt: { ...(q.from ? { $gte: endOfBerlinDay(addDays(q.from, -1)) } : {}), ...(q.to ? { $lt: endOfBerlinDay(q.to) } : {}) } }
      : {}),
  };
}

/** Turns `limit + 1` fetched rows into a page: the extra row only tells that more follow. */
export function toPage<R, T>(rows: R[], q: { limit: number; offset: number }, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > q.limit;
  return { items: rows.slice(0, q.limit).map(map), hasMore, nextOffset: hasMore ? q.offset + q.limit : null };
}
