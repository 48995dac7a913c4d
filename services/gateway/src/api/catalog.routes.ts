import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { QuoteCommands } from '../../../../shared/contracts/quote/index.ts';
import { catalogListQuery, customerUpdateSchema, newCustomerSchema, newProductSchema } from '../../../../shared/contracts/quote/index.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';

/** Customers and products (master data owned by the quote service). */
export function catalogRoutes(nc: NatsConnection): Route[] {
  return [
    route({
      method: 'post',
      path: '/customers',
      tag: 'Customers',
      summary: 'Create a customer',
      roles: ['sales', 'sales_manager'],
      body: newCustomerSchema,
      status: 201,
      handler: ({ body, idempotencyKey, actor }) => call(nc, QuoteCommands.customerCreate, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/customers',
      tag: 'Customers',
      summary: 'List customers, or find them by part of the name or the beginning of the number (search)',
      roles: ALL_ROLES,
      query: catalogListQuery,
      handler: ({ query }) => call(nc, QuoteCommands.customerList, query),
    }),
    route({
      method: 'post',
      path: '/customers/{id}',
      tag: 'Customers',
      summary: 'Change a customer (expectedVersion required)',
      roles: ['sales', 'sales_manager'],
      body: customerUpdateSchema,
      handler: ({ params, body, idempotencyKey, actor }) =>
        call(nc, QuoteCommands.customerUpdate, { id: params.id, change: body, actor, ...(idempotencyKey ? { idempotencyKey } : {}) }),
    }),
    route({
      method: 'get',
      path: '/customers/{id}',
      tag: 'Customers',
      summary: 'Get a customer',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, QuoteCommands.customerGet, { id: params.id }),
    }),
    route({
      method: 'post',
      path: '/products',
      tag: 'Products',
      summary: 'Create a product',
      roles: ['sales_manager'],
      body: newProductSchema,
      status: 201,
      handler: ({ body, idempotencyKey, actor }) => call(nc, QuoteCommands.productCreate, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/products',
      tag: 'Products',
      summary: 'List products, or find them by part of the name or the beginning of the SKU (search)',
      roles: ALL_ROLES,
      query: catalogListQuery,
      handler: ({ query }) => call(nc, QuoteCommands.productList, query),
    }),
    route({
      method: 'get',
      path: '/products/{id}',
      tag: 'Products',
      summary: 'Get a product by id or SKU',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, QuoteCommands.productGet, { id: params.id }),
    }),
  ];
}
