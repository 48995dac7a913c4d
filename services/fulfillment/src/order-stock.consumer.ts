import type { NatsConnection } from '@nats-io/transport-node';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { call } from '../../../shared/nats/rpc.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { OrderCancelled, OrderCreated } from '../../../shared/contracts/order/events.ts';
import { OrderLineCancelled } from '../../../shared/contracts/order/order-lines.ts';
import { DeliveryNoteEntity } from './entities.ts';
import { cancelLineStock, ensureOrderLines, releaseOrder, reserveForOrder } from './stock.service.ts';

/**
 * Reservations follow the orders: a confirmed order reserves what is available of its
 * stocked lines (read from the order service by number, never from the event), a
 * cancelled one releases them, and so does a cancelled line for its cancelled
 * quantity. One durable consumer for all, so they apply in order.
 */
export function orderStockConsumer(nc: () => NatsConnection) {
  return defineConsumer('fulfillment-order-stock', [OrderCreated, OrderCancelled, OrderLineCancelled], async (tx, event) => {
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
      case OrderLineCancelled.subject: {
        const order = await call(nc(), OrderCommands.get, { number: event.data.orderNumber });
        const reason = `Teilstorno ${order.number} Pos. ${event.data.orderPosition}: ${event.data.reason}`;
        await cancelLineStock(tx, order, event.data.orderPosition, event.data.cancelledQuantity, reason);
        return;
      }
    }
  });
}
