import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { QuoteCommands, newQuoteSchema, quoteListQuery } from '../../../../shared/contracts/quote/index.ts';
import { OrderCommands, newOrderSchema, orderAttributesBody, orderListQuery } from '../../../../shared/contracts/order/index.ts';
import {
  FulfillmentCommands,
  deliveryNoteListQuery,
  deliveryRequestSchema,
  markDeliveredSchema,
  shipSchema,
} from '../../../../shared/contracts/fulfillment/index.ts';
import { DraftCommands, InvoicingCommands, invoiceListQuery, invoiceRequestSchema, paymentSchema } from '../../../../shared/contracts/invoicing/index.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import { cancelSchema } from '../../../../shared/contracts/schemas.ts';
import {
  acceptQuoteUpdate,
  cancelInvoiceUpdate,
  cancelOrderUpdate,
  cancelQuoteUpdate,
  convertToOrderUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  rejectQuoteUpdate,
  sendQuoteUpdate,
  shipDeliveryNoteUpdate,
} from '../../../../workflows/src/sale.contract.ts';
import { text } from '../../../../shared/validation.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';
import { MAX_PAGE_SIZE } from '../../../../shared/contracts/lists.ts';

const SALES = ['sales', 'sales_manager'] as const;
const rejectSchema = z.object({ reason: text(500, { min: 0, multiline: true }).optional() });

/**
 * Quotes, orders, delivery notes, invoices and payments. Reads go straight to
 * the owning service; every lifecycle step goes through the sale's workflow.
 */
