import type { NatsConnection } from '@nats-io/transport-node';
import { ApplicationFailure } from '@temporalio/common';
import { request } from '../../../shared/nats/rpc.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { QuoteSubjects, type Quote } from '../../../shared/contracts/quote.ts';
import { OrderSubjects, type SalesOrder } from '../../../shared/contracts/order.ts';
import { FulfillmentSubjects, type DeliveryNote, type ShipResult } from '../../../shared/contracts/fulfillment.ts';
import { InvoicingSubjects, type Invoice } from '../../../shared/contracts/invoicing.ts';
import { DocumentSubjects } from '../../../shared/contracts/document.ts';
import type { DeliveryFacts, InvoiceFacts, OrderFacts, QuoteFacts, SaleTimings } from '../sale.contract.ts';

/** The facts of a quote the sale decides on; the rest of the quote stays with its owner. */
export function quoteFacts(q: Quote): QuoteFacts {
  const pending = q.status === 'pending_approval' ? q.approvals.find((a) => a.status === 'pending') : undefined;
  return {
    kind: 'quote', number: q.number, status: q.status, revision: q.revision, createdBy: q.createdBy, assignee: q.assignee, expiresAt: q.expiresAt,
    orderType: q.orderType ?? 'standard', grossBase: q.grossBase, pendingApproval: pending ? { level: pending.level, role: pending.role } : null,
  };
}

export function orderFacts(o: SalesOrder): OrderFacts {
  return { kind: 'order', number: o.number, status: o.status, orderType: o.orderType, schedule: o.schedule };
}

export function deliveryFacts(d: DeliveryNote, orderComplete = false): DeliveryFacts {
  return { kind: 'delivery_note', number: d.number, orderNumber: d.orderNumber, status: d.status, orderComplete };
}

export function invoiceFacts(i: Invoice): InvoiceFacts {
  return { kind: 'invoice', number: i.number, status: i.status, gross: i.totals.gross, deliveryNoteNumbers: i.deliveryNoteNumbers };
}

type Notice = { recipient: string; kind: string; subject: string; documentNumber: string; details: Record<string, unknown> };

/** What the warehouse hears of a rush order. */
export function rushNotice(order: SalesOrder): Notice {
  return { recipient: 'role:warehouse', kind: 'rush_order', subject: `Eilauftrag ${order.number}: heute versenden`, documentNumber: order.number, details: { dueDate: order.dueDate } };
}

/** What a drop-ship supplier gets: the goods lines (charges are not delivered) and the customer's delivery address. */
export function dropShipNotice(order: SalesOrder & { supplier: { name: string } }): Notice {
  return {
    recipient: `supplier:${order.supplier.name}`, kind: 'drop_ship_order', subject: `Streckengeschäft ${order.number}: Lieferung direkt an ${order.customer.name}`,
    documentNumber: order.number, details: { shipTo: order.customer.shippingAddress, lines: order.lines.filter((l) => l.kind !== 'charge').map((l) => ({ sku: l.sku, quantity: l.quantity, unit: l.unit })) },
  };
}

