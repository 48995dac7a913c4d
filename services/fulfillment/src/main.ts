import type { NatsConnection } from '@nats-io/transport-node';
import { runService } from '../../../shared/service-host.ts';
import { DeliveryNoteEntity, GoodsReturnEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002Stock } from './migrations/Migration0002Stock.ts';
import { Migration0003Returns } from './migrations/Migration0003Returns.ts';
import { Migration0004Shipping } from './migrations/Migration0004Shipping.ts';
import { Migration0005MakeToOrder } from './migrations/Migration0005MakeToOrder.ts';
import { Migration0006Invoiced } from './migrations/Migration0006Invoiced.ts';
import { Migration0007LineChanges } from './migrations/Migration0007LineChanges.ts';
import { Migration0008InvoiceParts } from './migrations/Migration0008InvoiceParts.ts';
import { fulfillmentEndpoints } from './endpoints.ts';
import { stockEndpoints } from './stock.endpoints.ts';
import { returnEndpoints } from './returns.endpoints.ts';
import { orderStockConsumer } from './order-stock.consumer.ts';
import { invoicedConsumer } from './invoiced.consumer.ts';

let nats: NatsConnection | undefined;

/** The fulfillment service: the warehouse (stock, reservations, backorders), delivery notes (Lieferscheine) and shipping, returns (Retouren), in schema `fulfillment`. */
await runService({
  name: 'fulfillment',
  schema: 'fulfillment',
  entities: [DeliveryNoteEntity, GoodsReturnEntity],
  migrations: [
    Migration0001Initial,
    Migration0002Stock,
    Migration0003Returns,
    Migration0004Shipping,
    Migration0005MakeToOrder,
    Migration0006Invoiced,
    Migration0007LineChanges,
    Migration0008InvoiceParts,
  ],
  // Consumers start after onStart: the order consumer reads orders over this connection.
  onStart: (ctx) => {
    nats = ctx.nc;
    return Promise.resolve();
  },
  endpoints: (ctx) => [...fulfillmentEndpoints(ctx), ...stockEndpoints(ctx), ...returnEndpoints(ctx)],
  consumers: [orderStockConsumer(() => nats!), invoicedConsumer],
});
