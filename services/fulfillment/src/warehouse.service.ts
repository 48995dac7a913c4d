import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { Product } from '../../../shared/contracts/quote/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { Page } from '../../../shared/contracts/lists.ts';
import type { Backorder, FulfilmentLine, OrderFulfilment, StockChange, StockLevel, StockMove, Warehouse } from '../../../shared/contracts/fulfillment/stock.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError, ValidationError } from '../../../shared/errors.ts';
import { addDays, endOfBerlinDay } from '../../../shared/dates.ts';
import { toPage } from '../../../shared/contracts/lists.ts';
import { ZERO, correctedLevel } from './domain/stock.ts';
import { DeliveryNoteEntity, GoodsReturnEntity } from './entities.ts';
import { releasedPositions } from './production.service.ts';
import { invoicedPositions } from './invoiced.consumer.ts';
import {
  SELECT_LEVELS,
  ensureOrderLines,
  levelJson,
  lockLevels,
  moveJson,
  recordMove,
  requireWarehouse,
  serveBackorders,
  lineOpen,
  type LevelRow,
  type LineRow,
} from './stock.service.ts';

/** Goods receipts, corrections, warehouses and the read side: levels, ledger, backorders, an order's fulfilment. */

const dec = (v: string | Decimal) => new Decimal(v);

export async function listWarehouses(em: Em): Promise<Warehouse[]> {
  return em.execute<Warehouse[]>(`select code, name, blocked from warehouse order by code`);
}

export async function createWarehouse(tx: Em, input: { code: string; name: string }, actor?: Actor): Promise<Warehouse> {
  const [row] = await tx.execute<Warehouse[]>(`insert into warehouse (code, name) values (?, ?) on conflict do nothing returning code, name, blocked`, [
    input.code,
    input.name,
  ]);
  if (!row) throw new ConflictError(`warehouse ${input.code} exists already`, 'warehouse_exists');
  await recordAudit(tx, { aggregateType: 'warehouse', aggregateId: input.code, action: 'created', actor, details: { name: input.name } });
  return row;
}

/** Services are never stocked: a receipt or correction for one is refused naming the product. */
function stockable(product: Product): void {
  if (product.kind === 'service')
    throw new ValidationError(`${product.sku} is a service; services are not stocked`, [{ field: 'product', message: 'a service has no stock' }]);
}

/**
 * Books a change of on hand (a receipt, or a correction with its reason) into the
 * ledger; the product's first one makes it stock-managed. Stock that arrives serves
 * backorders at once, oldest order first.
 */
export async function changeOnHand(
  tx: Em,
  kind: 'receipt' | 'correction',
  product: Product,
  input: { warehouse: string; quantity: string; reason?: string | undefined; reference?: string | undefined; bin?: string | undefined },
  actor?: Actor,
): Promise<StockChange> {
  stockable(product);
  await requireWarehouse(tx, input.warehouse);
  await tx.execute(
    `insert into stock_level (product_id, warehouse_code, sku) values (?, ?, ?) on conflict do nothing`,
    [product.id, input.warehouse, product.sku],
    'run',
  );
  const levels = await lockLevels(tx, [product.id]);
  // After the levels are locked in their order: the bin is written under the lock the receipt holds anyway.
  if (input.bin)
    await tx.execute(`update stock_level set bin = ? where product_id = ? and warehouse_code = ?`, [input.bin, product.id, input.warehouse], 'run');
  const level = [...levels.values()].find((l) => l.warehouse === input.warehouse)!;
  const quantity = dec(input.quantity);
  if (kind === 'correction') correctedLevel(level, quantity);
  const move = await recordMove(tx, level, {
    kind,
    quantity: quantity.abs(),
    onHandChange: quantity,
    reservedChange: ZERO,
    reason: input.reason ?? null,
    documentType: input.reference ? 'reference' : null,
    documentNumber: input.reference ?? null,
    actor,
  });
  const reservedFor = quantity.gt(0) ? await serveBackorders(tx, level, actor) : [];
  await recordAudit(tx, {
    aggregateType: 'stock',
    aggregateId: product.sku,
    action: kind,
    actor,
    details: {
      warehouse: input.warehouse,
      quantity: input.quantity,
      reason: input.reason ?? null,
      reference: input.reference ?? null,
      reservedFor,
      ...(input.bin ? { bin: input.bin } : {}),
    },
  });
  const [row] = await tx.execute<LevelRow[]>(`${SELECT_LEVELS} where product_id = ? and warehouse_code = ?`, [product.id, input.warehouse]);
  return { level: levelJson(row!), move, reservedFor };
}

/**
 * Sets (or clears) where a product lies in a warehouse that keeps it. A bin alone
 * does not make a product stock-managed: before its first receipt there the
 * receipt takes the bin.
 */
