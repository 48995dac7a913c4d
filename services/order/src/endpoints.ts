import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { QuoteCommands } from '../../../shared/contracts/quote/index.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { cancelOrder, createDirectOrder, createOrderFromQuote, findOrder, orderJson, setOrderAttributes } from './order.service.ts';
import { listOrders } from './order-list.ts';

/** The order service's NATS API. */
export function orderEndpoints(ctx: ServiceContext) {
  return [
    // The caller names the quote (and the revision it converts); the quote itself, its status and its prices come from the quote service.
    endpoint(OrderCommands.create, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderCommands.create.subject, async (tx) => {
        const quote = await call(ctx.nc, QuoteCommands.get, { number: input.quoteNumber });
        return createOrderFromQuote(tx, quote, input.revision, input.actor);
      }).finally(() => ctx.relay.kick()),
    ),
    // A direct order carries what the customer ordered; prices, discounts and taxes come from the quote service's pricing.
    endpoint(OrderCommands.createDirect, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderCommands.createDirect.subject, async (tx) => {
        const priced = await call(ctx.nc, QuoteCommands.price, input);
        return createDirectOrder(tx, priced, input.actor);
      }).finally(() => ctx.relay.kick()),
    ),
    endpoint(OrderCommands.get, async (input) => orderJson(await findOrder(ctx.em(), input.number))),
    // Filters, sort and keyset paging in SQL (order-list.ts); by default rush orders first, then newest first: the warehouse's work list.
    endpoint(OrderCommands.list, (q) => listOrders(ctx.em(), q)),
    endpoint(OrderCommands.setAttributes, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderCommands.setAttributes.subject, (tx) =>
        setOrderAttributes(tx, input.number, input, input.expectedVersion, input.actor),
      ),
    ),
    endpoint(OrderCommands.cancel, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderCommands.cancel.subject, (tx) =>
        cancelOrder(tx, input.number, input.reason, input.expectedVersion, input.actor),
      ).finally(() => ctx.relay.kick()),
    ),
  ];
}
