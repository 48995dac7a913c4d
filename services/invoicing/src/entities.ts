import { EntitySchema } from '@mikro-orm/core';
import type { CustomerSnapshot, ExchangeRateSnapshot } from '../../../shared/contracts/common.ts';
import type { DiscountGranted, InvoiceKind, InvoiceStatus, PaymentKind } from '../../../shared/contracts/invoicing/index.ts';
import type { EarlyPaymentDiscount } from '../../../shared/contracts/payment-terms.ts';
import type { DocumentTotals } from '../../../shared/totals.ts';
import type { InvoiceLine } from './domain/invoice.ts';
import type { Deduction } from './domain/plan-billing.ts';

export interface InvoiceRow {
  id: string;
  number: string;
  status: InvoiceStatus;
  /** invoice (of deliveries), down_payment, progress, final; corrections: cancellation, credit_note. */
  kind: InvoiceKind;
  /** The invoice a correction refers to. */
  refersTo?: string | null;
  /** The billing plan item a down-payment or progress invoice bills (once per order). */
  planItemKey?: string | null;
  /** On a final invoice: every earlier invoice of the order per VAT rate. */
  deductions: Deduction[];
  /** Free text printed below the positions (written on the draft). */
  remark?: string | null;
  orderNumber: string;
  /** A combined invoice (Sammelrechnung): every order it bills, orderNumber first; empty for an invoice of one order. */
  orderNumbers?: string[];
  deliveryNoteNumbers: string[];
  customer: CustomerSnapshot;
  currency: string;
  exchangeRate: ExchangeRateSnapshot;
  lines: InvoiceLine[];
  totals: DocumentTotals;
  /** Legal notes of the tax treatment (§ 14a UStG), copied from the order for the lines billed. */
  taxNotes: string[];
  grossBase: string;
  paidAmount: string;
  paymentTermsDays: number;
  supplyDate: string;
  /** The period billed, first and last day (time & material, recurring; a correction copies its invoice's): BG-14 of the e-invoice. */
  periodStart?: string | null;
  periodEnd?: string | null;
  dueDate: string;
  cancellationReason?: string | null;
  /** Why a correction was issued (printed on it). */
  reason?: string | null;
  /** On an invoice: what its credit notes credit (positive). */
  creditedAmount: string;
  /** On an invoice: refunded against its corrections; on a correction: refunded against it. */
  refundedAmount: string;
  /** On an invoice: what its credit notes credited beyond its open amount, booked to the customer's credit balance. */
  balanceCredit?: string;
  /** On a credit note for a return: the return's number (one credit note per return and invoice). */
  returnNumber?: string | null;
  /** Skonto offered (payments/skonto.ts), null when the terms have none. */
  earlyPaymentDiscount?: EarlyPaymentDiscount | null;
  /** Skonto granted by a payment in time: lowers the open amount besides the paid amount. */
  discountAmount?: string;
  discountGranted?: DiscountGranted | null;
  createdAt: Date;
  version: number;
}

export const InvoiceEntity = new EntitySchema<InvoiceRow>({
  name: 'Invoice',
  tableName: 'invoice',
  properties: {
    id: { type: 'string', primary: true },
    number: { type: 'string', unique: true },
    status: { type: 'string' },
    kind: { type: 'string' },
    refersTo: { type: 'string', nullable: true },
    planItemKey: { type: 'string', nullable: true },
    deductions: { type: 'json' },
    remark: { type: 'string', nullable: true },
    orderNumber: { type: 'string' },
    // The column defaults to [] (an invoice of one order leaves it unset).
    orderNumbers: { type: 'json', nullable: true },
    deliveryNoteNumbers: { type: 'json' },
    customer: { type: 'json' },
    currency: { type: 'string' },
    exchangeRate: { type: 'json' },
    lines: { type: 'json' },
    totals: { type: 'json' },
    taxNotes: { type: 'json' },
    grossBase: { type: 'decimal', precision: 18, scale: 4 },
    paidAmount: { type: 'decimal', precision: 18, scale: 4 },
    paymentTermsDays: { type: 'integer' },
    supplyDate: { type: 'string', columnType: 'date' },
    periodStart: { type: 'string', columnType: 'date', nullable: true },
    periodEnd: { type: 'string', columnType: 'date', nullable: true },
    dueDate: { type: 'string', columnType: 'date' },
    cancellationReason: { type: 'string', nullable: true },
    reason: { type: 'string', nullable: true },
    creditedAmount: { type: 'decimal', precision: 18, scale: 4 },
    refundedAmount: { type: 'decimal', precision: 18, scale: 4 },
    balanceCredit: { type: 'decimal', precision: 18, scale: 4, default: 0 },
    returnNumber: { type: 'string', nullable: true },
    earlyPaymentDiscount: { type: 'json', nullable: true },
    discountAmount: { type: 'decimal', precision: 18, scale: 4, default: 0 },
    discountGranted: { type: 'json', nullable: true },
    createdAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});

export interface PaymentRow {
  id: string;
  invoiceNumber: string;
  amount: string;
  receivedAt: string;
  reference?: string | null;
  kind?: PaymentKind;
  receivedAmount?: string | null;
  discountAmount?: string;
  providerEventId?: string | null;
  createdAt: Date;
}

export const PaymentEntity = new EntitySchema<PaymentRow>({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    id: { type: 'string', primary: true },
    invoiceNumber: { type: 'string' },
    amount: { type: 'decimal', precision: 18, scale: 4 },
    receivedAt: { type: 'string', columnType: 'date' },
    reference: { type: 'string', nullable: true },
    kind: { type: 'string', default: 'transfer' },
    receivedAmount: { type: 'decimal', precision: 18, scale: 4, nullable: true },
    discountAmount: { type: 'decimal', precision: 18, scale: 4, default: 0 },
    providerEventId: { type: 'string', nullable: true },
    createdAt: { type: 'datetime' },
  },
});

export interface RefundRow {
  id: string;
  correctionNumber: string;
  amount: string;
  refundedAt: string;
  reference?: string | null;
  createdAt: Date;
}

/** Money paid back against a correction (Rückerstattung). */
export const RefundEntity = new EntitySchema<RefundRow>({
  name: 'Refund',
  tableName: 'refund',
  properties: {
    id: { type: 'string', primary: true },
    correctionNumber: { type: 'string' },
    amount: { type: 'decimal', precision: 18, scale: 4 },
    refundedAt: { type: 'string', columnType: 'date' },
    reference: { type: 'string', nullable: true },
    createdAt: { type: 'datetime' },
  },
});
