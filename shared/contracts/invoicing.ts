import type { PricedDocument } from './common.ts';

export const InvoicingSubjects = {
  create: 'invoicing.invoice.create',
  get: 'invoicing.invoice.get',
  list: 'invoicing.invoice.list',
  cancel: 'invoicing.invoice.cancel',
  recordPayment: 'invoicing.payment.record',
  health: 'invoicing.health',
} as const;

export type InvoiceStatus = 'issued' | 'partially_paid' | 'paid' | 'cancelled';

export interface Payment {
  id: string;
  amount: string;
  receivedAt: string;
  reference: string | null;
}

export interface Invoice extends PricedDocument {
  status: InvoiceStatus;
  orderNumber: string;
  deliveryNoteNumbers: string[];
  /** Leistungsdatum: the date the goods were shipped. */
  supplyDate: string;
  dueDate: string;
  paidAmount: string;
  openAmount: string;
  payments: Payment[];
  cancellationReason: string | null;
  version: number;
}
