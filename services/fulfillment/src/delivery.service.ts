import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { DeliveryNote, PickList, ShippingMethod, ShipResult } from '../../../shared/contracts/fulfillment/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { DeliveryCreated, DeliveryShipped } from '../../../shared/contracts/fulfillment/events.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { DeliveryNoteEntity, type DeliveryNoteRow } from './entities.ts';
import { checkDelivered, coversOrder, deliveryStates, planDelivery, type ShipRequestLine } from './domain/delivery.ts';
import { awaitingProduction, nothingReleased, refuseAwaiting } from './production.service.ts';
import {
  SELECT_LEVELS,
  backorderedPositions,
  levelKey,
  levelOf,
  shipStock,
  stockForNote,
  type LevelRow,
  type LineRow,
  type LockedLevel,
} from './stock.service.ts';

export function deliveryJson(d: DeliveryNoteRow): DeliveryNote {
  return {
    number: d.number,
    orderNumber: d.orderNumber,
    status: d.status,
    customer: d.customer,
    lines: d.lines,
    shippingMethod: d.shippingMethod ?? null,
    carrier: d.carrier ?? null,
    trackingNumber: d.trackingNumber ?? null,
    shippedAt: d.shippedAt?.toISOString() ?? null,
    deliveredOn: d.deliveredOn ?? null,
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
  // Make-to-order lines wait for their goods: named ones are refused, a note without lines leaves them out.
  const awaiting = await awaitingProduction(tx, order);
  if (requested) refuseAwaiting(order.number, awaiting, requested);
  const shippable = requested ? order.lines : order.lines.filter((l) => !awaiting.includes(l));
  let planned;
  try {
    planned = planDelivery(
      shippable,
      earlier.flatMap((d) => d.lines),
      requested,
    );
  } catch (err) {
    if (err instanceof ConflictError && err.code === 'nothing_open' && awaiting.length > 0) nothingReleased(order.number, awaiting);
    throw err;
  }
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
    shippingMethod: null,
    carrier: null,
    trackingNumber: null,
    shippedAt: null,
    deliveredOn: null,
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
  tx: Em,
  number: string,
  shipping: { method: ShippingMethod; carrier: string; trackingNumber?: string | undefined },
  expectedVersion: number | undefined,
  actor: Actor | undefined,
  orderOf: (orderNumber: string) => Promise<SalesOrder>,
): Promise<ShipResult> {
  const { method, carrier, trackingNumber } = shipping;
  const row = await findForUpdate(tx, DeliveryNoteEntity, { number }, `delivery note ${number}`, expectedVersion);
  row.status = deliveryStates.next(row.status, 'ship');
  row.shippingMethod = method;
  row.carrier = carrier;
  row.trackingNumber = trackingNumber ?? null;
  row.shippedAt = new Date();
  await tx.flush();
  await shipStock(tx, row, actor);
  const order = await orderOf(row.orderNumber);
  const shipped = await tx.find(DeliveryNoteEntity, { orderNumber: row.orderNumber, status: 'shipped' });
  const orderComplete = coversOrder(
    order.lines,
    shipped.flatMap((d) => d.lines),
  );
  // Tells the sale which positions now wait for stock (only when some do, so plain shipments answer as before).
  const backordered = orderComplete ? [] : await backorderedPositions(tx, row.orderNumber);
  recordEvent(tx, DeliveryShipped, {
    number,
    orderNumber: row.orderNumber,
    lines: row.lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })),
    shippedAt: row.shippedAt.toISOString(),
    orderComplete,
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'delivery_note',
    aggregateId: number,
    action: 'ship',
    actor,
    details: { method, carrier, trackingNumber: trackingNumber ?? null },
  });
  return { deliveryNote: deliveryJson(row), orderComplete, ...(backordered.length ? { awaitingStock: backordered } : {}) };
}

/** Records the date the goods of a shipped note arrived at the customer; the same date again answers the note unchanged. */
export async function markDelivered(
  tx: Em,
  number: string,
  deliveredOn: string,
  expectedVersion: number | undefined,
  actor: Actor | undefined,
): Promise<DeliveryNote> {
  const row = await findForUpdate(tx, DeliveryNoteEntity, { number }, `delivery note ${number}`, expectedVersion);
  const shippedOn = row.shippedAt ? berlinDate(row.shippedAt) : null;
  if (!checkDelivered({ number, status: row.status, shippedOn, deliveredOn: row.deliveredOn ?? null }, deliveredOn, berlinDate(new Date())))
    return deliveryJson(row);
  row.deliveredOn = deliveredOn;
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'delivery_note', aggregateId: number, action: 'delivered', actor, details: { deliveredOn } });
  return deliveryJson(row);
}

/**
 * A note's pick list: each line with the warehouse it ships from (the line's
 * own once it has reserved there, else the one with most available, as
 * shipping picks it) and the product's storage bin there; null when unknown
 * (a product without stock, a note from before the warehouse kept stock).
 */
export async function pickList(em: Em, number: string): Promise<PickList> {
  const note = await findDeliveryNote(em, number);
  const orderLines = await em.execute<LineRow[]>(`select * from order_line_stock where order_number = ?`, [note.orderNumber]);
  const productIds = [...new Set(orderLines.map((l) => l.product_id))];
  const levelRows = productIds.length ? await em.execute<LevelRow[]>(`${SELECT_LEVELS} where stock_level.product_id in (?)`, [productIds]) : [];
  const levels = new Map<string, LockedLevel>(
    levelRows.map((r) => [
      levelKey(r.product_id, r.warehouse_code),
      {
        productId: r.product_id,
        warehouse: r.warehouse_code,
        sku: r.sku,
        onHand: new Decimal(r.on_hand),
        reserved: new Decimal(r.reserved),
        blocked: r.blocked,
      },
    ]),
  );
  const bins = new Map(levelRows.map((r) => [levelKey(r.product_id, r.warehouse_code), r.bin]));
  return {
    number: note.number,
    orderNumber: note.orderNumber,
    customer: note.customer,
    createdAt: note.createdAt.toISOString(),
    lines: note.lines.map((l) => {
      const line = orderLines.find((o) => o.position === l.orderPosition);
      const level = line ? levelOf(levels, line.product_id, line.warehouse_code) : null;
      return {
        ...l,
        warehouse: level?.warehouse ?? line?.warehouse_code ?? null,
        bin: level ? (bins.get(levelKey(level.productId, level.warehouse)) ?? null) : null,
      };
    }),
  };
}

export async function findDeliveryNote(em: Em, number: string): Promise<DeliveryNoteRow> {
  const row = await em.findOne(DeliveryNoteEntity, { number });
  if (!row) throw new NotFoundError(`delivery note ${number} not found`, 'number');
  return row;
}
