import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';
import { pageOf } from '../lists.ts';
import { boundedDecimal, AMOUNT_INTEGER_DIGITS, AMOUNT_SCALE, documentNumber, identifier, isReadableDecimal, quantity, text } from '../../validation.ts';

/**
 * The warehouse side of the fulfillment context: warehouses, stock levels per product and
 * warehouse, the stock move ledger, reservations of orders and backorders. Quantities are
 * decimal strings everywhere.
 */
/** The warehouse every order reserves in first; seeded by the migration. */
export const MAIN_WAREHOUSE = 'HAUPT';
/** The blocked warehouse (Sperrlager) damaged returns go to; seeded by the migration. Stock of a blocked warehouse is never available to orders. */
export const BLOCKED_WAREHOUSE = 'SPERR';

export const MOVE_KINDS = ['receipt', 'correction', 'reservation', 'release', 'shipment', 'return'] as const;
export type StockMoveKind = (typeof MOVE_KINDS)[number];

const warehouseCode = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,19}$/, 'must be 1 to 20 upper-case letters, digits, "-" or "_", e.g. HAUPT');
/** Where a product lies in a warehouse (Lagerplatz), printed on pick lists. */
const storageBin = text(40, { description: 'storage bin (Lagerplatz) of the product in the warehouse, e.g. "R03-F2-E1"' });
/** A correction changes on hand by a signed, non-zero quantity. */
const signedQuantity = boundedDecimal({
  integerDigits: AMOUNT_INTEGER_DIGITS,
  scale: AMOUNT_SCALE,
  sign: 'any',
  description: 'Change of the quantity on hand, e.g. "-2" or "5" (not 0)',
}).refine((v) => !isReadableDecimal(v) || !new Decimal(v).isZero(), 'must not be 0');

const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('page size, at most 200'),
  offset: z.coerce.number().int().min(0).default(0).describe("items to skip; the previous page's nextOffset"),
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
  /** Sets the product's storage bin in the warehouse (it stays until changed). */
  bin: storageBin.optional(),
});

/** Sets (or with null clears) the storage bin of a product in a warehouse. */
export const binSchema = z.object({
  product: identifier.describe('product id or SKU, as the catalog has it'),
  warehouse: warehouseCode.default(MAIN_WAREHOUSE),
  bin: storageBin.nullable(),
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
  document: z.string().min(1).max(100).optional().describe('document number the move belongs to (AB-…, LS-…, RT-…, or a receipt reference)'),
  from: z.iso.date().optional().describe('moves on or after this date (YYYY-MM-DD, Europe/Berlin)'),
  to: z.iso.date().optional().describe('moves on or before this date (YYYY-MM-DD, Europe/Berlin)'),
});

export const backorderQuery = z.object({
  ...paging,
  product: productFilter,
});

export const orderFulfilmentQuery = z.object({ number: documentNumber });

/** A blocked warehouse (Sperrlager) holds stock that orders may not use: its levels are never reserved, shipped from or counted as available. */
export const warehouseSchema = z.object({ code: z.string(), name: z.string(), blocked: z.boolean() });
export type Warehouse = z.infer<typeof warehouseSchema>;

export const stockLevelSchema = z.object({
  productId: z.string(),
  sku: z.string(),
  warehouse: z.string(),
  onHand: z.string(),
  reserved: z.string(),
  /** onHand − reserved; never negative; 0 in a blocked warehouse. */
  available: z.string(),
  /** The level is in a blocked warehouse (Sperrlager): nothing of it is available to orders. */
  blocked: z.boolean(),
  /** Storage bin in the warehouse, if known. */
  bin: z.string().nullable(),
  updatedAt: z.string(),
});
export type StockLevel = z.infer<typeof stockLevelSchema>;

/** One entry of the stock ledger: the change it made to on hand and reserved, who, when, why, which document. */
export const stockMoveSchema = z.object({
  id: z.string(),
  kind: z.enum(MOVE_KINDS),
  productId: z.string(),
  sku: z.string(),
  warehouse: z.string(),
  quantity: z.string(),
  onHandChange: z.string(),
  reservedChange: z.string(),
  reason: z.string().nullable(),
  documentType: z.string().nullable(),
  documentNumber: z.string().nullable(),
  orderPosition: z.number().int().nullable(),
  actor: z.object({ id: z.string(), role: z.string() }),
  at: z.string(),
});
export type StockMove = z.infer<typeof stockMoveSchema>;

