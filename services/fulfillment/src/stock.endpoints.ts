import { z } from 'zod';
import { endpoint, request } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { OrderSubjects, type SalesOrder } from '../../../shared/contracts/order.ts';
import { QuoteSubjects, type Product } from '../../../shared/contracts/quote.ts';
import { actorSchema, idempotencyKey } from '../../../shared/contracts/schemas.ts';
import {
  StockSubjects, backorderQuery, correctionSchema, newWarehouseSchema, orderFulfilmentQuery, receiptSchema, stockLevelQuery, stockMoveQuery,
} from '../../../shared/contracts/fulfillment/stock.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { DomainError, ValidationError } from '../../../shared/errors.ts';
import { changeOnHand, createWarehouse, listBackorders, listLevels, listMoves, listWarehouses, orderFulfilment } from './warehouse.service.ts';

const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };

/** The warehouse's NATS API: warehouses, receipts, corrections, levels, the ledger, backorders and an order's fulfilment. */
export function stockEndpoints(ctx: ServiceContext) {
  // The product (id, SKU, goods or service) comes from the catalog's owner, read before the transaction.
  const productOf = (idOrSku: string) => request<Product>(ctx.nc, QuoteSubjects.productGet, { id: idOrSku }).catch((err: unknown) => {
    // An unknown product is the caller's mistake in the field it sent.
    if (err instanceof DomainError && err.status === 404) throw new ValidationError(`unknown product ${idOrSku}`, [{ field: 'product', message: 'no product with this id or SKU' }]);
    throw err;
  });
  return [
    endpoint(StockSubjects.warehouses, z.object({}), () => listWarehouses(ctx.em())),
    endpoint(StockSubjects.createWarehouse, newWarehouseSchema.extend(keyed), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, StockSubjects.createWarehouse, (tx) => createWarehouse(tx, input, input.actor))),
    endpoint(StockSubjects.receipt, receiptSchema.extend(keyed), async (input) => {
      const product = await productOf(input.product);
      return onceByKey(ctx.em(), input.idempotencyKey, StockSubjects.receipt, (tx) => changeOnHand(tx, 'receipt', product, input, input.actor));
    }),
    endpoint(StockSubjects.correction, correctionSchema.extend(keyed), async (input) => {
      const product = await productOf(input.product);
      return onceByKey(ctx.em(), input.idempotencyKey, StockSubjects.correction, (tx) => changeOnHand(tx, 'correction', product, input, input.actor));
    }),
    endpoint(StockSubjects.levels, stockLevelQuery, (q) => listLevels(ctx.em(), q)),
    endpoint(StockSubjects.moves, stockMoveQuery, (q) => listMoves(ctx.em(), q)),
    endpoint(StockSubjects.backorders, backorderQuery, (q) => listBackorders(ctx.em(), q)),
    endpoint(StockSubjects.orderFulfilment, orderFulfilmentQuery, (q) =>
      orderFulfilment(ctx.em(), q.number, () => request<SalesOrder>(ctx.nc, OrderSubjects.get, { number: q.number }))),
  ];
}
