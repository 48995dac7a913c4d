import type { NatsConnection } from '@nats-io/transport-node';
import { runService } from '../../../shared/service-host.ts';
import { DeliveryNoteEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002Stock } from './migrations/Migration0002Stock.ts';
import { Migration0003Shipping } from './migrations/Migration0003Shipping.ts';
import { fulfillmentEndpoints } from './endpoints.ts';
import { stockEndpoints } from './stock.endpoints.ts';
import { orderStockConsumer } from './order-stock.consumer.ts';

let nats: NatsConnection | undefined;

/** The fulfillment service: the warehouse (stock, reservations, backorders), delivery notes (Lieferscheine) and shipping, in schema `fulfillment`. */
await runService({
  name: 'fulfillment',
  schema: 'fulfillment',
  entities: [DeliveryNoteEntity],
  migrations: [Migration0001Initial, Migration0002Stock, Migration0003Shipping],
  // Consumers start after onStart: the order consumer reads orders over this connection.
  onStart: (ctx) => {
    nats = ctx.nc;
    return Promise.resolve();
  },
  endpoints: (ctx) => [...fulfillmentEndpoints(ctx), ...stockEndpoints(ctx)],
  consumers: [orderStockConsumer(() => nats!)],
});