export async function setBin(tx: Em, product: Product, input: { warehouse: string; bin: string | null }, actor?: Actor): Promise<StockLevel> {
  stockable(product);
  await requireWarehouse(tx, input.warehouse);
  const [before] = await tx.execute<LevelRow[]>(`select * from stock_level where product_id = ? and warehouse_code = ? for update`, [
    product.id,
    input.warehouse,
  ]);
  if (!before) throw new ConflictError(`${product.sku} has no stock in ${input.warehouse} yet: book a goods receipt with its bin`, 'no_stock_level');
  await tx.execute(`update stock_level set bin = ? where product_id = ? and warehouse_code = ?`, [input.bin, product.id, input.warehouse], 'run');
  const [row] = await tx.execute<LevelRow[]>(`${SELECT_LEVELS} where stock_level.product_id = ? and stock_level.warehouse_code = ?`, [
    product.id,
    input.warehouse,
  ]);
  await recordAudit(tx, {
    aggregateType: 'stock',
    aggregateId: product.sku,
    action: 'bin',
    actor,
    details: { warehouse: input.warehouse, from: before.bin, to: input.bin },
  });
  return levelJson(row!);
}

/** The filters stock levels and moves share: a product by id or SKU, a warehouse. */
function productAndWarehouse(q: { product?: string | undefined; warehouse?: string | undefined }): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.product) {
    where.push('(product_id = ? or sku = ?)');
    params.push(q.product, q.product);
  }
  if (q.warehouse) {
    where.push('warehouse_code = ?');
    params.push(q.warehouse);
  }
  return { where, params };
}

export async function listLevels(
  em: Em,
  q: { product?: string | undefined; warehouse?: string | undefined; available?: 'true' | 'false' | undefined; limit: number; offset: number },
): Promise<Page<StockLevel>> {
  const { where, params } = productAndWarehouse(q);
  if (q.available) where.push(q.available === 'true' ? '(on_hand > reserved and not blocked)' : '(on_hand = reserved or blocked)');
  const rows = await em.execute<LevelRow[]>(
    `${SELECT_LEVELS} ${where.length ? `where ${where.join(' and ')}` : ''} order by sku, warehouse_code limit ? offset ?`,
    [...params, q.limit + 1, q.offset],
  );
  return toPage(rows, q, levelJson);
}

