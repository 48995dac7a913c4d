import type { NatsConnection } from '@nats-io/transport-node';
import { request } from '../../../../shared/nats/rpc.ts';
import { QuoteSubjects } from '../../../../shared/contracts/quote.ts';
import { customerUpdateSchema, newCustomerSchema, newProductSchema } from '../../../../shared/contracts/schemas.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';
import { pagingQuery } from '../../../../shared/contracts/lists.ts';

/** Customers and products (master data owned by the quote service). */
export function catalogRoutes(nc: NatsConnection): Route[] {
  return [
    route({ method: 'post', path: '/customers', tag: 'Customers', summary: 'Create a customer', roles: ['sales', 'sales_manager'], body: newCustomerSchema, status: 201,
      handler: ({ body, idempotencyKey, actor }) => request(nc, QuoteSubjects.customerCreate, command(body, { idempotencyKey, actor })) }),
    route({ method: 'get', path: '/customers', tag: 'Customers', summary: 'List customers', roles: ALL_ROLES, query: pagingQuery,
      handler: ({ query }) => request(nc, QuoteSubjects.customerList, query) }),
    route({ method: 'post', path: '/customers/{id}', tag: 'Customers', summary: 'Change a customer (expectedVersion required)', roles: ['sales', 'sales_manager'], body: customerUpdateSchema,
      handler: ({ params, body, idempotencyKey, actor }) => request(nc, QuoteSubjects.customerUpdate, { id: params.id, change: body, actor, ...(idempotencyKey ? { idempotencyKey } : {}) }) }),
    route({ method: 'get', path: '/customers/{id}', tag: 'Customers', summary: 'Get a customer', roles: ALL_ROLES,
      handler: ({ params }) => request(nc, QuoteSubjects.customerGet, { id: params.id }) }),
    route({ method: 'post', path: '/products', tag: 'Products', summary: 'Create a product', roles: ['sales_manager'], body: newProductSchema, status: 201,
      handler: ({ body, idempotencyKey, actor }) => request(nc, QuoteSubjects.productCreate, command(body, { idempotencyKey, actor })) }),
    route({ method: 'get', path: '/products', tag: 'Products', summary: 'List products', roles: ALL_ROLES, query: pagingQuery,
      handler: ({ query }) => request(nc, QuoteSubjects.productList, query) }),
    route({ method: 'get', path: '/products/{id}', tag: 'Products', summary: 'Get a product by id or SKU', roles: ALL_ROLES,
      handler: ({ params }) => request(nc, QuoteSubjects.productGet, { id: params.id }) }),
  ];
}

