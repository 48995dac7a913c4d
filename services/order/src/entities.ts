import { EntitySchema } from '@mikro-orm/core';
import type { EarlyPaymentTerms } from '../../../shared/contracts/payment-terms.ts';
import type { CustomerSnapshot, ExchangeRateSnapshot, PricedLine } from '../../../shared/contracts/common.ts';
import type { BillingStatus, OrderLine, OrderStatus, PaymentStatus, ScheduleLine } from '../../../shared/contracts/order/index.ts';
import type { OrderType } from '../../../shared/contracts/common.ts';
import type { DocumentTotals } from '../../../shared/totals.ts';
import type { BilledInvoice } from './domain/billing.ts';

/** One cancellation of part of an order line. */
export interface LineCancellationEntry {
  position: number;
  quantity: string;
  reason: string;
  by: string;
  at: string;
}

export interface OrderRow {
  id: string;
  number: string;
  status: OrderStatus;
  billingStatus: BillingStatus;
  quoteNumber?: string | null;
  quoteRevision?: number | null;
  orderType: OrderType;
  priority: 'normal' | 'rush';
  dueDate?: string | null;
  schedule: ScheduleLine[];
  supplier?: { name: string; email?: string | null } | null;
  allowBackorders: boolean;
  createdBy: string;
  totalsBase: { net: string; vat: string; gross: string };
  taxNotes: string[];
  customer: CustomerSnapshot;
  currency: string;
  exchangeRate: ExchangeRateSnapshot;
  lines: PricedLine[];
  delivered: OrderLine[];
  invoices: BilledInvoice[];
  /** Quantities of lines cancelled after confirmation, one entry per cancellation (absent in rows read before the column). */
  lineCancellations?: LineCancellationEntry[];
  totals: DocumentTotals;
  grossBase: string;
  paymentTermsDays: number;
  earlyPaymentDiscount?: EarlyPaymentTerms | null;
  invoiceOnShipment: boolean;
  /** The snapshot's customer as columns, for the order list's filter and sort. */
  customerId: string;
  customerNumber: string;
  customerName: string;
  /** Net total in EUR, for the order list's total filter and sort. */
  netBase: string;
  tags: string[];
  assignee?: string | null;
  leadSource?: string | null;
  /** Stored without overdue (which depends on the day): see openDueDate. */
  paymentStatus: Exclude<PaymentStatus, 'overdue'>;
  /** The earliest due date of a live invoice not paid in full; past it the order is overdue. */
  openDueDate?: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const OrderEntity = new EntitySchema<OrderRow>({
  name: 'SalesOrder',
  tableName: 'sales_order',
  properties: {
    id: { type: 'string', primary: true },
    number: { type: 'string', unique: true },
    status: { type: 'string' },
    billingStatus: { type: 'string' },
    quoteNumber: { type: 'string', nullable: true, unique: true },
    quoteRevision: { type: 'integer', nullable: true },
    orderType: { type: 'string' },
    priority: { type: 'string' },
    dueDate: { type: 'string', columnType: 'date', nullable: true },
    schedule: { type: 'json' },
    supplier: { type: 'json', nullable: true },
    allowBackorders: { type: 'boolean' },
    createdBy: { type: 'string' },
    totalsBase: { type: 'json' },
    taxNotes: { type: 'json' },
    customer: { type: 'json' },
    currency: { type: 'string' },
    exchangeRate: { type: 'json' },
    lines: { type: 'json' },
    delivered: { type: 'json' },
    invoices: { type: 'json' },
    lineCancellations: { type: 'json', nullable: true },
    totals: { type: 'json' },
    grossBase: { type: 'decimal', precision: 18, scale: 4 },
    paymentTermsDays: { type: 'integer' },
    earlyPaymentDiscount: { type: 'json', nullable: true },
    invoiceOnShipment: { type: 'boolean' },
    customerId: { type: 'string' },
    customerNumber: { type: 'string' },
    customerName: { type: 'string' },
    netBase: { type: 'decimal', precision: 18, scale: 4 },
    tags: { type: 'json' },
    assignee: { type: 'string', nullable: true },
    leadSource: { type: 'string', nullable: true },
    paymentStatus: { type: 'string' },
    openDueDate: { type: 'string', columnType: 'date', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});
