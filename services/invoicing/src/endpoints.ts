import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { endpoint, request } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { InvoicingSubjects } from '../../../shared/contracts/invoicing.ts';
import { OrderSubjects, type SalesOrder } from '../../../shared/contracts/order.ts';
import { FulfillmentSubjects, type DeliveryNote } from '../../../shared/contracts/fulfillment.ts';
import { cancelSchema, documentNumber, idempotencyKey, paymentSchema, actorSchema } from '../../../shared/contracts/schemas.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { documentWhere, invoiceListQuery, toPage } from '../../../shared/contracts/lists.ts';
import { InvoiceEntity, PaymentEntity, type InvoiceRow } from './entities.ts';
import { cancelInvoice, createInvoice, invoiceJson, loadInvoice, recordPayment } from './invoice.service.ts';

const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };

/** The invoicing service's NATS API: invoices and payments. */
export function invoicingEndpoints(ctx: ServiceContext) {
  return [
    // The caller names the order and the notes to bill; what was ordered at which price, and what
    // was shipped, come from the order and fulfillment services.
    endpoint(InvoicingSubjects.create, z.object({ orderNumber: documentNumber, deliveryNoteNumbers: z.array(documentNumber).min(1).max(200), ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingSubjects.create, async (tx) => {
        const order = await request<SalesOrder>(ctx.nc, OrderSubjects.get, { number: input.orderNumber });
        const notes = await Promise.all([...new Set(input.deliveryNoteNumbers)].map((number) => request<DeliveryNote>(ctx.nc, FulfillmentSubjects.get, { number })));
        return createInvoice(tx, order, notes, input.actor);
      }).finally(() => ctx.relay.kick())),
    endpoint(InvoicingSubjects.get, z.object({ number: documentNumber }), (input) => loadInvoice(ctx.em(), input.number)),
    endpoint(InvoicingSubjects.list, invoiceListQuery, async (q) => {
      const em = ctx.em();
      const where = { ...documentWhere(q), ...(q.status ? { status: q.status } : {}), ...(q.orderNumber ? { orderNumber: q.orderNumber } : {}) };
      const rows = await em.find(InvoiceEntity, where as FilterQuery<InvoiceRow>, { orderBy: { number: 'desc' }, limit: q.limit + 1, offset: q.offset });
      const page = rows.slice(0, q.limit);
      const payments = await em.find(PaymentEntity, { invoiceNumber: { $in: page.map((r) => r.number) } });
      return toPage(rows, q, (r) => invoiceJson(r, payments.filter((p) => p.invoiceNumber === r.number)));
    }),
    endpoint(InvoicingSubjects.recordPayment, paymentSchema.extend({ number: documentNumber, ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingSubjects.recordPayment, (tx) => recordPayment(tx, input.number, input.amount, input.receivedAt, input.reference, input.actor)).finally(() => ctx.relay.kick())),
    endpoint(InvoicingSubjects.cancel, cancelSchema.extend({ number: documentNumber, ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingSubjects.cancel, (tx) => cancelInvoice(tx, input.number, input.reason, input.actor)).finally(() => ctx.relay.kick())),
  ];
}