/** What a receipt or correction answers: the level after it, its move, and the backorders it reserved for (oldest first). */
export const stockChangeSchema = z.object({
  level: stockLevelSchema,
  move: stockMoveSchema,
  reservedFor: z.array(z.object({ orderNumber: z.string(), orderPosition: z.number().int(), quantity: z.string() })),
});
export type StockChange = z.infer<typeof stockChangeSchema>;

/** An order line's quantities as the warehouse sees them. */
export const fulfilmentLineSchema = z.object({
  position: z.number().int(),
  productId: z.string(),
  sku: z.string(),
  description: z.string(),
  unit: z.string(),
  ordered: z.string(),
  /** Cancelled of the line after confirmation (Teilstorno): never shipped, reserved or backordered. */
  cancelled: z.string(),
  reserved: z.string(),
  /** On delivery notes not shipped yet. */
  onDeliveryNotes: z.string(),
  shipped: z.string(),
  /** Received back on returns (resaleable and damaged). */
  returned: z.string(),
  /** On returns announced and not received yet. */
  returnAnnounced: z.string(),
  /** Billed by invoices that are not cancelled (projected from invoicing's events, so it follows them shortly). */
  invoiced: z.string(),
  /** ordered − cancelled − shipped. */
  open: z.string(),
  /** Open and not reserved: waits for stock (stock-managed products only, and not a make-to-order line waiting for its own goods; else 0). */
  backorder: z.string(),
  /** Whether the warehouse keeps stock of the product. */
  stockManaged: z.boolean(),
  warehouse: z.string().nullable(),
  /** Made or bought for this order: ships only once its goods are received. */
  makeToOrder: z.boolean(),
  promisedDate: z.string().nullable(),
  /** Make-to-order: whether its goods were received. */
  released: z.boolean(),
  /** Make-to-order, goods not received and something still open: the order waits for production. */
  awaiting: z.boolean(),
});
export type FulfilmentLine = z.infer<typeof fulfilmentLineSchema>;

export const orderFulfilmentSchema = z.object({
  orderNumber: z.string(),
  allowBackorders: z.boolean(),
  cancelled: z.boolean(),
  /** open: nothing shipped; partially_shipped; shipped: every line fully shipped. */
  status: z.enum(['open', 'partially_shipped', 'shipped', 'cancelled']),
  lines: z.array(fulfilmentLineSchema),
});
export type OrderFulfilment = z.infer<typeof orderFulfilmentSchema>;

/** An open quantity across orders, oldest order first. */
export const backorderSchema = z.object({
  orderNumber: z.string(),
  orderDate: z.string(),
  orderPosition: z.number().int(),
  productId: z.string(),
  sku: z.string(),
  description: z.string(),
  ordered: z.string(),
  cancelled: z.string(),
  shipped: z.string(),
  reserved: z.string(),
  /** ordered − cancelled − shipped. */
  open: z.string(),
  backorder: z.string(),
  stockManaged: z.boolean(),
  /** Whether what is open can ship now: reserved, or free stock covers the rest (always true for products without stock). */
  availableNow: z.boolean(),
  /** Free stock of the product (all warehouses). */
  freeStock: z.string(),
});
export type Backorder = z.infer<typeof backorderSchema>;

/** The warehouse's commands and queries: warehouses, receipts, corrections, levels, the ledger, backorders and an order's fulfilment. */
export const StockCommands = {
  warehouses: defineCommand('fulfillment.stock.warehouses', z.object({}), z.array(warehouseSchema)),
  createWarehouse: defineCommand('fulfillment.stock.warehouse.create', newWarehouseSchema.extend(keyed), warehouseSchema),
  levels: defineCommand('fulfillment.stock.levels', stockLevelQuery, pageOf(stockLevelSchema)),
  moves: defineCommand('fulfillment.stock.moves', stockMoveQuery, pageOf(stockMoveSchema)),
  receipt: defineCommand('fulfillment.stock.receipt', receiptSchema.extend(keyed), stockChangeSchema),
  correction: defineCommand('fulfillment.stock.correction', correctionSchema.extend(keyed), stockChangeSchema),
  setBin: defineCommand('fulfillment.stock.bin', binSchema.extend(keyed), stockLevelSchema),
  backorders: defineCommand('fulfillment.stock.backorders', backorderQuery, pageOf(backorderSchema)),
  orderFulfilment: defineCommand('fulfillment.order.fulfilment', orderFulfilmentQuery, orderFulfilmentSchema),
};
