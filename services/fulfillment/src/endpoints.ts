import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { endpoint, request } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { FulfillmentSubjects } from '../../../shared/contracts/fulfillment.ts';
import { OrderSubjects, type SalesOrder } from '../../../shared/contracts/order.ts';
import { deliveryRequestSchema, documentNumber, idempotencyKey, shipSchema, actorSchema } from '../../../shared/contracts/schemas.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { deliveryNoteListQuery, documentWhere, toPage } from '../../../shared/contracts/lists.ts';
import { DeliveryNoteEntity, type DeliveryNoteRow } from './entities.ts';
import { createDeliveryNote, deliveryJson, findDeliveryNote, shipDeliveryNote } from './delivery.service.ts';

const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };

/** The fulfillment service's NATS API: delivery notes. */
export function fulfillmentEndpoints(ctx: ServiceContext) {
  const orderOf = (number: string) => request<SalesOrder>(ctx.nc, OrderSubjects.get, { number });
  return [
    // The caller names the order and the quantities; the order's lines and status come from the order service.
    endpoint(FulfillmentSubjects.create, deliveryRequestSchema.extend({ orderNumber: documentNumber, ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, FulfillmentSubjects.create, async (tx) =>
        createDeliveryNote(tx, await orderOf(input.orderNumber), input.lines, input.actor)).finally(() => ctx.relay.kick())),
    endpoint(FulfillmentSubjects.ship, shipSchema.extend({ number: documentNumber, expectedVersion: z.number().int().optional(), ...keyed }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, FulfillmentSubjects.ship, (tx) =>
        shipDeliveryNote(tx, input.number, input.carrier, input.trackingNumber, input.expectedVersion, input.actor, orderOf)).finally(() => ctx.relay.kick())),
    endpoint(FulfillmentSubjects.get, z.object({ number: documentNumber }), async (input) => deliveryJson(await findDeliveryNote(ctx.em(), input.number))),
    endpoint(FulfillmentSubjects.list, deliveryNoteListQuery, async (q) => {
      const where = { ...documentWhere(q), ...(q.status ? { status: q.status } : {}), ...(q.orderNumber ? { orderNumber: q.orderNumber } : {}) };
      const rows = await ctx.em().find(DeliveryNoteEntity, where as FilterQuery<DeliveryNoteRow>, { orderBy: { number: 'desc' }, limit: q.limit + 1, offset: q.offset });
      return toPage(rows, q, deliveryJson);
    }),
  ];
}
