import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { OrderLineCommands } from '../../../shared/contracts/order/index.ts';
import { StockCommands } from '../../../shared/contracts/fulfillment/stock.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { cancelLine, changePromisedDate } from './order-lines.service.ts';

/** The order service's NATS API for single lines of a confirmed order. */
export function orderLineEndpoints(ctx: ServiceContext) {
  return [
    // The warehouse owns shipping: what shipped or is on a delivery note is read from it, by number.
    endpoint(OrderLineCommands.cancel, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderLineCommands.cancel.subject, (tx) =>
        cancelLine(tx, input, (number) => call(ctx.nc, StockCommands.orderFulfilment, { number }), input.actor),
      ).finally(() => ctx.relay.kick()),
    ),
    endpoint(OrderLineCommands.promisedDate, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, OrderLineCommands.promisedDate.subject, (tx) => changePromisedDate(tx, input, input.actor)).finally(() =>
        ctx.relay.kick(),
      ),
    ),
  ];
}
