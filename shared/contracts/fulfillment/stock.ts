import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { boundedDecimal, AMOUNT_INTEGER_DIGITS, AMOUNT_SCALE, documentNumber, identifier, isReadableDecimal, quantity, text } from '../../validation.ts';

/**
 * The warehouse side of the fulfillment context: warehouses, stock levels per product and
 * warehouse, the stock move ledger, reservations of orders and backorders. Quantities are
 * decimal strings everywhere.
 */
export const StockSubjects = {
  warehouses: 'fulfillment.stock.warehouses',
  createWarehouse: 'fulfillment.stock.warehouse.create',
  levels: 'fulfillment.stock.levels',
  moves: 'fulfillment.stock.moves',
  receipt: 'fulfillment.stock.receipt',
  correction: 'fulfillment.stock.correction',
  backorders: 'fulfillment.stock.backorders',
  orderFulfilment: 'fulfillment.order.fulfilment',
} as const;

/** The warehouse every order reserves in first; seeded by the migration. */
export const MAIN_WAREHOUSE = 'HAUPT';

export const MOVE_KINDS = ['receipt', 'correction', 'reservation', 'release', 'shipment'] as const;
export type StockMoveKind = (typeof MOVE_KINDS)[number];

const warehouseCode = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,19}$/, 'must be 1 to 20 upper-case letters, digits, "-" or "_", e.g. HAUPT');
/** A correction changes on hand by a signed, non-zero quantity. */
const signedQuantity = boundedDecimal({ integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE, sign: 'any', description: 'Change of the quantity on hand, e.g. "-2" or "5" (not 0)' })
  .refine((v) => !isReadableDecimal(v) || !new Decimal(v).isZero(), 'must not be 0');

const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('page size, at most 200'),
  offset: z.coerce.number().int().min(0).default(0).describe('items to skip; the previous page\'s nextOffset'),
};
const productFilter = z.string().min(1).max(100).optional().describe('product id or SKU');

export const newWarehouseSchema = z.object({ code: warehouseCode, name: text(200) });

/** Goods received into a warehouse (Wareneingang). */
export const receiptSchema = z.object({
  product: identifier.describe('product id or SKU, as the catalog has it'),
  warehouse: warehouseCode.default(MAIN_WAREHOUSE),
  quantity,
  /** e.g. the supplier's delivery note. */
  reference: text(200).optional(),
  reason: text(500, { multiline: true }).optional(),
});

/** A manual correction of the quantity on hand (stocktaking, breakage); the reason is required. */
export const correctionSchema = z.object({
  product: identifier.describe('product id or SKU, as the catalog has it'),
  warehouse: warehouseCode.default(MAIN_WAREHOUSE),
  quantity: signedQuantity,
  reason: text(500, { min: 3, multiline: true }),
});

export const stockLevelQuery = z.object({
  ...paging,
  product: productFilter,
  warehouse: warehouseCode.optional(),
  /** Only levels with something available (true) or nothing available (false). */
  available: z.enum(['true', 'false']).optional().describe('true: only levels with available stock; false: only those without'),
});

export const stockMoveQuery = z.object({
  ...paging,
  product: productFilter,
  warehouse: warehouseCode.optional(),
  kind: z.enum(MOVE_KINDS).optional(),
  document: z.string().min(1).max(100).optional().describe('document number the move belongs to (AB-…, LS-…, or a receipt reference)'),
  from: z.iso.date().optional().describe('moves on or after this date (YYYY-MM-DD, Europe/Berlin)'),
  to: z.iso.date().optional().describe('moves on or before this date (YYYY-MM-DD, Europe/Berlin)'),
});

export const backorderQuery = z.object({
  ...paging,
  product: productFilter,
});

export const orderFulfilmentQuery = z.object({ number: documentNumber });

export interface Warehouse {
  code: string;
  name: string;
}

export interface StockLevel {
  productId: string;
  sku: string;
  warehouse: string;
  onHand: string;
  reserved: string;
  /** onHand − reserved; never negative. */
  available: string;
  updatedAt: string;
}

/** One entry of the stock ledger: the change it made to on hand and reserved, who, when, why, which document. */
export interface StockMove {
  id: string;
  kind: StockMoveKind;
  productId: string;
  sku: string;
  warehouse: string;
  quantity: string;
  onHandChange: string;
  reservedChange: string;
  reason: string | null;
  documentType: string | null;
  documentNumber: string | null;
  orderPosition: number | null;
  actor: { id: string; role: string };
  at: string;
}

/** What a receipt or correction answers: the level after it, its move, and the backorders it reserved for (oldest first). */
export interface StockChange {
  level: StockLevel;
  move: StockMove;
  reservedFor: { orderNumber: string; orderPosition: number; quantity: string }[];
}

/** An order line's quantities as the warehouse sees them. */
export interface FulfilmentLine {
  position: number;
  productId: string;
  sku: string;
  description: string;
  unit: string;
  ordered: string;
  reserved: string;
  /** On delivery notes not shipped yet. */
  onDeliveryNotes: string;
  shipped: string;
  /** ordered − shipped. */
  open: string;
  /** Open and not reserved: waits for stock (stock-managed products only; else 0). */
  backorder: string;
  /** Whether the warehouse keeps stock of the product. */
  stockManaged: boolean;
  warehouse: string | null;
}

export interface OrderFulfilment {
  orderNumber: string;
  allowBackorders: boolean;
  cancelled: boolean;
  /** open: nothing shipped; partially_shipped; shipped: every line fully shipped. */
  status: 'open' | 'partially_shipped' | 'shipped' | 'cancelled';
  lines: FulfilmentLine[];
}

/** An open quantity across orders, oldest order first. */
export interface Backorder {
  orderNumber: string;
  orderDate: string;
  orderPosition: number;
  productId: string;
  sku: string;
  description: string;
  ordered: string;
  shipped: string;
  reserved: string;
  open: string;
  backorder: string;
  stockManaged: boolean;
  /** Whether what is open can ship now: reserved, or free stock covers the rest (always true for products without stock). */
  availableNow: boolean;
  /** Free stock of the product (all warehouses). */
  freeStock: string;
}
