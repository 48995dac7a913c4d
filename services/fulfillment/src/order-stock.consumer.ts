import type { NatsConnection } from '@nats-io/transport-node';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { call } from '../../../shared/nats/rpc.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { OrderCancelled, OrderCreated } from '../../../shared/contracts/order/events.ts';
import { DeliveryNoteEntity } from './entities.ts';
import { ensureOrderLines, releaseOrder, reserveForOrder } from './stock.service.ts';

/**
 * Reservations follow the orders: a confirmed order reserves what is available of its
 * stocked lines (read from the order service by number, never from the event), a
 * cancelled one releases them. One durable consumer for both, so they apply in order.
 */
export function orderStockConsumer(nc: () => NatsConnection) {
  return defineConsumer('fulfillment-order-stock', [OrderCreated, OrderCancelled], async (tx, event) => {
    switch (event.subject) {
      case OrderCreated.subject: {
        const order = await call(nc(), OrderCommands.get, { number: event.data.number });
        await ensureOrderLines(tx, order, await tx.find(DeliveryNoteEntity, { orderNumber: order.number }));
        if (order.status !== 'cancelled') await reserveForOrder(tx, order.number);
        return;
      }
      case OrderCancelled.subject:
        await releaseOrder(tx, event.data.number, event.data.reason);
        return;
    }
  });
}
