/**
 * The sale lifecycle's whole Temporal contract: task queue, workflow id,
 * updates, query and search attributes. Pure: imported by the workflow, the
 * worker and the gateway alike.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Quote } from '../../shared/contracts/quote.ts';
import type { Actor } from '../../shared/contracts/common.ts';
import type { SalesOrder } from '../../shared/contracts/order.ts';
import type { DeliveryNote } from '../../shared/contracts/fulfillment.ts';
import type { Invoice } from '../../shared/contracts/invoicing.ts';

export const SALE_WORKFLOW = 'saleWorkflow';

/** Operators find a sale by its quote number: `sale:AN-2026-00042`. */
export function saleWorkflowId(quoteNumber: string): string {
  return `sale:${quoteNumber}`;
}

export type SaleStage =
  | 'quote_draft'
  | 'quote_sent'
  | 'quote_accepted'
  | 'ordered'
  | 'partially_delivered'
  | 'delivered'
  | 'invoiced'
  | 'paid'
  | 'rejected'
  | 'cancelled';

export interface SaleInput {
  quoteNumber: string;
  customerNumber: string;
  /** Gross total in the base currency, for the search attribute. */
  totalBase: string;
}

export interface SaleState {
  stage: SaleStage;
  stagesReached: SaleStage[];
  quoteNumber: string;
  customer: string;
  totalBase: string;
  orderNumber: string | null;
  deliveryNoteNumbers: string[];
  invoiceNumbers: string[];
  /** Document numbers whose PDF has been rendered and stored. */
  documents: string[];
}

export const SearchKeys = {
  documentNumber: defineSearchAttributeKey('KontorDocumentNumber', SearchAttributeType.KEYWORD),
  documents: defineSearchAttributeKey('KontorDocuments', SearchAttributeType.KEYWORD_LIST),
  customer: defineSearchAttributeKey('KontorCustomer', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('KontorStage', SearchAttributeType.KEYWORD),
  totalBase: defineSearchAttributeKey('KontorTotalBase', SearchAttributeType.DOUBLE),
};

export const stateQuery = defineQuery<SaleState>('state');

/** Every step names who asked for it; services write that into their audit trail. */
export interface ByActor {
  actor?: Actor;
}

export const sendQuoteUpdate = defineUpdate<Quote, [ByActor?]>('sendQuote');
export const acceptQuoteUpdate = defineUpdate<Quote, [ByActor?]>('acceptQuote');
export const rejectQuoteUpdate = defineUpdate<Quote, [{ reason?: string } & ByActor]>('rejectQuote');
export const convertToOrderUpdate = defineUpdate<SalesOrder, [ByActor?]>('convertToOrder');
export const createDeliveryNoteUpdate = defineUpdate<DeliveryNote, [{ lines?: { orderPosition: number; quantity: string }[] } & ByActor]>('createDeliveryNote');
export const shipDeliveryNoteUpdate = defineUpdate<DeliveryNote, [{ number: string; carrier: string; trackingNumber?: string } & ByActor]>('shipDeliveryNote');
export const createInvoiceUpdate = defineUpdate<Invoice, [{ deliveryNoteNumbers: string[] } & ByActor]>('createInvoice');
export const recordPaymentUpdate = defineUpdate<Invoice, [{ invoiceNumber: string; amount: string; receivedAt?: string; reference?: string } & ByActor]>('recordPayment');
export const cancelInvoiceUpdate = defineUpdate<Invoice, [{ invoiceNumber: string; reason: string } & ByActor]>('cancelInvoice');
