/** Pure progress rules of a sale, so workflow-safe and unit-tested. */

/** An invoice the sale issued, the delivery notes it bills and where its payment stands. */
export interface BilledInvoice {
  number: string;
  deliveryNotes: string[];
  status: 'open' | 'paid' | 'cancelled';
  /** A final invoice bills the whole order, whatever was shipped (absent: an invoice of delivery notes or a part of the plan). */
  final?: boolean;
  /** The instant the invoice is overdue (end of its due date, Europe/Berlin), and the dunning levels reminded so far. */
  dueAt?: string;
  reminded?: number;
  /** A combined invoice this sale leads: the sales of its other orders, told when it is paid or cancelled. */
  partners?: string[];
}

/** Shipped delivery notes that no live (not cancelled) invoice bills yet. */
export function uninvoicedShipments(shipments: string[], invoices: BilledInvoice[]): string[] {
  const billed = new Set(invoices.filter((i) => i.status !== 'cancelled').flatMap((i) => i.deliveryNotes));
  return shipments.filter((n) => !billed.has(n));
}

/**
 * A sale is settled when everything ordered is shipped (the fulfillment
 * service tells when a shipment completes the order), everything shipped is
 * invoiced by a live invoice (or the order by its final invoice), and every
 * live invoice is paid. An invoice counts as paid once nothing is open on it:
 * paid, or corrected by credit notes for the rest (the invoicing service
 * decides, the sale learns it from the payment step or the invoiceCorrected signal).
 */
export function isSettled(delivered: boolean, shipments: string[], invoices: BilledInvoice[]): boolean {
  const live = invoices.filter((i) => i.status !== 'cancelled');
  const billed = live.some((i) => i.final) || uninvoicedShipments(shipments, invoices).length === 0;
  return delivered && billed && live.length > 0 && live.every((i) => i.status === 'paid');
}