export async function listMoves(
  em: Em,
  q: {
    product?: string | undefined;
    warehouse?: string | undefined;
    kind?: string | undefined;
    document?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<Page<StockMove>> {
  const { where, params } = productAndWarehouse(q);
  if (q.kind) {
    where.push('kind = ?');
    params.push(q.kind);
  }
  if (q.document) {
    where.push('document_number = ?');
    params.push(q.document);
  }
  if (q.from) {
    where.push('at >= ?');
    params.push(endOfBerlinDay(addDays(q.from, -1)));
  }
  if (q.to) {
    where.push('at < ?');
    params.push(endOfBerlinDay(q.to));
  }
  const rows = await em.execute<Parameters<typeof moveJson>[0][]>(
    `select * from stock_move ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ? offset ?`,
    [...params, q.limit + 1, q.offset],
  );
  return toPage(rows, q, moveJson);
}

/** Free stock per product over all warehouses that are not blocked, and which products the warehouse keeps stock of. */
async function freeStock(em: Em, productIds: string[]): Promise<Map<string, Decimal>> {
  if (productIds.length === 0) return new Map();
  const rows = await em.execute<{ product_id: string; free: string }[]>(
    `select product_id, sum(on_hand - reserved) as free from stock_level join warehouse on warehouse.code = warehouse_code
     where product_id in (?) and not warehouse.blocked group by product_id`,
    [[...new Set(productIds)]],
  );
  return new Map(rows.map((r) => [r.product_id, dec(r.free)]));
}

/** Open quantities (ordered − shipped) across orders, oldest order first, with whether they could ship now. */
export async function listBackorders(em: Em, q: { product?: string | undefined; limit: number; offset: number }): Promise<Page<Backorder>> {
  const params: unknown[] = [];
  let filter = '';
  if (q.product) {
    filter = 'and (product_id = ? or sku = ?)';
    params.push(q.product, q.product);
  }
  const rows = await em.execute<LineRow[]>(
    `select * from order_line_stock where not cancelled and shipped < ordered and shipped + cancelled_quantity < ordered ${filter} order by order_created_at, order_number, position limit ? offset ?`,
    [...params, q.limit + 1, q.offset],
  );
  const free = await freeStock(
    em,
    rows.map((r) => r.product_id),
  );
  return toPage(rows, q, (r): Backorder => {
    const open = lineOpen(r);
    const stockManaged = free.has(r.product_id);
    // A make-to-order line waiting for its own goods waits for production, not for stock.
    const backorder = stockManaged && !r.awaiting_goods ? Decimal.max(ZERO, open.minus(r.reserved)) : ZERO;
    return {
      orderNumber: r.order_number,
      orderDate: new Date(r.order_created_at).toISOString(),
      orderPosition: r.position,
      productId: r.product_id,
      sku: r.sku,
      description: r.description,
      ordered: dec(r.ordered).toString(),
      cancelled: dec(r.cancelled_quantity).toString(),
      shipped: dec(r.shipped).toString(),
      reserved: dec(r.reserved).toString(),
      open: open.toString(),
      backorder: backorder.toString(),
      stockManaged,
      availableNow: !r.awaiting_goods && (!stockManaged || backorder.lte(free.get(r.product_id) ?? ZERO)),
      freeStock: (free.get(r.product_id) ?? ZERO).toString(),
    };
  });
}

/**
 * One order's lines as the warehouse sees them: ordered, reserved, on open notes,
 * shipped, open and backorder. The order's lines are recorded on first sight (the
 * projection is normally written when the order is confirmed).
 */
export async function orderFulfilment(em: Em, number: string, loadOrder: () => Promise<SalesOrder>): Promise<OrderFulfilment> {
  const read = () => em.execute<LineRow[]>(`select * from order_line_stock where order_number = ? order by position`, [number]);
  let rows = await read();
  // The order's lines say which are made to order (read again each time: the projection keeps quantities only).
  const order = await loadOrder();
  if (rows.length === 0) {
    const notes = await em.find(DeliveryNoteEntity, { orderNumber: number });
    await em.transactional((tx) => ensureOrderLines(tx, order, notes));
    rows = await read();
    if (rows.length === 0)
      return {
        orderNumber: number,
        allowBackorders: order.allowBackorders === true,
        cancelled: order.status === 'cancelled',
        status: order.status === 'cancelled' ? 'cancelled' : 'shipped',
        lines: [],
      };
  }
  const openNotes = await em.find(DeliveryNoteEntity, { orderNumber: number, status: 'open' });
  const free = await freeStock(
    em,
    rows.map((r) => r.product_id),
  );
  const returns = await em.find(GoodsReturnEntity, { orderNumber: number, status: { $ne: 'cancelled' } });
  const sumAt = (lines: { orderPosition: number; quantity: string }[], pos: number) =>
    lines.filter((l) => l.orderPosition === pos).reduce((a, l) => a.plus(l.quantity), ZERO);
  const returnLines = (status: 'announced' | 'received') => returns.filter((r) => r.status === status).flatMap((r) => r.lines);
  const released = await releasedPositions(em, number);
  const invoiced = await invoicedPositions(em, number);
  const lines = rows.map((r): FulfilmentLine => {
    const orderLine = order.lines.find((l) => l.position === r.position);
    // The order says what was cancelled at once; the warehouse's own figure follows its event a moment later.
    const cancelled = Decimal.max(dec(orderLine?.cancelledQuantity ?? '0'), dec(r.cancelled_quantity));
    const open = Decimal.max(ZERO, dec(r.ordered).minus(cancelled).minus(r.shipped));
    const makeToOrder = orderLine?.makeToOrder === true;
    const stockManaged = free.has(r.product_id);
    const onNotes = sumAt(
      openNotes.flatMap((n) => n.lines),
      r.position,
    );
    return {
      position: r.position,
      productId: r.product_id,
      sku: r.sku,
      description: r.description,
      unit: r.unit,
      ordered: dec(r.ordered).toString(),
      cancelled: cancelled.toString(),
      reserved: dec(r.reserved).toString(),
      onDeliveryNotes: onNotes.toString(),
      shipped: dec(r.shipped).toString(),
      returned: sumAt(returnLines('received'), r.position).toString(),
      returnAnnounced: sumAt(returnLines('announced'), r.position).toString(),
      invoiced: (invoiced.get(r.position) ?? ZERO).toString(),
      open: open.toString(),
      backorder: (stockManaged && !r.cancelled && !(makeToOrder && !released.has(r.position)) ? Decimal.max(ZERO, open.minus(r.reserved)) : ZERO).toString(),
      stockManaged,
      warehouse: r.warehouse_code,
      makeToOrder,
      promisedDate: orderLine?.promisedDate ?? null,
      released: makeToOrder && released.has(r.position),
      awaiting: makeToOrder && !released.has(r.position) && !r.cancelled && open.gt(0),
    };
  });
  const cancelled = rows.some((r) => r.cancelled);
  const shippedAll = lines.every((l) => dec(l.open).lte(0));
  const shippedAny = lines.some((l) => dec(l.shipped).gt(0));
  return {
    orderNumber: number,
    allowBackorders: rows[0]!.allow_backorders,
    cancelled,
    status: cancelled ? 'cancelled' : shippedAll ? 'shipped' : shippedAny ? 'partially_shipped' : 'open',
    lines,
  };
}
