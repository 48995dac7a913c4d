import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { DeliveryLine, DeliveryNoteStatus } from '../../../shared/contracts/fulfillment/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import { MAIN_WAREHOUSE, type StockLevel, type StockMove, type StockMoveKind } from '../../../shared/contracts/fulfillment/stock.ts';
import { SYSTEM_ACTOR } from '../../../shared/db/audit.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { DeliveryNoteEntity } from './entities.ts';
import { BackorderServed } from '../../../shared/contracts/fulfillment/backorder-events.ts';
import { ValidationError } from '../../../shared/errors.ts';
import { ZERO, allocate, applyChange, available, fitNoteToStock, shipmentChange, type Level, type PositionStock } from './domain/stock.ts';

/**
 * Stock levels, the move ledger and the warehouse's view of order lines. Every
 * change of a level writes its ledger entry in the same transaction, under row
 * locks taken in one order (a product's levels by warehouse, then order lines
 * by order and position), so concurrent orders, notes, shipments and receipts
 * of one product queue up instead of overselling.
 */

export interface LevelRow {
  product_id: string;
  warehouse_code: string;
  sku: string;
  on_hand: string;
  reserved: string;
  bin: string | null;
  updated_at: Date;
  /** Whether the level's warehouse is blocked (joined from warehouse). */
  blocked: boolean;
}

export interface LineRow {
  order_number: string;
  position: number;
  product_id: string;
  sku: string;
  description: string;
  unit: string;
  ordered: string;
  reserved: string;
  shipped: string;
  warehouse_code: string | null;
  allow_backorders: boolean;
  cancelled: boolean;
  /** Cancelled of the line (Teilstornierung): neither reserved, shipped nor backordered. */
  cancelled_quantity: string;
  /** A make-to-order line whose goods have not been received: it takes no free stock. */
  awaiting_goods: boolean;
  order_created_at: Date;
}

/** What of a line is still to ship: ordered − cancelled − shipped. */
export function lineOpen(line: Pick<LineRow, 'ordered' | 'cancelled_quantity' | 'shipped'>): Decimal {
  return dec(line.ordered)
    .minus(line.cancelled_quantity ?? '0')
    .minus(line.shipped);
}

interface MoveRow {
  id: string;
  kind: StockMoveKind;
  product_id: string;
  sku: string;
  warehouse_code: string;
  quantity: string;
  on_hand_change: string;
  reserved_change: string;
  reason: string | null;
  document_type: string | null;
  document_number: string | null;
  order_position: number | null;
  actor_id: string;
  actor_role: string;
  at: Date;
}

/** A level locked for this transaction, kept current in memory as moves change it. */
export interface LockedLevel extends Level {
  productId: string;
  warehouse: string;
  sku: string;
  /** In a blocked warehouse (Sperrlager): never reserved, shipped from or counted as available. */
  blocked: boolean;
}

const key = (productId: string, warehouse: string) => `${productId}\n${warehouse}`;
export { key as levelKey };
const dec = (v: string | Decimal) => new Decimal(v);
/** numeric(18,4) comes back with trailing zeros; the API answers the plain value ("5", "2.5"). */
const plain = (v: string | Decimal) => new Decimal(v).toString();

/** Levels with whether their warehouse is blocked; `where` conditions use the column names of stock_level. */
export const SELECT_LEVELS = `select stock_level.*, warehouse.blocked from stock_level join warehouse on warehouse.code = stock_level.warehouse_code`;

