import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor, PricedLine } from '../../../shared/contracts/common.ts';
import type { SalesOrder, SalesOrderLine } from '../../../shared/contracts/order/index.ts';
import type { ProductionRelease } from '../../../shared/contracts/fulfillment/production.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError, DomainError, ValidationError } from '../../../shared/errors.ts';
import { ZERO } from './domain/stock.ts';
import { DeliveryNoteEntity } from './entities.ts';
import { ensureOrderLines, levelOf, lineOpen, lockLevels, recordMove, reserveForLine, type LineRow } from './stock.service.ts';

/**
 * Make-to-order lines ship only once their goods are received (bought in or
 * produced). One release per order position, recorded by the goods-received
 * command; delivery notes check it.
 */

interface ReleaseRow {
  order_number: string;
  order_position: number;
  released_at: Date;
  released_by: string;
  reference: string | null;
}

const releaseJson = (r: ReleaseRow): ProductionRelease => ({
  orderNumber: r.order_number,
  orderPosition: r.order_position,
  releasedAt: new Date(r.released_at).toISOString(),
  releasedBy: r.released_by,
  reference: r.reference,
});

/** The order positions whose goods were received. */
export async function releasedPositions(em: Em, orderNumber: string): Promise<Set<number>> {
  const rows = await em.execute<ReleaseRow[]>(`select order_position from production_release where order_number = ?`, [orderNumber]);
  return new Set(rows.map((r) => r.order_position));
}

/** The make-to-order lines of an order whose goods have not been received yet. */
export async function awaitingProduction(em: Em, order: SalesOrder): Promise<PricedLine[]> {
  // A line cancelled in full waits for nothing.
  const mto = order.lines.filter((l) => l.makeToOrder && l.kind !== 'charge' && new Decimal(l.quantity).gt(l.cancelledQuantity ?? '0'));
  if (mto.length === 0) return [];
  const released = await releasedPositions(em, order.number);
  return mto.filter((l) => !released.has(l.position));
}

/** Refuses a note that would ship a make-to-order line before its goods are received (409 `awaiting_production` naming the line). */
export function refuseAwaiting(orderNumber: string, awaiting: PricedLine[], requested: { orderPosition: number }[]): void {
  const i = requested.findIndex((r) => awaiting.some((a) => a.position === r.orderPosition));
  if (i < 0) return;
  const position = requested[i]!.orderPosition;
  const message = `position ${position} of order ${orderNumber} is made to order and its goods have not been received yet`;
  throw new DomainError(409, 'awaiting_production', message, [{ field: `lines[${i}].orderPosition`, message }]);
}

/** A note without explicit lines when only make-to-order lines are open: nothing can ship yet. */
export function nothingReleased(orderNumber: string, awaiting: PricedLine[]): never {
  const positions = awaiting.map((l) => l.position).join(', ');
  throw new DomainError(
    409,
    'awaiting_production',
    `order ${orderNumber}: only make-to-order positions (${positions}) are open, and their goods have not been received yet`,
    [{ field: 'lines', message: `positions ${positions} await production` }],
  );
}

/** Records that the goods of a make-to-order line arrived; again for the same line answers the first release. */
export async function recordGoodsReceived(
  tx: Em,
  order: SalesOrder,
  orderPosition: number,
  reference: string | undefined,
  actor: Actor | undefined,
): Promise<ProductionRelease> {
  const line = order.lines.find((l) => l.position === orderPosition && l.kind !== 'charge');
  if (!line) throw new ValidationError(`order ${order.number} has no position ${orderPosition}`, [{ field: 'position', message: 'no such order position' }]);
  if (!line.makeToOrder)
    throw new ConflictError(`position ${orderPosition} of order ${order.number} is not made to order: it ships from stock`, 'not_make_to_order');
  if (order.status === 'cancelled') throw new ConflictError(`order ${order.number} is cancelled`, 'order_cancelled');
  if (!new Decimal(line.quantity).gt(line.cancelledQuantity ?? '0'))
    throw new ConflictError(`position ${orderPosition} of order ${order.number} is cancelled`, 'line_cancelled');
  const inserted = await tx.execute<ReleaseRow[]>(
    `insert into production_release (order_number, order_position, released_at, released_by, reference) values (?, ?, now(), ?, ?)
     on conflict (order_number, order_position) do nothing returning *`,
    [order.number, orderPosition, actor?.id ?? 'system', reference ?? null],
  );
  if (inserted.length === 0) {
    const [existing] = await tx.execute<ReleaseRow[]>(`select * from production_release where order_number = ? and order_position = ?`, [
      order.number,
      orderPosition,
    ]);
    return releaseJson(existing!);
  }
  await stockReceivedGoods(tx, order, line, actor);
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: order.number,
    action: 'goods_received',
    actor,
    details: { orderPosition, sku: line.sku, quantity: line.quantity, reference: reference ?? null },
  });
  return releaseJson(inserted[0]!);
}

/**
 * Goods made or bought for a line of a stock-managed product arrive in the warehouse:
 * they are booked as a receipt of the line's quantity and reserved for that line (as
 * far as it is still open and unreserved), so that they ship to this order and serve
 * no other. A product without stock levels is left alone: it ships without moves.
 */
async function stockReceivedGoods(tx: Em, order: SalesOrder, line: SalesOrderLine, actor: Actor | undefined): Promise<void> {
  await ensureOrderLines(tx, order, await tx.find(DeliveryNoteEntity, { orderNumber: order.number }));
  const levels = await lockLevels(tx, [line.productId]);
  const [row] = await tx.execute<LineRow[]>(`select * from order_line_stock where order_number = ? and position = ? for update`, [order.number, line.position]);
  // From now on the line is served like any other (it waited for these goods, not for free stock); locked after the levels, as everywhere.
  if (row) await tx.execute(`update order_line_stock set awaiting_goods = false where order_number = ? and position = ?`, [order.number, line.position], 'run');
  const level = row ? levelOf(levels, line.productId, row.warehouse_code) : null;
  if (!row || !level) return; // not stock-managed
  // What was cancelled of the line is not made or bought.
  const quantity = new Decimal(line.quantity).minus(line.cancelledQuantity ?? '0');
  await recordMove(tx, level, {
    kind: 'receipt',
    quantity,
    onHandChange: quantity,
    reservedChange: ZERO,
    reason: `Fertigung/Beschaffung für ${order.number} Pos. ${line.position}`,
    documentType: 'order',
    documentNumber: order.number,
    orderPosition: line.position,
    actor,
  });
  const open = lineOpen(row).minus(row.reserved);
  const reserve = Decimal.min(quantity, open);
  if (reserve.gt(0)) await reserveForLine(tx, level, row, reserve, { type: 'order', number: order.number }, actor);
}
