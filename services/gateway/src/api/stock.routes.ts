import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import {
  StockCommands,
  backorderQuery,
  binSchema,
  correctionSchema,
  newWarehouseSchema,
  receiptSchema,
  stockLevelQuery,
  stockMoveQuery,
} from '../../../../shared/contracts/fulfillment/stock.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';

const WAREHOUSE = ['warehouse'] as const;

/** The warehouse: stock levels, goods receipts, corrections, the move ledger, backorders and an order's fulfilment (fulfillment service). */
export function stockRoutes(nc: NatsConnection): Route[] {
  return [
    route({
      method: 'get',
      path: '/warehouses',
      tag: 'Stock',
      summary: 'List warehouses',
      roles: ALL_ROLES,
      handler: () => call(nc, StockCommands.warehouses, {}),
    }),
    route({
      method: 'post',
      path: '/warehouses',
      tag: 'Stock',
      summary: 'Create a warehouse',
      roles: WAREHOUSE,
      body: newWarehouseSchema,
      status: 201,
      handler: ({ body, idempotencyKey, actor }) => call(nc, StockCommands.createWarehouse, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/stock',
      tag: 'Stock',
      summary: 'List stock levels per product and warehouse: on hand, reserved, available',
      roles: ALL_ROLES,
      query: stockLevelQuery,
      handler: ({ query }) => call(nc, StockCommands.levels, query),
    }),
    route({
      method: 'get',
      path: '/stock/moves',
      tag: 'Stock',
      summary: 'List the stock move ledger, newest first',
      roles: ALL_ROLES,
      query: stockMoveQuery,
      handler: ({ query }) => call(nc, StockCommands.moves, query),
    }),
    route({
      method: 'post',
      path: '/stock/receipts',
      tag: 'Stock',
      summary: 'Book a goods receipt; open backorders of the product are reserved oldest order first',
      roles: WAREHOUSE,
      body: receiptSchema,
      status: 201,
      handler: ({ body, idempotencyKey, actor }) => call(nc, StockCommands.receipt, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'post',
      path: '/stock/corrections',
      tag: 'Stock',
      summary: 'Correct the quantity on hand by a signed quantity, with a reason',
      roles: WAREHOUSE,
      body: correctionSchema,
      status: 201,
      handler: ({ body, idempotencyKey, actor }) => call(nc, StockCommands.correction, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'post',
      path: '/stock/bins',
      tag: 'Stock',
      summary: 'Set (or with null clear) the storage bin of a product in a warehouse that has its stock; printed on pick lists',
      roles: WAREHOUSE,
      body: binSchema,
      handler: ({ body, idempotencyKey, actor }) => call(nc, StockCommands.setBin, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/backorders',
      tag: 'Stock',
      summary: 'List open order quantities across orders, oldest order first, with whether stock is available now',
      roles: ALL_ROLES,
      query: backorderQuery,
      handler: ({ query }) => call(nc, StockCommands.backorders, query),
    }),
    route({
      method: 'get',
      path: '/orders/{number}/fulfilment',
      tag: 'Orders',
      summary: "Get an order's lines as the warehouse sees them: ordered, reserved, shipped, open, backorder",
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, StockCommands.orderFulfilment, { number: params.number }),
    }),
  ];
}