export function levelJson(r: LevelRow): StockLevel {
  return {
    productId: r.product_id,
    sku: r.sku,
    warehouse: r.warehouse_code,
    onHand: plain(r.on_hand),
    reserved: plain(r.reserved),
    available: r.blocked ? '0' : plain(dec(r.on_hand).minus(r.reserved)),
    blocked: r.blocked,
    bin: r.bin ?? null,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export function moveJson(r: MoveRow): StockMove {
  return {
    id: String(r.id),
    kind: r.kind,
    productId: r.product_id,
    sku: r.sku,
    warehouse: r.warehouse_code,
    quantity: plain(r.quantity),
    onHandChange: plain(r.on_hand_change),
    reservedChange: plain(r.reserved_change),
    reason: r.reason,
    documentType: r.document_type,
    documentNumber: r.document_number,
    orderPosition: r.order_position,
    actor: { id: r.actor_id, role: r.actor_role },
    at: new Date(r.at).toISOString(),
  };
}

/** Locks every level of these products (all warehouses), in one order so that two transactions never wait on each other crosswise. */
export async function lockLevels(tx: Em, productIds: string[]): Promise<Map<string, LockedLevel>> {
  const out = new Map<string, LockedLevel>();
  if (productIds.length === 0) return out;
  const rows = await tx.execute<LevelRow[]>(`${SELECT_LEVELS} where product_id in (?) order by product_id, warehouse_code for update of stock_level`, [
    [...new Set(productIds)],
  ]);
  for (const r of rows) {
    out.set(key(r.product_id, r.warehouse_code), {
      productId: r.product_id,
      warehouse: r.warehouse_code,
      sku: r.sku,
      onHand: dec(r.on_hand),
      reserved: dec(r.reserved),
      blocked: r.blocked,
    });
  }
  return out;
}

/** Locks an order's lines (after the levels of their products). */
async function lockLines(tx: Em, orderNumber: string): Promise<LineRow[]> {
  return tx.execute<LineRow[]>(`select * from order_line_stock where order_number = ? order by position for update`, [orderNumber]);
}

/**
 * The level a line ships from: its own warehouse once it has one, else the warehouse with most available (the main warehouse
 * on a tie); never a blocked warehouse, so a product stocked only there counts as not stock-managed.
 */
export function levelOf(levels: Map<string, LockedLevel>, productId: string, warehouse: string | null): LockedLevel | null {
  if (warehouse) return levels.get(key(productId, warehouse)) ?? null;
  const candidates = [...levels.values()].filter((l) => l.productId === productId && !l.blocked);
  candidates.sort(
    (a, b) =>
      available(b).comparedTo(available(a)) ||
      Number(b.warehouse === MAIN_WAREHOUSE) - Number(a.warehouse === MAIN_WAREHOUSE) ||
      a.warehouse.localeCompare(b.warehouse),
  );
  return candidates[0] ?? null;
}

export interface MoveInput {
  kind: StockMoveKind;
  quantity: Decimal;
  onHandChange: Decimal;
  reservedChange: Decimal;
  reason?: string | null;
  documentType?: string | null;
  documentNumber?: string | null;
  orderPosition?: number | null;
  actor?: Actor | undefined;
}

/** Changes a locked level and writes its ledger entry; the level may never go negative (checked here and by the table). */
export async function recordMove(tx: Em, level: LockedLevel, m: MoveInput, field = 'quantity'): Promise<StockMove> {
  const next = applyChange(
    level,
    { onHand: m.onHandChange, reserved: m.reservedChange },
    `${m.kind} of ${m.quantity.toString()} ${level.sku} in ${level.warehouse}`,
    field,
  );
  await tx.execute(
    `update stock_level set on_hand = on_hand + ?, reserved = reserved + ?, updated_at = now() where product_id = ? and warehouse_code = ?`,
    [m.onHandChange.toString(), m.reservedChange.toString(), level.productId, level.warehouse],
    'run',
  );
  const actor = m.actor ?? SYSTEM_ACTOR;
  const [row] = await tx.execute<MoveRow[]>(
    `insert into stock_move (kind, product_id, sku, warehouse_code, quantity, on_hand_change, reserved_change, reason, document_type, document_number, order_position, actor_id, actor_role)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
    [
      m.kind,
      level.productId,
      level.sku,
      level.warehouse,
      m.quantity.toString(),
      m.onHandChange.toString(),
      m.reservedChange.toString(),
      m.reason ?? null,
      m.documentType ?? null,
      m.documentNumber ?? null,
      m.orderPosition ?? null,
      actor.id,
      actor.role,
    ],
  );
  level.onHand = next.onHand;
  level.reserved = next.reserved;
  return moveJson(row!);
}

/** Reserves for an order line: a ledger entry on the level and the line's reserved quantity, in one go. */
export async function reserveForLine(
  tx: Em,
  level: LockedLevel,
  line: LineRow,
  quantity: Decimal,
  doc: { type: string; number: string },
  actor?: Actor,
): Promise<void> {
  await recordMove(tx, level, {
    kind: 'reservation',
    quantity,
    onHandChange: ZERO,
    reservedChange: quantity,
    documentType: doc.type,
    documentNumber: doc.number,
    orderPosition: line.position,
    actor,
  });
  await tx.execute(
    `update order_line_stock set reserved = reserved + ?, warehouse_code = ? where order_number = ? and position = ?`,
    [quantity.toString(), level.warehouse, line.order_number, line.position],
    'run',
  );
  line.reserved = dec(line.reserved).plus(quantity).toString();
  line.warehouse_code = level.warehouse;
}

/**
 * Records the order's goods lines (charges are never shipped) for the warehouse,
 * once; what shipped notes already cover counts as shipped (an order that
 * predates the warehouse's records).
 */
export async function ensureOrderLines(tx: Em, order: SalesOrder, notes: { status: DeliveryNoteStatus; lines: DeliveryLine[] }[]): Promise<void> {
  const released = await tx.execute<{ order_position: number }[]>(`select order_position from production_release where order_number = ?`, [order.number]);
  const awaiting = (pos: number, makeToOrder: boolean | undefined) => makeToOrder === true && !released.some((r) => r.order_position === pos);
  const shipped = (pos: number) =>
    notes
      .filter((n) => n.status === 'shipped')
      .flatMap((n) => n.lines)
      .filter((l) => l.orderPosition === pos)
      .reduce((a, l) => a.plus(l.quantity), ZERO);
  for (const l of order.lines.filter((x) => x.kind !== 'charge')) {
    await tx.execute(
      `insert into order_line_stock (order_number, position, product_id, sku, description, unit, ordered, shipped, allow_backorders, cancelled, order_created_at,
         cancelled_quantity, awaiting_goods)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
      [
        order.number,
        l.position,
        l.productId,
        l.sku,
        l.description,
        l.unit,
        l.quantity,
        shipped(l.position).toString(),
        order.allowBackorders === true,
        order.status === 'cancelled',
        order.createdAt,
        l.cancelledQuantity ?? '0',
        awaiting(l.position, l.makeToOrder),
      ],
      'run',
    );
  }
}

/**
 * Reserves what is available for each open, unreserved quantity of an order's
 * stock-managed lines (when the order is confirmed). What cannot be reserved is
 * a backorder, served by later receipts oldest order first. A make-to-order line
 * takes no free stock: it waits for its own goods.
 */
export async function reserveForOrder(tx: Em, orderNumber: string, actor?: Actor): Promise<void> {
  const unlocked = await tx.execute<LineRow[]>(`select product_id from order_line_stock where order_number = ?`, [orderNumber]);
  const levels = await lockLevels(
    tx,
    unlocked.map((l) => l.product_id),
  );
  for (const line of await lockLines(tx, orderNumber)) {
    if (line.cancelled || line.awaiting_goods) continue;
    const level = levelOf(levels, line.product_id, line.warehouse_code);
    if (!level) continue; // not stock-managed
    const want = lineOpen(line).minus(line.reserved);
    const [share] = allocate(available(level), [{ key: line.position, want }]);
    if (share) await reserveForLine(tx, level, line, share.take, { type: 'order', number: orderNumber }, actor);
  }
}

/** A cancelled order gives its reservations back and leaves the backorder list. */
export async function releaseOrder(tx: Em, orderNumber: string, reason: string, actor?: Actor): Promise<void> {
  const unlocked = await tx.execute<LineRow[]>(`select product_id from order_line_stock where order_number = ?`, [orderNumber]);
  const levels = await lockLevels(
    tx,
    unlocked.map((l) => l.product_id),
  );
  for (const line of await lockLines(tx, orderNumber)) {
    const reserved = dec(line.reserved);
    const level = line.warehouse_code ? levels.get(key(line.product_id, line.warehouse_code)) : undefined;
    if (reserved.gt(0) && level) {
      await recordMove(tx, level, {
        kind: 'release',
        quantity: reserved,
        onHandChange: ZERO,
        reservedChange: reserved.negated(),
        reason,
        documentType: 'order',
        documentNumber: orderNumber,
        orderPosition: line.position,
        actor,
      });
    }
  }
  await tx.execute(`update order_line_stock set reserved = 0, cancelled = true where order_number = ?`, [orderNumber], 'run');
}

/**
 * Fits a new delivery note to the stock (see fitNoteToStock) and reserves the
 * free stock it takes beyond the order's reservations, under the note's number.
 */
export async function stockForNote(
  tx: Em,
  order: SalesOrder,
  planned: DeliveryLine[],
  notes: { status: DeliveryNoteStatus; lines: DeliveryLine[] }[],
  takeWhatIsAvailable: boolean,
  noteNumber: string,
  actor?: Actor,
): Promise<DeliveryLine[]> {
  await ensureOrderLines(tx, order, notes);
  const unlocked = await tx.execute<LineRow[]>(`select product_id from order_line_stock where order_number = ?`, [order.number]);
  const levels = await lockLevels(
    tx,
    unlocked.map((l) => l.product_id),
  );
  const lines = await lockLines(tx, order.number);
  const onOpenNotes = (pos: number) =>
    notes
      .filter((n) => n.status === 'open')
      .flatMap((n) => n.lines)
      .filter((l) => l.orderPosition === pos)
      .reduce((a, l) => a.plus(l.quantity), ZERO);
  const positions = new Map<number, PositionStock>();
  const levelByKey = new Map<string, LockedLevel>();
  for (const line of lines) {
    const level = levelOf(levels, line.product_id, line.warehouse_code);
    if (level) levelByKey.set(key(level.productId, level.warehouse), level);
    positions.set(line.position, {
      stockKey: level ? key(level.productId, level.warehouse) : null,
      reservedFree: Decimal.max(ZERO, dec(line.reserved).minus(onOpenNotes(line.position))),
    });
  }
  const free = new Map([...levelByKey].map(([k, l]) => [k, available(l)]));
  const fitted = fitNoteToStock(planned, positions, free, takeWhatIsAvailable);
  for (const extra of fitted.extraReservations) {
    const line = lines.find((l) => l.position === extra.orderPosition)!;
    await reserveForLine(tx, levelByKey.get(extra.stockKey)!, line, extra.quantity, { type: 'delivery_note', number: noteNumber }, actor);
  }
  return fitted.lines;
}

/**
 * Deducts a shipped note from on hand and from its positions' reservations (the
 * rest from free stock; refused when there is not enough) and counts it as shipped.
 */
export async function shipStock(tx: Em, note: { number: string; orderNumber: string; lines: DeliveryLine[] }, actor?: Actor): Promise<void> {
  const unlocked = await tx.execute<LineRow[]>(`select product_id from order_line_stock where order_number = ?`, [note.orderNumber]);
  if (unlocked.length === 0) return; // a note from before the warehouse kept stock
  const levels = await lockLevels(
    tx,
    unlocked.map((l) => l.product_id),
  );
  const lines = await lockLines(tx, note.orderNumber);
  for (const [i, shipped] of note.lines.entries()) {
    const line = lines.find((l) => l.position === shipped.orderPosition);
    if (!line) continue;
    const quantity = dec(shipped.quantity);
    const level = levelOf(levels, line.product_id, line.warehouse_code);
    let fromReserved = ZERO;
    if (level) {
      const change = shipmentChange(
        level,
        quantity,
        dec(line.reserved),
        `position ${line.position} (${line.sku}): shipping ${quantity.toString()} ${line.unit} from ${level.warehouse}`,
        `lines[${i}].quantity`,
      );
      fromReserved = change.fromReserved;
      await recordMove(
        tx,
        level,
        {
          kind: 'shipment',
          quantity,
          onHandChange: change.onHand,
          reservedChange: change.reserved,
          documentType: 'delivery_note',
          documentNumber: note.number,
          orderPosition: line.position,
          actor,
        },
        `lines[${i}].quantity`,
      );
    }
    await tx.execute(
      `update order_line_stock set shipped = shipped + ?, reserved = reserved - ?, warehouse_code = coalesce(warehouse_code, ?) where order_number = ? and position = ?`,
      [quantity.toString(), fromReserved.toString(), level?.warehouse ?? null, line.order_number, line.position],
      'run',
    );
    line.reserved = dec(line.reserved).minus(fromReserved).toString();
  }
}

/** Ensures the warehouse exists (a receipt into an unknown one is the caller's mistake, 422). */
export async function requireWarehouse(tx: Em, code: string): Promise<void> {
  const [row] = await tx.execute<{ code: string }[]>(`select code from warehouse where code = ?`, [code]);
  if (!row) throw new ValidationError(`unknown warehouse ${code}`, [{ field: 'warehouse', message: `warehouse ${code} does not exist` }]);
}

/**
 * Serves backorders of a product from the free stock of a level, oldest order first:
 * open lines without a warehouse yet, or of this warehouse.
 */
export async function serveBackorders(tx: Em, level: LockedLevel, actor?: Actor): Promise<{ orderNumber: string; orderPosition: number; quantity: string }[]> {
  if (level.blocked) return []; // blocked stock serves no order
  const waiting = await tx.execute<LineRow[]>(
    `select * from order_line_stock where product_id = ? and not cancelled and not awaiting_goods and shipped < ordered
       and shipped + reserved + cancelled_quantity < ordered and (warehouse_code is null or warehouse_code = ?)
     order by order_created_at, order_number, position for update`,
    [level.productId, level.warehouse],
  );
  const shares = allocate(
    available(level),
    waiting.map((line) => ({ key: line, want: lineOpen(line).minus(line.reserved) })),
  );
  for (const s of shares) await reserveForLine(tx, level, s.key, s.take, { type: 'order', number: s.key.order_number }, actor);
  await announceAvailable(
    tx,
    shares.map((s) => ({ line: s.key, take: s.take })),
  );
  return shares.map((s) => ({ orderNumber: s.key.order_number, orderPosition: s.key.position, quantity: s.take.toString() }));
}

/**
 * Tells whoever waits (the sale) that backordered positions of an order can ship
 * now: one event per order whose positions this reservation covered in full.
 */
async function announceAvailable(tx: Em, served: { line: LineRow; take: Decimal }[]): Promise<void> {
  const byOrder = new Map<string, { line: LineRow; take: Decimal }[]>();
  for (const s of served) byOrder.set(s.line.order_number, [...(byOrder.get(s.line.order_number) ?? []), s]);
  let recorded = false;
  for (const [orderNumber, lines] of byOrder) {
    const positions = lines.filter((s) => lineOpen(s.line).minus(s.line.reserved).lte(0)).map((s) => s.line.position);
    if (positions.length === 0) continue;
    recordEvent(tx, BackorderServed, {
      orderNumber,
      positions,
      lines: lines.map((s) => ({ orderPosition: s.line.position, quantity: s.take.toString() })),
    });
    recorded = true;
  }
  if (recorded) await tx.flush();
}

/**
 * Positions of an order that wait for stock: open, not reserved, of a product
 * the warehouse keeps (outside blocked warehouses), and not waiting for their own goods.
 */
export async function backorderedPositions(em: Em, orderNumber: string): Promise<number[]> {
  const rows = await em.execute<{ position: number }[]>(
    `select l.position from order_line_stock l where l.order_number = ? and not l.cancelled and not l.awaiting_goods
       and l.shipped + l.reserved + l.cancelled_quantity < l.ordered
       and exists (select 1 from stock_level s join warehouse w on w.code = s.warehouse_code where s.product_id = l.product_id and not w.blocked)
     order by l.position`,
    [orderNumber],
  );
  return rows.map((r) => r.position);
}

/**
 * Part of a line was cancelled: its figure is set to the order's (so a redelivered
 * event changes nothing), and what is reserved beyond what is still to ship is
 * released, under the same locks as every other change of the line.
 */
export async function cancelLineStock(tx: Em, order: SalesOrder, position: number, cancelledQuantity: string, reason: string, actor?: Actor): Promise<void> {
  await ensureOrderLines(tx, order, await tx.find(DeliveryNoteEntity, { orderNumber: order.number }));
  const [unlocked] = await tx.execute<LineRow[]>(`select product_id from order_line_stock where order_number = ? and position = ?`, [order.number, position]);
  if (!unlocked) return; // a charge: never in the warehouse
  const levels = await lockLevels(tx, [unlocked.product_id]);
  const [line] = await tx.execute<LineRow[]>(`select * from order_line_stock where order_number = ? and position = ? for update`, [order.number, position]);
  await tx.execute(
    `update order_line_stock set cancelled_quantity = greatest(cancelled_quantity, ?) where order_number = ? and position = ?`,
    [cancelledQuantity, order.number, position],
    'run',
  );
  line!.cancelled_quantity = Decimal.max(dec(line!.cancelled_quantity), dec(cancelledQuantity)).toString();
  const excess = dec(line!.reserved).minus(Decimal.max(ZERO, lineOpen(line!)));
  const level = line!.warehouse_code ? levels.get(key(line!.product_id, line!.warehouse_code)) : undefined;
  if (!excess.gt(0) || !level) return;
  await recordMove(tx, level, {
    kind: 'release',
    quantity: excess,
    onHandChange: ZERO,
    reservedChange: excess.negated(),
    reason,
    documentType: 'order',
    documentNumber: order.number,
    orderPosition: position,
    actor,
  });
  await tx.execute(
    `update order_line_stock set reserved = reserved - ? where order_number = ? and position = ?`,
    [excess.toString(), order.number, position],
    'run',
  );
}
