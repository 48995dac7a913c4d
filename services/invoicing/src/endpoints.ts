import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { InvoicingSubjects } from '../../../shared/contracts/invoicing.ts';
import type { SalesOrder } from '../../../shared/contracts/order.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment.ts';
import { cancelSchema, documentNumber, idempotencyKey, paymentSchema, actorSchema } from '../../../shared/contracts/schemas.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { documentWhere, invoiceListQuery, toPage } from '../../../shared/contracts/lists.ts';
import { InvoiceEntity, PaymentEntity, type InvoiceRow } from './entities.ts';
import { cancelInvoice, createInvoice, invoiceJson, loadInvoice, recordPayment } from './invoice.service.ts';

const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };
const snapshot = <T>(what: string) => z.custom<T>((v) => typeof v === 'object' && v !== null && 'number' in v, `a ${what} snapshot`);

/** The invoicing service's NATS API: invoices and payments. */
export function invoicingEndpoints(ctx: ServiceContext) {
  return [
    endpoint(InvoicingSubjects.create, z.object({ order: snapshot<SalesOrder>('order'), deliveryNotes: z.array(snapshot<DeliveryNote>('delivery note')).min(1), ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingSubjects.create, (tx) => createInvoice(tx, input.order, input.deliveryNotes, input.actor)).finally(() => ctx.relay.kick())),
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
