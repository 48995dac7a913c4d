import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { FilterQuery } from '@mikro-orm/core';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { Page } from '../../../shared/contracts/lists.ts';
import { documentWhere, toPage } from '../../../shared/contracts/lists.ts';
import { BLOCKED_WAREHOUSE } from '../../../shared/contracts/fulfillment/stock.ts';
import type { GoodsReturn, ReturnLine, ReturnRequestLine, ReturnStatus } from '../../../shared/contracts/fulfillment/returns.ts';
import { ReturnReceived } from '../../../shared/contracts/fulfillment/events.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { DeliveryNoteEntity, GoodsReturnEntity, type GoodsReturnRow } from './entities.ts';
import { planReturn, returnStates, returnWarehouse } from './domain/returns.ts';
import { levelOf, lockLevels, recordMove, serveBackorders, type LockedLevel } from './stock.service.ts';

/** Returns (Retouren, RT): announced for shipped quantities, received into stock or the blocked warehouse, or cancelled. */

export function returnJson(r: GoodsReturnRow): GoodsReturn {
  return {
    number: r.number,
    orderNumber: r.orderNumber,
    status: r.status,
    customer: r.customer,
    reference: r.reference ?? null,
    // Returns from before notes could be named have no note fields.
    lines: r.lines.map((l) => ({ ...l, deliveryNoteNumber: l.deliveryNoteNumber ?? null, deliveryNotePosition: l.deliveryNotePosition ?? null })),
    createdAt: r.createdAt.toISOString(),
    receivedAt: r.receivedAt?.toISOString() ?? null,
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    version: r.version,
  };
}

/**
 * Announces a return of shipped goods of an order. What may come back per position is
 * what shipped notes delivered minus earlier returns that are not cancelled; returns of
 * one order are serialised so two clerks cannot both take back the last unit.
 */
export async function createReturn(
  tx: Em,
  order: SalesOrder,
  input: { lines: ReturnRequestLine[]; reference?: string | undefined },
  actor?: Actor,
): Promise<GoodsReturn> {
  await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`return:${order.number}`]);
  const notes = await tx.find(DeliveryNoteEntity, { orderNumber: order.number });
  const shipped = notes.filter((n) => n.status === 'shipped');
  const earlier = await tx.find(GoodsReturnEntity, { orderNumber: order.number, status: { $ne: 'cancelled' } });
  const lines = planReturn(
    order.lines,
    shipped.flatMap((d) => d.lines),
    earlier.flatMap((r) => r.lines),
    input.lines,
    notes,
  );
  const now = new Date();
  const number = await nextDocumentNumber(tx, 'RT', now);
  const row = tx.create(GoodsReturnEntity, {
    id: `rtn_${randomUUID()}`,
    number,
    orderNumber: order.number,
    status: 'announced',
    customer: order.customer,
    reference: input.reference ?? null,
    lines,
    createdAt: now,
    receivedAt: null,
    cancelledAt: null,
    version: 1,
  });
  tx.persist(row);
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'return',
    aggregateId: number,
    action: 'created',
    actor,
    details: { orderNumber: order.number, reference: input.reference ?? null, lines },
  });
  return returnJson(row);
}

interface OrderLineWarehouse {
  position: number;
  product_id: string;
  warehouse_code: string | null;
}

/**
 * Receives a return's goods: each line of a stock-managed product is booked as a
 * `return` move, resaleable goods into the warehouse the position shipped from
 * (serving backorders there, like a receipt), damaged goods into the blocked
 * warehouse; then `events.fulfillment.return.received` is recorded in the same
 * transaction (the outbox publishes it once). Lines of products the warehouse keeps
 * no stock of are received without a move.
 */
