import { runService } from '../../../shared/service-host.ts';
import { OrderEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002OrderTypes } from './migrations/Migration0002OrderTypes.ts';
import { Migration0003InvoiceProjection } from './migrations/Migration0003InvoiceProjection.ts';
import { orderEndpoints } from './endpoints.ts';
import { onDeliveryShipped, onInvoiceEvent } from './order.service.ts';

/** The order service: sales orders (Aufträge) and their delivery and billing state, in schema `sales_order`. */
await runService({
  name: 'order',
  schema: 'sales_order',
  entities: [OrderEntity],
  migrations: [Migration0001Initial, Migration0002OrderTypes, Migration0003InvoiceProjection],
  endpoints: orderEndpoints,
  consumers: [
    { durable: 'order-deliveries', subject: 'events.fulfillment.delivery.shipped', handle: onDeliveryShipped },
    { durable: 'order-billing', subject: 'events.invoicing.invoice.>', handle: onInvoiceEvent },
  ],
});
