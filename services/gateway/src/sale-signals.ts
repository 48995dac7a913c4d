import type { NatsConnection } from '@nats-io/transport-node';
import { BackorderServed } from '../../../shared/contracts/fulfillment/backorder-events.ts';
import { call } from '../../../shared/nats/rpc.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { stockAvailableSignal } from '../../../workflows/src/sale.contract.ts';
import type { SalesClient } from './sales-client.ts';
import { relayEvents } from './event-relay.ts';

/**
 * Tells sales what the warehouse learns without them: a goods receipt that
 * reserved stock for backordered positions of an order (events from the
 * fulfillment service's outbox) becomes a signal to that order's sale, which
 * then tells the warehouse once. A sale that has finished or does not wait
 * ignores it; redelivery is harmless.
 */
export function runSaleSignals(nc: NatsConnection, sales: SalesClient): Promise<{ stop: () => Promise<void> }> {
  return relayEvents(nc, 'sale-signals', [BackorderServed], async (event) => {
    const order = await call(nc, OrderCommands.get, { number: event.data.orderNumber });
    // A direct order's sale is keyed by the order number itself.
    await sales.signal(order.quoteNumber ?? order.number, stockAvailableSignal, { positions: event.data.positions });
  });
}
