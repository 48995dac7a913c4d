import type { NatsConnection } from '@nats-io/transport-node';
import { ApplicationFailure } from '@temporalio/common';
import { request } from '../../../shared/nats/rpc.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { QuoteSubjects, type Quote } from '../../../shared/contracts/quote.ts';
import { OrderSubjects, type SalesOrder } from '../../../shared/contracts/order.ts';
import { FulfillmentSubjects, type DeliveryNote } from '../../../shared/contracts/fulfillment.ts';
import { InvoicingSubjects, type Invoice } from '../../../shared/contracts/invoicing.ts';
import type { SaleTimings } from '../sale.contract.ts';

/**
 * Activities are thin NATS calls. Business refusals (4xx) become non-retryable
 * failures carrying the coded error; faults (timeouts, 5xx) stay retryable.
 * Commands carry the workflow's idempotency key.
 */
export function createActivities(nc: NatsConnection) {
  async function call<T>(subject: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    try {
      return await request<T>(nc, subject, payload, timeoutMs);
    } catch (err) {
      // 5xx faults are retried; they carry their coded body too, so that a step that finally gives
      // up answers the client as "internal error" with the correlation id, not with a message.
      if (err instanceof DomainError) {
        throw ApplicationFailure.create({ message: err.message, type: err.code, nonRetryable: err.status < 500, details: [err.toBody()] });
      }
      throw err;
    }
  }
  type Keyed = { idempotencyKey: string; actor?: Actor | undefined };

  return {
    getQuote: (number: string) => call<Quote>(QuoteSubjects.get, { number }),
    getTimings: async (): Promise<SaleTimings> => {
      const s = await call<SaleTimings>(QuoteSubjects.settingsGet, {});
      return { approvalReminderAfter: s.approvalReminderAfter, approvalEscalateAfter: s.approvalEscalateAfter, escalationRole: s.escalationRole, expiryReminderBefore: s.expiryReminderBefore };
    },
    editQuote: (i: { number: string; content: Record<string, unknown>; expectedVersion?: number | undefined } & Keyed) => call<Quote>(QuoteSubjects.edit, i),
    submitQuote: (i: { number: string } & Keyed) => call<Quote>(QuoteSubjects.submit, i),
    decideApproval: (i: { number: string; level: number; decision: 'approve' | 'reject'; reason?: string | undefined } & Keyed) => call<Quote>(QuoteSubjects.decide, i),
    expireQuote: (i: { number: string } & Keyed) => call<Quote>(QuoteSubjects.expire, i),
    /** Staff notifications (reminders, escalations, due schedule lines, supplier hand-over). */
    notify: (i: { recipient: string; kind: string; subject: string; documentNumber?: string; details?: Record<string, unknown> } & Keyed) => call<{ id: string }>(QuoteSubjects.notify, i),
    sendQuote: (i: { number: string } & Keyed) => call<Quote>(QuoteSubjects.send, i),
    acceptQuote: (i: { number: string } & Keyed) => call<Quote>(QuoteSubjects.accept, i),
    rejectQuote: (i: { number: string; reason?: string | undefined } & Keyed) => call<Quote>(QuoteSubjects.reject, i),
    markQuoteConverted: (i: { number: string; orderNumber: string; revision?: number | undefined } & Keyed) => call<Quote>(QuoteSubjects.markConverted, i),
    createOrder: (i: { quote: Quote } & Keyed) => call<SalesOrder>(OrderSubjects.create, i),
    getOrder: (number: string) => call<SalesOrder>(OrderSubjects.get, { number }),
    cancelOrder: (i: { number: string; reason: string } & Keyed) => call<SalesOrder>(OrderSubjects.cancel, i),
    cancelQuote: (i: { number: string; reason?: string | undefined } & Keyed) => call<Quote>(QuoteSubjects.cancel, i),
    createDeliveryNote: (i: { order: SalesOrder; lines?: { orderPosition: number; quantity: string }[] } & Keyed) => call<DeliveryNote>(FulfillmentSubjects.create, i),
    shipDeliveryNote: (i: { number: string; carrier: string; trackingNumber?: string } & Keyed) => call<DeliveryNote>(FulfillmentSubjects.ship, i),
    getDeliveryNote: (number: string) => call<DeliveryNote>(FulfillmentSubjects.get, { number }),
    createInvoice: (i: { order: SalesOrder; deliveryNotes: DeliveryNote[] } & Keyed) => call<Invoice>(InvoicingSubjects.create, i),
    recordPayment: (i: { number: string; amount: string; receivedAt?: string; reference?: string } & Keyed) => call<Invoice>(InvoicingSubjects.recordPayment, i),
    cancelInvoice: (i: { number: string; reason: string } & Keyed) => call<Invoice>(InvoicingSubjects.cancel, i),
  };
}

export type SaleActivities = ReturnType<typeof createActivities>;
