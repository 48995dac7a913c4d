import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { QuoteCommands } from '../../../shared/contracts/quote/index.ts';
import { StockCommands as S } from '../../../shared/contracts/fulfillment/stock.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { DomainError, ValidationError } from '../../../shared/errors.ts';
import { changeOnHand, createWarehouse, setBin, listBackorders, listLevels, listMoves, listWarehouses, orderFulfilment } from './warehouse.service.ts';

/** The warehouse's NATS API: warehouses, receipts, corrections, levels, the ledger, backorders and an order's fulfilment. */
export function stockEndpoints(ctx: ServiceContext) {
  // The product (id, SKU, goods or service) comes from the catalog's owner, read before the transaction.
  const productOf = (idOrSku: string) =>
    call(ctx.nc, QuoteCommands.productGet, { id: idOrSku }).catch((err: unknown) => {
      // An unknown product is the caller's mistake in the field it sent.
      if (err instanceof DomainError && err.status === 404)
        throw new ValidationError(`unknown product ${idOrSku}`, [{ field: 'product', message: 'no product with this id or SKU' }]);
      throw err;
    });
  return [
    endpoint(S.warehouses, () => listWarehouses(ctx.em())),
    endpoint(S.createWarehouse, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, S.createWarehouse.subject, (tx) => createWarehouse(tx, input, input.actor)),
    ),
    endpoint(S.receipt, async (input) => {
      const product = await productOf(input.product);
      return onceByKey(ctx.em(), input.idempotencyKey, S.receipt.subject, (tx) => changeOnHand(tx, 'receipt', product, input, input.actor));
    }),
    endpoint(S.correction, async (input) => {
      const product = await productOf(input.product);
      return onceByKey(ctx.em(), input.idempotencyKey, S.correction.subject, (tx) => changeOnHand(tx, 'correction', product, input, input.actor));
    }),
    endpoint(S.setBin, async (input) => {
      const product = await productOf(input.product);
      return onceByKey(ctx.em(), input.idempotencyKey, S.setBin.subject, (tx) => setBin(tx, product, input, input.actor));
    }),
    endpoint(S.levels, (q) => listLevels(ctx.em(), q)),
    endpoint(S.moves, (q) => listMoves(ctx.em(), q)),
    endpoint(S.backorders, (q) => listBackorders(ctx.em(), q)),
    endpoint(S.orderFulfilment, (q) => orderFulfilment(ctx.em(), q.number, () => call(ctx.nc, OrderCommands.get, { number: q.number }))),
  ];
}