export async function receiveReturn(tx: Em, number: string, actor?: Actor): Promise<GoodsReturn> {
  const row = await findForUpdate(tx, GoodsReturnEntity, { number }, `return ${number}`);
  row.status = returnStates.next(row.status, 'receive');
  const orderLines = await tx.execute<OrderLineWarehouse[]>(
    `select position, product_id, warehouse_code from order_line_stock where order_number = ? and position in (?)`,
    [row.orderNumber, row.lines.map((l) => l.orderPosition)],
  );
  const productOf = (pos: number) => orderLines.find((l) => l.position === pos);
  const productIds = orderLines.map((l) => l.product_id);
  let levels = await lockLevels(tx, productIds);
  const targets = row.lines.map((line) => {
    const ol = productOf(line.orderPosition);
    if (!ol) return null; // an order from before the warehouse kept stock
    const shippedFrom = ol.warehouse_code ?? levelOf(levels, ol.product_id, null)?.warehouse ?? null;
    const warehouse = returnWarehouse(line.condition, shippedFrom, BLOCKED_WAREHOUSE);
    return warehouse ? { productId: ol.product_id, warehouse } : null;
  });
  // The blocked warehouse gets a level for a product on its first damaged return.
  let added = false;
  for (const [i, t] of targets.entries()) {
    if (!t || levels.has(`${t.productId}\n${t.warehouse}`)) continue;
    await tx.execute(
      `insert into stock_level (product_id, warehouse_code, sku) values (?, ?, ?) on conflict do nothing`,
      [t.productId, t.warehouse, row.lines[i]!.sku],
      'run',
    );
    added = true;
  }
  if (added) levels = await lockLevels(tx, productIds);
  const restocked = new Map<string, LockedLevel>();
  const lines: ReturnLine[] = [];
  for (const [i, line] of row.lines.entries()) {
    const target = targets[i];
    const level = target ? levels.get(`${target.productId}\n${target.warehouse}`) : undefined;
    if (level) {
      const quantity = new Decimal(line.quantity);
      await recordMove(
        tx,
        level,
        {
          kind: 'return',
          quantity,
          onHandChange: quantity,
          reservedChange: new Decimal(0),
          reason: `${line.condition}: ${line.reason}`,
          documentType: 'return',
          documentNumber: number,
          orderPosition: line.orderPosition,
          actor,
        },
        `lines[${i}].quantity`,
      );
      if (!level.blocked) restocked.set(`${level.productId}\n${level.warehouse}`, level);
    }
    lines.push({ ...line, warehouse: level?.warehouse ?? null });
  }
  // Returned goods serve waiting orders at once, oldest first, as a receipt does.
  const reservedFor = [];
  for (const level of restocked.values()) reservedFor.push(...(await serveBackorders(tx, level, actor)));
  row.lines = lines;
  row.receivedAt = new Date();
  await tx.flush();
  recordEvent(tx, ReturnReceived, {
    number,
    orderNumber: row.orderNumber,
    receivedAt: row.receivedAt.toISOString(),
    lines: lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity, condition: l.condition })),
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'return',
    aggregateId: number,
    action: 'received',
    actor,
    details: {
      lines: lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity, condition: l.condition, warehouse: l.warehouse })),
      reservedFor,
    },
  });
  return returnJson(row);
}

/** Cancels a return whose goods have not arrived; its quantities become returnable again. */
export async function cancelReturn(tx: Em, number: string, reason: string | undefined, actor?: Actor): Promise<GoodsReturn> {
  const row = await findForUpdate(tx, GoodsReturnEntity, { number }, `return ${number}`);
  row.status = returnStates.next(row.status, 'cancel');
  row.cancelledAt = new Date();
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'return', aggregateId: number, action: 'cancelled', actor, details: { reason: reason ?? null } });
  return returnJson(row);
}

export async function findReturn(em: Em, number: string): Promise<GoodsReturn> {
  const row = await em.findOne(GoodsReturnEntity, { number });
  if (!row) throw new NotFoundError(`return ${number} not found`, 'number');
  return returnJson(row);
}

export async function listReturns(
  em: Em,
  q: {
    customer?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    number?: string | undefined;
    status?: ReturnStatus | undefined;
    orderNumber?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<Page<GoodsReturn>> {
  const where = { ...documentWhere(q), ...(q.status ? { status: q.status } : {}), ...(q.orderNumber ? { orderNumber: q.orderNumber } : {}) };
  const rows = await em.find(GoodsReturnEntity, where as FilterQuery<GoodsReturnRow>, { orderBy: { number: 'desc' }, limit: q.limit + 1, offset: q.offset });
  return toPage(rows, q, returnJson);
}