export function salesRoutes(nc: NatsConnection, sales: SalesClient): Route[] {
  const saleOfOrder = (orderNumber: string) => sales.routing.saleOfOrder(orderNumber);
  const step = (summary: string, roles: Route['roles']) => ({ method: 'post' as const, tag: 'Quotes', summary, roles });

  return [
    route({
      method: 'post',
      path: '/quotes',
      tag: 'Quotes',
      summary: 'Create a quote and start its sale',
      roles: SALES,
      body: newQuoteSchema,
      status: 201,
      handler: async ({ body, idempotencyKey, actor }) => {
        const quote = await call(nc, QuoteCommands.create, command(body, { idempotencyKey, actor }));
        await sales.start(quote);
        return quote;
      },
    }),
    route({
      method: 'get',
      path: '/quotes',
      tag: 'Quotes',
      summary: 'List quotes',
      roles: ALL_ROLES,
      query: quoteListQuery,
      handler: ({ query }) => call(nc, QuoteCommands.list, query),
    }),
    route({
      method: 'get',
      path: '/quotes/{number}',
      tag: 'Quotes',
      summary: 'Get a quote',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, QuoteCommands.get, { number: params.number }),
    }),
    route({
      ...step('Send a quote to the customer', SALES),
      path: '/quotes/{number}/send',
      handler: ({ params, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, params.number, sendQuoteUpdate, { actor }),
    }),
    route({
      ...step('Record the customer accepting a quote', SALES),
      path: '/quotes/{number}/accept',
      handler: ({ params, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, params.number, acceptQuoteUpdate, { actor }),
    }),
    route({
      ...step('Record the customer rejecting a quote', SALES),
      path: '/quotes/{number}/reject',
      body: rejectSchema,
      handler: ({ params, body, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, params.number, rejectQuoteUpdate, { ...body, actor }),
    }),
    route({
      ...step('Convert an accepted quote (optionally a given revision) into an order; repeated calls answer the same order', SALES),
      path: '/quotes/{number}/convert',
      status: 201,
      body: z.object({ revision: z.number().int().min(1).optional() }),
      handler: ({ params, body, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, params.number, convertToOrderUpdate, { ...body, actor }),
    }),
    route({
      ...step('Cancel a quote', SALES),
      path: '/quotes/{number}/cancel',
      body: rejectSchema,
      handler: ({ params, body, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, params.number, cancelQuoteUpdate, { ...body, actor }),
    }),
    route({
      method: 'get',
      path: '/sales/{quoteNumber}',
      tag: 'Sales',
      summary: 'Get the state of a sale from its workflow',
      roles: ALL_ROLES,
      handler: ({ params }) => sales.state(params.quoteNumber),
    }),

    route({
      method: 'post',
      path: '/orders',
      tag: 'Orders',
      summary: 'Enter an order directly (phone or counter sale), priced like a quote',
      roles: SALES,
      body: newOrderSchema,
      status: 201,
      handler: async ({ body, idempotencyKey, actor }) => {
        const order = await call(nc, OrderCommands.createDirect, command(body, { idempotencyKey, actor }));
        await sales.startDirect(order);
        return order;
      },
    }),
    route({
      method: 'get',
      path: '/orders',
      tag: 'Orders',
      summary:
        'List orders: filters (number prefix, customer, total range net or gross in EUR, status, billing and payment status, type, tags, assignee, lead source, dates), a sort column with direction (default: rush orders first, newest first), offset or keyset paging (cursor), and the number of all matching orders (total)',
      roles: ALL_ROLES,
      query: orderListQuery,
      handler: ({ query }) => call(nc, OrderCommands.list, query),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/attributes',
      tag: 'Orders',
      summary: 'Change the tags, assignee or lead source of an order (expectedVersion; the audit trail keeps old and new values)',
      roles: [...SALES, 'project_manager'],
      body: orderAttributesBody,
      handler: ({ params, body, actor, idempotencyKey }) =>
        call(nc, OrderCommands.setAttributes, command({ ...body, number: params.number }, { idempotencyKey, actor })),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/cancel',
      tag: 'Orders',
      summary: 'Cancel an order before anything is shipped',
      roles: SALES,
      body: cancelSchema,
      handler: async ({ params, body, actor, idempotencyKey }) =>
        sales.updateOnce(idempotencyKey, await saleOfOrder(params.number), cancelOrderUpdate, { reason: body.reason, actor }),
    }),
    route({
      method: 'get',
      path: '/orders/{number}',
      tag: 'Orders',
      summary: 'Get an order with delivered quantities',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, OrderCommands.get, { number: params.number }),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/delivery-notes',
      tag: 'Delivery notes',
      summary: 'Create a delivery note for open quantities',
      roles: ['warehouse'],
      body: deliveryRequestSchema,
      status: 201,
      handler: async ({ params, body, actor, idempotencyKey }) =>
        sales.updateOnce(idempotencyKey, await saleOfOrder(params.number), createDeliveryNoteUpdate, { ...body, actor }),
    }),
    route({
      method: 'get',
      path: '/orders/{number}/delivery-notes',
      tag: 'Delivery notes',
      summary: 'List all delivery notes of an order',
      roles: ALL_ROLES,
      handler: async ({ params }) => (await call(nc, FulfillmentCommands.list, { orderNumber: params.number, limit: MAX_PAGE_SIZE })).items,
    }),
    route({
      method: 'get',
      path: '/delivery-notes',
      tag: 'Delivery notes',
      summary: 'List delivery notes',
      roles: ALL_ROLES,
      query: deliveryNoteListQuery,
      handler: ({ query }) => call(nc, FulfillmentCommands.list, query),
    }),
    route({
      method: 'get',
      path: '/delivery-notes/{number}',
      tag: 'Delivery notes',
      summary: 'Get a delivery note',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, FulfillmentCommands.get, { number: params.number }),
    }),
    route({
      method: 'post',
      path: '/delivery-notes/{number}/ship',
      tag: 'Delivery notes',
      summary: 'Mark a delivery note shipped',
      roles: ['warehouse'],
      body: shipSchema,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const note = await sales.routing.deliveryNote(params.number);
        return sales.updateOnce(idempotencyKey, await saleOfOrder(note.orderNumber), shipDeliveryNoteUpdate, { number: note.number, ...body, actor });
      },
    }),
    // The arrival changes nothing the sale decides on, so it goes to the warehouse's owner directly.
    route({
      method: 'post',
      path: '/delivery-notes/{number}/delivered',
      tag: 'Delivery notes',
      summary: "Record the date a shipped note's goods arrived at the customer (409 not_shipped before shipping)",
      roles: ['warehouse'],
      body: markDeliveredSchema,
      handler: ({ params, body, actor, idempotencyKey }) =>
        call(nc, FulfillmentCommands.markDelivered, command({ number: params.number, ...body }, { idempotencyKey, actor })),
    }),

    route({
      method: 'post',
      path: '/invoices',
      tag: 'Invoices',
      summary:
        'Invoice shipped delivery notes: issued at once, or as a draft (draft: true) to edit and issue later; notes of several orders of one customer (or with customerId) make one combined invoice (Sammelrechnung) when currency, rate, payment terms and tax case match',
      roles: ['accounting', 'project_manager'],
      body: invoiceRequestSchema,
      status: 201,
      handler: async ({ body, actor, idempotencyKey }) => {
        const notes = await Promise.all([...new Set(body.deliveryNoteNumbers)].map((number) => sales.routing.deliveryNote(number)));
        const first = notes[0]!;
        // Notes of several orders (or a customer named) make one combined invoice (Sammelrechnung) over their sales.
        if (body.customerId !== undefined || notes.some((n) => n.orderNumber !== first.orderNumber)) {
          if (body.draft || body.remark !== undefined)
            throw new ValidationError('a combined invoice is issued at once', [{ field: body.draft ? 'draft' : 'remark', message: 'drafts bill one order' }]);
          return sales.combinedInvoice({
            deliveryNoteNumbers: body.deliveryNoteNumbers,
            ...(body.customerId !== undefined ? { customerId: body.customerId } : {}),
            requestKey: idempotencyKey ?? randomUUID(),
            ...(actor ? { actor } : {}),
          });
        }
        if (body.draft) {
          const { draft: _draft, customerId: _customer, ...content } = body;
          return call(nc, DraftCommands.create, command({ ...content, orderNumber: first.orderNumber }, { idempotencyKey, actor }));
        }
        if (body.remark !== undefined) throw new ValidationError('a remark is written on a draft', [{ field: 'remark', message: 'only with draft: true' }]);
        return sales.updateOnce(idempotencyKey, await saleOfOrder(first.orderNumber), createInvoiceUpdate, {
          deliveryNoteNumbers: body.deliveryNoteNumbers,
          actor,
        });
      },
    }),
    route({
      method: 'get',
      path: '/invoices',
      tag: 'Invoices',
      summary: 'List invoices',
      roles: ALL_ROLES,
      query: invoiceListQuery,
      handler: ({ query }) => call(nc, InvoicingCommands.list, query),
    }),
    route({
      method: 'get',
      path: '/invoices/{number}',
      tag: 'Invoices',
      summary: 'Get an invoice with its payments',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, InvoicingCommands.get, { number: params.number }),
    }),
    route({
      method: 'post',
      path: '/invoices/{number}/payments',
      tag: 'Invoices',
      summary: 'Record a payment',
      roles: ['accounting'],
      body: paymentSchema,
      status: 201,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const invoice = await sales.routing.invoice(params.number);
        return sales.updateOnce(idempotencyKey, await saleOfOrder(invoice.orderNumber), recordPaymentUpdate, { invoiceNumber: invoice.number, ...body, actor });
      },
    }),
    route({
      method: 'post',
      path: '/invoices/{number}/cancel',
      tag: 'Invoices',
      summary:
        'Cancel an unpaid invoice by a cancellation invoice (Stornorechnung, ST-…) reversing it in full; answers the invoice (cancelled, as issued) with the ST in corrections. A paid or partly paid invoice, or one with credit notes, answers 409: correct it by a credit note',
      roles: ['accounting'],
      body: cancelSchema,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const invoice = await sales.routing.invoice(params.number);
        return sales.updateOnce(idempotencyKey, await saleOfOrder(invoice.orderNumber), cancelInvoiceUpdate, {
          invoiceNumber: invoice.number,
          reason: body.reason,
          actor,
        });
      },
    }),
  ];
}