/**
 * Activities are thin NATS calls that send numbers and decisions and hand the
 * workflow back only the facts it decides on. Business refusals (4xx) become
 * non-retryable failures carrying the coded error; faults (timeouts, 5xx) stay
 * retryable. Commands carry the workflow's idempotency key.
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
  const quoteStep = <I extends { number: string } & Keyed>(subject: string) => async (i: I): Promise<QuoteFacts> => quoteFacts(await call<Quote>(subject, i));
  const notify = (i: { recipient: string; kind: string; subject: string; documentNumber?: string; details?: Record<string, unknown> } & Keyed) => call<{ id: string }>(DocumentSubjects.notify, i);

  return {
    getTimings: async (): Promise<SaleTimings> => {
      const s = await call<SaleTimings>(QuoteSubjects.settingsGet, {});
      return { approvalReminderAfter: s.approvalReminderAfter, approvalEscalateAfter: s.approvalEscalateAfter, escalationRole: s.escalationRole, expiryReminderBefore: s.expiryReminderBefore };
    },
    editQuote: quoteStep<{ number: string; content: Record<string, unknown>; expectedVersion?: number | undefined } & Keyed>(QuoteSubjects.edit),
    submitQuote: quoteStep<{ number: string } & Keyed>(QuoteSubjects.submit),
    decideApproval: quoteStep<{ number: string; level: number; decision: 'approve' | 'reject'; reason?: string | undefined } & Keyed>(QuoteSubjects.decide),
    expireQuote: quoteStep<{ number: string } & Keyed>(QuoteSubjects.expire),
    sendQuote: quoteStep<{ number: string } & Keyed>(QuoteSubjects.send),
    acceptQuote: quoteStep<{ number: string } & Keyed>(QuoteSubjects.accept),
    rejectQuote: quoteStep<{ number: string; reason?: string | undefined } & Keyed>(QuoteSubjects.reject),
    cancelQuote: quoteStep<{ number: string; reason?: string | undefined } & Keyed>(QuoteSubjects.cancel),
    /** Staff notifications (reminders, escalations, due schedule lines). */
    notify,
    /**
     * Converts an accepted quote: the order service reads the quote from its
     * owner and checks it is accepted (and still this revision); then the
     * quote records its order. Both calls are keyed, so a retry repeats neither.
     */
    convertQuote: async (i: { quoteNumber: string; revision: number; markKey: string } & Keyed): Promise<OrderFacts> => {
      const order = await call<SalesOrder>(OrderSubjects.create, { quoteNumber: i.quoteNumber, revision: i.revision, actor: i.actor, idempotencyKey: i.idempotencyKey });
      await call<Quote>(QuoteSubjects.markConverted, { number: i.quoteNumber, orderNumber: order.number, revision: i.revision, actor: i.actor, idempotencyKey: i.markKey });
      return orderFacts(order);
    },
    getOrder: async (number: string): Promise<OrderFacts> => orderFacts(await call<SalesOrder>(OrderSubjects.get, { number })),
    cancelOrder: async (i: { number: string; reason: string } & Keyed): Promise<OrderFacts> => orderFacts(await call<SalesOrder>(OrderSubjects.cancel, i)),
    /** A rush order alerts the warehouse to ship today. */
    alertRushOrder: async (i: { orderNumber: string } & Keyed): Promise<void> => {
      const order = await call<SalesOrder>(OrderSubjects.get, { number: i.orderNumber });
      await notify({ ...rushNotice(order), idempotencyKey: i.idempotencyKey });
    },
    /** A drop-ship order goes to its supplier, who delivers straight to the customer. */
    handOverDropShip: async (i: { orderNumber: string } & Keyed): Promise<void> => {
      const order = await call<SalesOrder>(OrderSubjects.get, { number: i.orderNumber });
      const supplier = order.supplier;
      if (supplier) await notify({ ...dropShipNotice({ ...order, supplier }), idempotencyKey: i.idempotencyKey });
    },
    createDeliveryNote: async (i: { orderNumber: string; lines?: { orderPosition: number; quantity: string }[] } & Keyed): Promise<DeliveryFacts> =>
      deliveryFacts(await call<DeliveryNote>(FulfillmentSubjects.create, i)),
    shipDeliveryNote: async (i: { number: string; carrier: string; trackingNumber?: string } & Keyed): Promise<DeliveryFacts> => {
      const r = await call<ShipResult>(FulfillmentSubjects.ship, i);
      return deliveryFacts(r.deliveryNote, r.orderComplete);
    },
    createInvoice: async (i: { orderNumber: string; deliveryNoteNumbers: string[] } & Keyed): Promise<InvoiceFacts> => invoiceFacts(await call<Invoice>(InvoicingSubjects.create, i)),
    recordPayment: async (i: { number: string; amount: string; receivedAt?: string; reference?: string } & Keyed): Promise<InvoiceFacts> => invoiceFacts(await call<Invoice>(InvoicingSubjects.recordPayment, i)),
    cancelInvoice: async (i: { number: string; reason: string } & Keyed): Promise<InvoiceFacts> => invoiceFacts(await call<Invoice>(InvoicingSubjects.cancel, i)),
  };
}

export type SaleActivities = ReturnType<typeof createActivities>;
