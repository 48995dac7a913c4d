import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import { endOfBerlinDay } from '../../../../shared/dates.ts';
import { OrderLineCommands, lineCancelBody, promisedDateBody } from '../../../../shared/contracts/order/index.ts';
import { cancelOrderLineUpdate, promisedDateChangedSignal } from '../../../../workflows/src/sale.contract.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route } from '../http/routes.ts';
import { command } from './common.ts';

/** Sales staff and planners may cancel what of a line has not shipped; only planners move promised dates. */
const LINE_CANCEL_ROLES = ['sales', 'sales_manager', 'planner'] as const;

function orderPosition(position: string): number {
  if (!/^[1-9]\d{0,5}$/.test(position))
    throw new ValidationError(`no such order position '${position}'`, [{ field: 'position', message: 'must be an order position (1, 2, …)' }]);
  return Number(position);
}

/**
 * Changes of single lines of a confirmed order. A cancellation is a step of the
 * order's sale (it queues with its delivery notes and shipments); a new promised
 * date is the order service's, and the sale is told so that its timer follows.
 */
export function orderLineRoutes(nc: NatsConnection, sales: SalesClient): Route[] {
  const saleOf = (orderNumber: string) => sales.routing.saleOfOrder(orderNumber);
  return [
    route({
      method: 'post',
      path: '/orders/{number}/lines/{position}/cancel',
      tag: 'Orders',
      summary:
        'Cancel (part of) an order line that has not shipped and is on no delivery note; its reservation or backorder is released, and cancelled quantities count as delivered',
      roles: LINE_CANCEL_ROLES,
      body: lineCancelBody,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const position = orderPosition(params.position);
        return sales.updateOnce(idempotencyKey, await saleOf(params.number), cancelOrderLineUpdate, {
          position,
          ...(body.quantity ? { quantity: body.quantity } : {}),
          reason: body.reason,
          actor,
        });
      },
    }),
    route({
      method: 'post',
      path: '/orders/{number}/lines/{position}/promised-date',
      tag: 'Orders',
      summary: "Move a make-to-order line's promised date (audited with the old and the new date); the sale reminds by the new date",
      roles: ['planner'],
      body: promisedDateBody,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const position = orderPosition(params.position);
        const order = await call(
          nc,
          OrderLineCommands.promisedDate,
          command({ ...body, orderNumber: params.number, orderPosition: position }, { idempotencyKey, actor }),
        );
        try {
          await sales.signal(order.quoteNumber ?? order.number, promisedDateChangedSignal, {
            position,
            promisedDate: body.promisedDate,
            dueAt: endOfBerlinDay(body.promisedDate).toISOString(),
          });
        } catch (err) {
          // The date is written; the sale learns it with the next change of the line's date.
          console.error(`[gateway] telling the sale of ${order.number} about the new date of position ${position} failed`, err);
        }
        return order;
      },
    }),
  ];
}
