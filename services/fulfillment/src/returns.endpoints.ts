import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { ReturnCommands as R } from '../../../shared/contracts/fulfillment/returns.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { cancelReturn, createReturn, findReturn, listReturns, receiveReturn } from './returns.service.ts';

/** The returns' NATS API: announce, receive, cancel, read. */
export function returnEndpoints(ctx: ServiceContext) {
  return [
    // The order's lines and customer come from the order service, read by number inside the once-only run.
    endpoint(R.create, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, R.create.subject, async (tx) =>
        createReturn(tx, await call(ctx.nc, OrderCommands.get, { number: input.orderNumber }), input, input.actor),
      ),
    ),
    endpoint(R.receive, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, R.receive.subject, (tx) => receiveReturn(tx, input.number, input.actor)).finally(() => ctx.relay.kick()),
    ),
    endpoint(R.cancel, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, R.cancel.subject, (tx) => cancelReturn(tx, input.number, input.reason, input.actor)),
    ),
    endpoint(R.get, (input) => findReturn(ctx.em(), input.number)),
    endpoint(R.list, (q) => listReturns(ctx.em(), q)),
  ];
}
