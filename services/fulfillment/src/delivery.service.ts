import { randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { DeliveryNote, ShipResult } from '../../../shared/contracts/fulfillment/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { DeliveryCreated, DeliveryShipped } from '../../../shared/contracts/fulfillment/events.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { DeliveryNoteEntity, type DeliveryNoteRow } from './entities.ts';
import { coversOrder, deliveryStates, planDelivery, type ShipRequestLine } from './domain/delivery.ts';
import { shipStock, stockForNote } from './stock.service.ts';

export function deliveryJson(d: DeliveryNoteRow): DeliveryNote {
  return {
    number: d.number,
    orderNumber: d.orderNumber,
    status: d.status,
    customer: d.customer,
    lines: d.lines,
    carrier: d.carrier ?? null,
    trackingNumber: d.trackingNumber ?? null,
    shippedAt: d.shippedAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    version: d.version,
  };
}

/** Creates a delivery note (LS) for open quantities of an order. */
export async function createDeliveryNote(tx: Em, order: SalesOrder, requested?: ShipRequestLine[], actor?: Actor): Promise<DeliveryNote> {
  if (order.status === 'cancelled') throw new ConflictError(`order ${order.number} is cancelled`, 'order_cancelled');
  // Serialise notes of one order so two clerks cannot both ship the last units.
  await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`delivery:${order.number}`]);
  const earlier = await tx.find(DeliveryNoteEntity, { orderNumber: order.number, status: { $ne: 'cancelled' } });
  const planned = planDelivery(order.lines, earlier.flatMap((d) => d.lines), requested);
  const now = new Date();
  const number = await nextDocumentNumber(tx, 'LS', now);
  // Stocked goods ship what is available to the order; with backorders allowed a note without lines takes what there is.
  const lines = await stockForNote(tx, order, planned, earlier, requested === undefined && order.allowBackorders === true, number, actor);
  const row = tx.create(DeliveryNoteEntity, {
    id: `dln_${randomUUID()}`,
    number,
    orderNumber: order.number,
    status: 'open',
    customer: order.customer,
    lines,
    carrier: null,
    trackingNumber: null,
    shippedAt: null,
    createdAt: now,
    version: 1,
  });
  tx.persist(row);
  recordEvent(tx, DeliveryCreated, { number: row.number, orderNumber: order.number });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'delivery_note', aggregateId: row.number, action: 'created', actor, details: { orderNumber: order.number, lines } });
  return deliveryJson(row);
}

/**
 * Ships a note and says whether the shipped notes of its order now cover
 * every ordered position (the order's lines come from the order service).
 */
export async function shipDeliveryNote(
  tx: Em, number: string, carrier: string, trackingNumber: string | undefined, expectedVersion: number | undefined, actor: Actor | undefined,
  orderOf: (orderNumber: string) => Promise<SalesOrder>,
): Promise<ShipResult> {
  const row = await findForUpdate(tx, DeliveryNoteEntity, { number }, `delivery note ${number}`, expectedVersion);
  row.status = deliveryStates.next(row.status, 'ship');
  row.carrier = carrier;
  row.trackingNumber = trackingNumber ?? null;
  row.shippedAt = new Date();
  await tx.flush();
  await shipStock(tx, row, actor);
  const order = await orderOf(row.orderNumber);
  const shipped = await tx.find(DeliveryNoteEntity, { orderNumber: row.orderNumber, status: 'shipped' });
  const orderComplete = coversOrder(order.lines, shipped.flatMap((d) => d.lines));
  recordEvent(tx, DeliveryShipped, {
    number,
    orderNumber: row.orderNumber,
    lines: row.lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })),
    shippedAt: row.shippedAt.toISOString(),
    orderComplete,
  });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'delivery_note', aggregateId: number, action: 'ship', actor, details: { carrier, trackingNumber: trackingNumber ?? null } });
  return { deliveryNote: deliveryJson(row), orderComplete };
}

export async function findDeliveryNote(em: Em, number: string): Promise<DeliveryNoteRow> {
  const row = await em.findOne(DeliveryNoteEntity, { number });
  if (!row) throw new NotFoundError(`delivery note ${number} not found`, 'number');
  return row;
}
