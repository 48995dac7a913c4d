import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { endpoint, request } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { OrderSubjects } from '../../../shared/contracts/order.ts';
import { QuoteSubjects, type Quote } from '../../../shared/contracts/quote.ts';
import { checkContent, contentWithCustomer, documentNumber, idempotencyKey, actorSchema } from '../../../shared/contracts/schemas.ts';
import { text } from '../../../shared/validation.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { documentWhere, orderListQuery, toPage } from '../../../shared/contracts/lists.ts';
import { OrderEntity, type OrderRow } from './entities.ts';
import { cancelOrder, createDirectOrder, createOrderFromQuote, findOrder, orderJson } from './order.service.ts';

const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };

/** The order service's NATS API. */
export function orderEndpoints(ctx: ServiceContext) {
  return [
    // The caller names the quote (and the revision it converts); the quote itself, its status and its prices come from the quote service.
    endpoint(OrderSubjects.create, z.object({ quoteNumber: documentNumber, revision: z.number().int().positive().optional(), ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderSubjects.create, async (tx) => {
        const quote = await request<Quote>(ctx.nc, QuoteSubjects.get, { number: input.quoteNumber });
        return createOrderFromQuote(tx, quote, input.revision, input.actor);
      }).finally(() => ctx.relay.kick())),
    // A direct order carries what the customer ordered; prices, discounts and taxes come from the quote service's pricing.
    endpoint(OrderSubjects.createDirect, contentWithCustomer.extend(keyed).superRefine(checkContent), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderSubjects.createDirect, async (tx) => {
        const priced = await request<Quote>(ctx.nc, QuoteSubjects.price, input);
        return createDirectOrder(tx, priced, input.actor);
      }).finally(() => ctx.relay.kick())),
    endpoint(OrderSubjects.get, z.object({ number: documentNumber }), async (input) => orderJson(await findOrder(ctx.em(), input.number))),
    // Rush orders first, then newest first: the warehouse's work list.
    endpoint(OrderSubjects.list, orderListQuery, async (q) => {
      const where = {
        ...documentWhere(q),
        ...(q.status ? { status: q.status } : {}),
        ...(q.billingStatus ? { billingStatus: q.billingStatus } : {}),
        ...(q.orderType ? { orderType: q.orderType } : {}),
        ...(q.priority ? { priority: q.priority } : {}),
        ...(q.quoteNumber ? { quoteNumber: q.quoteNumber } : {}),
      };
      const rows = await ctx.em().find(OrderEntity, where as FilterQuery<OrderRow>, { orderBy: { priority: 'desc', number: 'desc' }, limit: q.limit + 1, offset: q.offset });
      return toPage(rows, q, orderJson);
    }),
    endpoint(OrderSubjects.cancel, z.object({ number: documentNumber, reason: text(500, { min: 3, multiline: true }), expectedVersion: z.number().int().optional(), ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderSubjects.cancel, (tx) => cancelOrder(tx, input.number, input.reason, input.expectedVersion, input.actor)).finally(() => ctx.relay.kick())),
  ];
}
