import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { ReturnCommands, cancelReturnSchema, returnListQuery, returnRequestSchema } from '../../../../shared/contracts/fulfillment/returns.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';

/** Returns (Retouren, RMA) of shipped goods: announce, receive into stock or the blocked warehouse, cancel, read (fulfillment service). */
export function returnRoutes(nc: NatsConnection): Route[] {
  return [
    route({
      method: 'post',
      path: '/orders/{number}/returns',
      tag: 'Returns',
      roles: ['sales', 'warehouse'],
      body: returnRequestSchema,
      status: 201,
      summary:
        'Announce a return of shipped quantities (per line: order position or the shipped delivery note and its line, quantity, reason, condition resaleable or damaged); more than shipped minus earlier returns answers 409 exceeds_shipped',
      handler: ({ params, body, idempotencyKey, actor }) =>
        call(nc, ReturnCommands.create, command({ ...body, orderNumber: params.number }, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/orders/{number}/returns',
      tag: 'Returns',
      summary: 'List the returns of an order',
      roles: ALL_ROLES,
      handler: async ({ params }) => (await call(nc, ReturnCommands.list, { orderNumber: params.number, limit: 200, offset: 0 })).items,
    }),
    route({
      method: 'get',
      path: '/returns',
      tag: 'Returns',
      summary: 'List returns, newest first',
      roles: ALL_ROLES,
      query: returnListQuery,
      handler: ({ query }) => call(nc, ReturnCommands.list, query),
    }),
    route({
      method: 'get',
      path: '/returns/{number}',
      tag: 'Returns',
      summary: 'Get a return',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, ReturnCommands.get, { number: params.number }),
    }),
    route({
      method: 'post',
      path: '/returns/{number}/receive',
      tag: 'Returns',
      roles: ['warehouse'],
      summary:
        "Receive a return's goods: resaleable ones back into stock (serving backorders), damaged ones into the blocked warehouse SPERR; emits events.fulfillment.return.received once",
      handler: ({ params, idempotencyKey, actor }) => call(nc, ReturnCommands.receive, command({ number: params.number }, { idempotencyKey, actor })),
    }),
    route({
      method: 'post',
      path: '/returns/{number}/cancel',
      tag: 'Returns',
      summary: 'Cancel a return before its goods are received',
      roles: ['sales', 'warehouse'],
      body: cancelReturnSchema,
      handler: ({ params, body, idempotencyKey, actor }) =>
        call(nc, ReturnCommands.cancel, command({ ...body, number: params.number }, { idempotencyKey, actor })),
    }),
  ];
}
