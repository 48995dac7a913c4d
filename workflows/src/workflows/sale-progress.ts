import { Decimal } from 'decimal.js';
import type { SaleStage } from '../sale.contract.ts';

/** Pure progress rules of a sale, so workflow-safe and unit-tested. */

export interface OrderedLine { position: number; quantity: string }
export interface ShippedLine { orderPosition: number; quantity: string }
/** A shipped delivery note with its lines. */
export interface Shipment { deliveryNote: string; lines: ShippedLine[] }
/** An invoice the sale issued, the delivery notes it bills and where its payment stands. */
export interface BilledInvoice { number: string; deliveryNotes: string[]; status: 'open' | 'paid' | 'cancelled' }

/** Whether the shipped quantities cover every ordered position. */
export function deliveryStage(orderLines: OrderedLine[], shipped: ShippedLine[]): SaleStage {
  const complete = orderLines.every((l) =>
    shipped.filter((s) => s.orderPosition === l.position).reduce((a, s) => a.plus(s.quantity), new Decimal(0)).gte(l.quantity),
  );
  return complete ? 'delivered' : 'partially_delivered';
}

/** Shipped delivery notes that no live (not cancelled) invoice bills yet. */
export function uninvoicedShipments(shipments: Shipment[], invoices: BilledInvoice[]): string[] {
  const billed = new Set(invoices.filter((i) => i.status !== 'cancelled').flatMap((i) => i.deliveryNotes));
  return shipments.map((s) => s.deliveryNote).filter((n) => !billed.has(n));
}

/**
 * A sale is settled when everything ordered is shipped, everything shipped is
 * invoiced by a live invoice, and every live invoice is paid.
 */
export function isSettled(orderLines: OrderedLine[], shipments: Shipment[], invoices: BilledInvoice[]): boolean {
  const live = invoices.filter((i) => i.status !== 'cancelled');
  return deliveryStage(orderLines, shipments.flatMap((s) => s.lines)) === 'delivered'
    && uninvoicedShipments(shipments, invoices).length === 0
    && live.length > 0
    && live.every((i) => i.status === 'paid');
}
