import { runService } from '../../../shared/service-host.ts';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { DeliveryShipped, DeliveryShippedV1 } from '../../../shared/contracts/fulfillment/events.ts';
import { InvoiceCancelled, InvoiceIssued, InvoicePaid, PaymentRecorded } from '../../../shared/contracts/invoicing/events.ts';
import { OrderEntity } from './entities.ts';
import { MilestoneEntity, MilestonePlanEntity } from './milestone-entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002OrderTypes } from './migrations/Migration0002OrderTypes.ts';
import { Migration0003InvoiceProjection } from './migrations/Migration0003InvoiceProjection.ts';
import { Migration0004Milestones } from './migrations/Migration0004Milestones.ts';
import { Migration0005AllowBackorders } from './migrations/Migration0005AllowBackorders.ts';
import { Migration0006_skonto } from './migrations/Migration0006_skonto.ts';
import { Migration0008BillingPlan } from './migrations/Migration0008BillingPlan.ts';
import { Migration0009InvoiceOnShipment } from './migrations/Migration0009InvoiceOnShipment.ts';
import { Migration0010OrderList } from './migrations/Migration0010OrderList.ts';
import { BillingPlanEntity } from './billing-plan.entities.ts';
import { Migration0006LineChanges } from './migrations/Migration0006LineChanges.ts';
import { orderEndpoints } from './endpoints.ts';
import { milestoneEndpoints } from './milestone-endpoints.ts';
import { orderLineEndpoints } from './order-line-endpoints.ts';
import { onDeliveryShipped, onInvoiceEvent } from './order.service.ts';

/** The order service: sales orders (Aufträge) and their delivery and billing state, in schema `sales_order`. */
await runService({
  name: 'order',
  schema: 'sales_order',
  entities: [OrderEntity, MilestonePlanEntity, MilestoneEntity, BillingPlanEntity],
  migrations: [
    Migration0001Initial,
    Migration0002OrderTypes,
    Migration0003InvoiceProjection,
    Migration0004Milestones,
    Migration0005AllowBackorders,
    Migration0006LineChanges,
    Migration0006_skonto,
    Migration0008BillingPlan,
    Migration0009InvoiceOnShipment,
    Migration0010OrderList,
  ],
  endpoints: (ctx) => [...orderEndpoints(ctx), ...milestoneEndpoints(ctx), ...orderLineEndpoints(ctx)],
  consumers: [
    defineConsumer('order-deliveries', [DeliveryShippedV1, DeliveryShipped], onDeliveryShipped),
    defineConsumer('order-billing', [InvoiceIssued, PaymentRecorded, InvoicePaid, InvoiceCancelled], onInvoiceEvent),
  ],
});
