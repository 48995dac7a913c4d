import type { OrderType, PricedDocument } from './common.ts';

export const OrderSubjects = {
  create: 'order.create',
  get: 'order.get',
  list: 'order.list',
  cancel: 'order.cancel',
  createDirect: 'order.create-direct',
  health: 'order.health',
} as const;

export type OrderStatus = 'open' | 'partially_delivered' | 'delivered' | 'cancelled';
export type BillingStatus = 'unbilled' | 'partially_billed' | 'billed' | 'paid';

export interface OrderLine {
  position: number;
  deliveredQuantity: string;
}

/** A Lieferplan line: this quantity of an order position is due on this date. */
export interface ScheduleLine {
  date: string;
  orderPosition: number;
  quantity: string;
}

export interface SalesOrder extends PricedDocument {
  status: OrderStatus;
  billingStatus: BillingStatus;
  quoteNumber: string | null;
  quoteRevision: number | null;
  orderType: OrderType;
  /** Rush orders are handled the same day. */
  priority: 'normal' | 'rush';
  dueDate: string | null;
  schedule: ScheduleLine[];
  /** Drop-ship: the supplier who delivers straight to the customer. */
  supplier: { name: string; email?: string | null } | null;
  /** Stocked goods may ship in parts, the rest waiting for stock (from the quote's content; default false). */
  allowBackorders: boolean;
  createdBy: string;
  /** Delivered quantity per position, projected from fulfillment events. */
  delivered: OrderLine[];
  version: number;
}
