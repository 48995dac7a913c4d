import type { FilterQuery } from '@mikro-orm/core';
import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { FulfillmentCommands, ProductionCommands } from '../../../shared/contracts/fulfillment/index.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { documentWhere, toPage } from '../../../shared/contracts/lists.ts';
import { DeliveryNoteEntity, type DeliveryNoteRow } from './entities.ts';
import { recordGoodsReceived } from './production.service.ts';
import { createDeliveryNote, deliveryJson, findDeliveryNote, markDelivered, pickList, shipDeliveryNote } from './delivery.service.ts';

/** The fulfillment service's NATS API: delivery notes. */
export function fulfillmentEndpoints(ctx: ServiceContext) {
  const orderOf = (number: string) => call(ctx.nc, OrderCommands.get, { number });
  return [
    // The caller names the order and the quantities; the order's lines and status come from the order service.
    endpoint(FulfillmentCommands.create, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, FulfillmentCommands.create.subject, async (tx) =>
        createDeliveryNote(tx, await orderOf(input.orderNumber), input.lines, input.actor),
      ).finally(() => ctx.relay.kick()),
    ),
    endpoint(FulfillmentCommands.ship, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, FulfillmentCommands.ship.subject, (tx) =>
        shipDeliveryNote(tx, input.number, input, input.expectedVersion, input.actor, orderOf),
      ).finally(() => ctx.relay.kick()),
    ),
    endpoint(FulfillmentCommands.markDelivered, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, FulfillmentCommands.markDelivered.subject, (tx) =>
        markDelivered(tx, input.number, input.deliveredOn, input.expectedVersion, input.actor),
      ),
    ),
    // The goods of a make-to-order line arrived: from now on it ships like any other line.
    endpoint(ProductionCommands.goodsReceived, async (input) => {
      const order = await orderOf(input.orderNumber);
      return onceByKey(ctx.em(), input.idempotencyKey, ProductionCommands.goodsReceived.subject, (tx) =>
        recordGoodsReceived(tx, order, input.orderPosition, input.reference, input.actor),
      );
    }),
    endpoint(FulfillmentCommands.get, async (input) => deliveryJson(await findDeliveryNote(ctx.em(), input.number))),
    endpoint(FulfillmentCommands.pickList, (input) => pickList(ctx.em(), input.number)),
    endpoint(FulfillmentCommands.list, async (q) => {
      const where = { ...documentWhere(q), ...(q.status ? { status: q.status } : {}), ...(q.orderNumber ? { orderNumber: q.orderNumber } : {}) };
      const rows = await ctx
        .em()
        .find(DeliveryNoteEntity, where as FilterQuery<DeliveryNoteRow>, { orderBy: { number: 'desc' }, limit: q.limit + 1, offset: q.offset });
      return toPage(rows, q, deliveryJson);
    }),
  ];
}
