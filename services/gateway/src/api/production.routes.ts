import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import { OrderCommands } from '../../../../shared/contracts/order/index.ts';
import { ProductionCommands, goodsReceivedBody } from '../../../../shared/contracts/fulfillment/production.ts';
import { goodsReceivedSignal } from '../../../../workflows/src/sale.contract.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route } from '../http/routes.ts';
import { command } from './common.ts';

/**
 * Make-to-order lines: the goods of a line arrived (bought in or produced).
 * The fulfillment service records the release (it owns shipping); then the
 * order's sale is told, so it stops waiting for that line.
 */
export function productionRoutes(nc: NatsConnection, sales: SalesClient): Route[] {
  return [
    route({
      method: 'post',
      path: '/orders/{number}/lines/{position}/goods-received',
      tag: 'Orders',
      summary: 'Record that the goods of a make-to-order line were received (production finished): the line may ship',
      roles: ['planner', 'warehouse'],
      body: goodsReceivedBody,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        if (!/^[1-9]\d{0,5}$/.test(params.position))
          throw new ValidationError(`no such order position '${params.position}'`, [{ field: 'position', message: 'must be an order position (1, 2, …)' }]);
        const orderPosition = Number(params.position);
        const release = await call(
          nc,
          ProductionCommands.goodsReceived,
          command({ ...body, orderNumber: params.number, orderPosition }, { idempotencyKey, actor }),
        );
        const order = await call(nc, OrderCommands.get, { number: params.number });
        try {
          // A direct order's sale is keyed by the order number itself.
          await sales.signal(order.quoteNumber ?? order.number, goodsReceivedSignal, { position: orderPosition });
        } catch (err) {
          // The release is written and shipping allowed; the sale learns it with the next goods-received call for the line.
          console.error(`[gateway] telling the sale of ${order.number} that position ${orderPosition} arrived failed`, err);
        }
        return release;
      },
    }),
  ];
}
