import type { NatsConnection } from '@nats-io/transport-node';
import { ApplicationFailure } from '@temporalio/common';
import { call as callService } from '../../../shared/nats/rpc.ts';
import type { CommandDefinition, CommandInput, CommandReply } from '../../../shared/contracts/commands.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { QuoteCommands, type Quote } from '../../../shared/contracts/quote/index.ts';
import { Decimal } from 'decimal.js';
import { OrderCommands, OrderLineCommands, type LineCancellation, type SalesOrder } from '../../../shared/contracts/order/index.ts';
import { FulfillmentCommands, type DeliveryNote, type ShippingMethod } from '../../../shared/contracts/fulfillment/index.ts';
import {
  DraftCommands,
  DunningCommands,
  InvoicingCommands,
  SubscriptionCommands,
  TimeCommands,
  type Invoice,
  type PeriodOutcome,
} from '../../../shared/contracts/invoicing/index.ts';
import { DocumentCommands } from '../../../shared/contracts/document/index.ts';
import { endOfBerlinDay } from '../../../shared/dates.ts';
import type { DeliveryFacts, InvoiceFacts, LineCancelFacts, OrderFacts, QuoteFacts, SaleTimings } from '../sale.contract.ts';

/** The facts of a quote the sale decides on; the rest of the quote stays with its owner. */
export function quoteFacts(q: Quote): QuoteFacts {
  const pending = q.status === 'pending_approval' ? q.approvals.find((a) => a.status === 'pending') : undefined;
  return {
    kind: 'quote',
    number: q.number,
    status: q.status,
    revision: q.revision,
    createdBy: q.createdBy,
    assignee: q.assignee,
    expiresAt: q.expiresAt,
    orderType: q.orderType ?? 'standard',
    grossBase: q.grossBase,
    pendingApproval: pending ? { level: pending.level, role: pending.role } : null,
  };
}

export function orderFacts(o: SalesOrder): OrderFacts {
  const mto = o.lines.filter((l) => l.makeToOrder);
  return {
    kind: 'order',
    number: o.number,
    status: o.status,
    orderType: o.orderType,
    schedule: o.schedule,
    ...(o.invoiceOnShipment ? { invoiceOnShipment: true as const } : {}),
    // Only orders with make-to-order lines carry the list, so the facts of other orders stay as they were.
    ...(mto.length
      ? {
          makeToOrder: mto.map((l) => ({
            position: l.position,
            promisedDate: l.promisedDate ?? null,
            dueAt: l.promisedDate ? endOfBerlinDay(l.promisedDate).toISOString() : null,
          })),
        }
      : {}),
  };
}

export function deliveryFacts(d: DeliveryNote, orderComplete = false, awaitingStock?: number[]): DeliveryFacts {
  return {
    kind: 'delivery_note',
    number: d.number,
    orderNumber: d.orderNumber,
    status: d.status,
    orderComplete,
    // Only a shipment that leaves positions on backorder says so, so the facts of plain shipments stay as they were.
    ...(awaitingStock?.length ? { awaitingStock } : {}),
  };
}

/** What the sale decides on after a line was cancelled. */
export function lineCancelFacts(r: LineCancellation): LineCancelFacts {
  return {
    ...orderFacts(r.order),
    position: r.orderPosition,
    lineOpen: new Decimal(r.lineOpen).gt(0),
    orderComplete: r.orderComplete,
    awaitingStock: r.awaitingStock,
  };
}

export function invoiceFacts(i: Invoice): InvoiceFacts {
  // Delivery invoices carry no kind, so their facts (and the histories of plain sales) stay as small as before.
  return {
    kind: 'invoice',
    number: i.number,
    status: i.status,
    gross: i.totals.gross,
    deliveryNoteNumbers: i.deliveryNoteNumbers,
    ...(i.kind !== 'invoice' ? { invoiceKind: i.kind } : {}),
    dueDate: i.dueDate,
  };
}

type Notice = { recipient: string; kind: string; subject: string; documentNumber: string; details: Record<string, unknown> };

/** What the warehouse hears of a rush order. */
export function rushNotice(order: SalesOrder): Notice {
  return {
    recipient: 'role:warehouse',
    kind: 'rush_order',
    subject: `Eilauftrag ${order.number}: heute versenden`,
    documentNumber: order.number,
    details: { dueDate: order.dueDate },
  };
}

/** What a drop-ship supplier gets: the goods lines (charges are not delivered) and the customer's delivery address. */
export function dropShipNotice(order: SalesOrder & { supplier: { name: string } }): Notice {
  return {
    recipient: `supplier:${order.supplier.name}`,
    kind: 'drop_ship_order',
    subject: `Streckengeschäft ${order.number}: Lieferung direkt an ${order.customer.name}`,
    documentNumber: order.number,
    details: {
      shipTo: order.customer.shippingAddress,
      lines: order.lines.filter((l) => l.kind !== 'charge').map((l) => ({ sku: l.sku, quantity: l.quantity, unit: l.unit })),
    },
  };
}

/**
 * Activities are thin NATS calls that send numbers and decisions and hand the
 * workflow back only the facts it decides on. Business refusals (4xx) become
 * non-retryable failures carrying the coded error; faults (timeouts, 5xx) stay
 * retryable. Commands carry the workflow's idempotency key.
 */
export function createActivities(nc: NatsConnection) {
  async function call<C extends CommandDefinition>(command: C, input: CommandInput<C>, timeoutMs = 10_000): Promise<CommandReply<C>> {
    try {
      return await callService(nc, command, input, timeoutMs);
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
  /** The quote commands the sale drives, each answering the quote. */
  type QuoteStep =
    | typeof QuoteCommands.edit
    | typeof QuoteCommands.submit
    | typeof QuoteCommands.decide
    | typeof QuoteCommands.expire
    | typeof QuoteCommands.send
    | typeof QuoteCommands.accept
    | typeof QuoteCommands.reject
    | typeof QuoteCommands.cancel;
  const quoteStep =
    <C extends QuoteStep>(command: C) =>
    async (i: CommandInput<C> & Keyed): Promise<QuoteFacts> =>
      quoteFacts(await call(command, i));
  const notify = (i: CommandInput<typeof DocumentCommands.notify> & Keyed) => call(DocumentCommands.notify, i);

  return {
    getTimings: async (): Promise<SaleTimings> => {
      const s = await call(QuoteCommands.settingsGet, {});
      return {
        approvalReminderAfter: s.approvalReminderAfter,
        approvalEscalateAfter: s.approvalEscalateAfter,
        escalationRole: s.escalationRole,
        expiryReminderBefore: s.expiryReminderBefore,
      };
    },
    editQuote: quoteStep(QuoteCommands.edit),
    submitQuote: quoteStep(QuoteCommands.submit),
    decideApproval: quoteStep(QuoteCommands.decide),
    expireQuote: quoteStep(QuoteCommands.expire),
    sendQuote: quoteStep(QuoteCommands.send),
    acceptQuote: quoteStep(QuoteCommands.accept),
    rejectQuote: quoteStep(QuoteCommands.reject),
    cancelQuote: quoteStep(QuoteCommands.cancel),
    /** Staff notifications (reminders, escalations, due schedule lines). */
    notify,
    /**
     * Converts an accepted quote: the order service reads the quote from its
     * owner and checks it is accepted (and still this revision); then the
     * quote records its order. Both calls are keyed, so a retry repeats neither.
     */
    convertQuote: async (i: { quoteNumber: string; revision: number; markKey: string } & Keyed): Promise<OrderFacts> => {
      const order = await call(OrderCommands.create, { quoteNumber: i.quoteNumber, revision: i.revision, actor: i.actor, idempotencyKey: i.idempotencyKey });
      await call(QuoteCommands.markConverted, {
        number: i.quoteNumber,
        orderNumber: order.number,
        revision: i.revision,
        actor: i.actor,
        idempotencyKey: i.markKey,
      });
      return orderFacts(order);
    },
    getOrder: async (number: string): Promise<OrderFacts> => orderFacts(await call(OrderCommands.get, { number })),
    cancelOrder: async (i: { number: string; reason: string } & Keyed): Promise<OrderFacts> => orderFacts(await call(OrderCommands.cancel, i)),
    /** Cancels (part of) a line; the order service reads what shipped from the warehouse and refuses more than is open. */
    cancelOrderLine: async (i: { orderNumber: string; position: number; quantity?: string; reason: string } & Keyed): Promise<LineCancelFacts> =>
      lineCancelFacts(
        await call(OrderLineCommands.cancel, {
          orderNumber: i.orderNumber,
          orderPosition: i.position,
          ...(i.quantity ? { quantity: i.quantity } : {}),
          reason: i.reason,
          actor: i.actor,
          idempotencyKey: i.idempotencyKey,
        }),
      ),
    /** A rush order alerts the warehouse to ship today. */
    alertRushOrder: async (i: { orderNumber: string } & Keyed): Promise<void> => {
      const order = await call(OrderCommands.get, { number: i.orderNumber });
      await notify({ ...rushNotice(order), idempotencyKey: i.idempotencyKey });
    },
    /** A drop-ship order goes to its supplier, who delivers straight to the customer. */
    handOverDropShip: async (i: { orderNumber: string } & Keyed): Promise<void> => {
      const order = await call(OrderCommands.get, { number: i.orderNumber });
      const supplier = order.supplier;
      if (supplier) await notify({ ...dropShipNotice({ ...order, supplier }), idempotencyKey: i.idempotencyKey });
    },
    createDeliveryNote: async (i: { orderNumber: string; lines?: { orderPosition: number; quantity: string }[] } & Keyed): Promise<DeliveryFacts> =>
      deliveryFacts(await call(FulfillmentCommands.create, i)),
    shipDeliveryNote: async (i: { number: string; method?: ShippingMethod; carrier: string; trackingNumber?: string } & Keyed): Promise<DeliveryFacts> => {
      const r = await call(FulfillmentCommands.ship, i);
      return deliveryFacts(r.deliveryNote, r.orderComplete, r.awaitingStock);
    },
    createInvoice: async (i: { orderNumber: string; deliveryNoteNumbers: string[] } & Keyed): Promise<InvoiceFacts> =>
      invoiceFacts(await call(InvoicingCommands.create, i)),
    /** A combined invoice (Sammelrechnung) of notes of several orders: the invoice's facts and, per order, its sale and notes. */
    createCombinedInvoice: async (
      i: { deliveryNoteNumbers: string[]; customerId?: string } & Keyed,
    ): Promise<{ invoice: InvoiceFacts; parts: { orderNumber: string; saleNumber: string; deliveryNoteNumbers: string[] }[] }> => {
      const r = await call(InvoicingCommands.createCombined, i);
      return { invoice: invoiceFacts(r.invoice), parts: r.parts };
    },
    recordPayment: async (
      i: { number: string; amount: string; receivedAt?: string; reference?: string; kind?: 'transfer' | 'credit'; providerEventId?: string } & Keyed,
    ): Promise<InvoiceFacts> => invoiceFacts(await call(InvoicingCommands.recordPayment, i)),
    cancelInvoice: async (i: { number: string; reason: string } & Keyed): Promise<InvoiceFacts> => invoiceFacts(await call(InvoicingCommands.cancel, i)),
    /** A down-payment or progress invoice of a billing plan item; the invoicing service checks the trigger and the order's total. */
    billPlanItem: async (i: { orderNumber: string; itemKey: string; overrideReason?: string } & Keyed): Promise<InvoiceFacts> =>
      invoiceFacts(await call(InvoicingCommands.billPlanItem, i)),
    billFinal: async (i: { orderNumber: string } & Keyed): Promise<InvoiceFacts> => invoiceFacts(await call(InvoicingCommands.billFinal, i)),
    /** Time and material of a period; the invoicing service bills each entry once. */
    /** The dunning levels' titles and delays; the sale keeps the timers. */
    getDunningLevels: async (): Promise<{ title: string; afterDue: string }[]> =>
      (await call(DunningCommands.settings, {})).levels.map((l) => ({ title: l.title, afterDue: l.afterDue })),
    /** Issues a reminder while the invoice is overdue and open; the answer says whether one was issued, and if not, why. */
    remind: async (i: { invoiceNumber: string; level: number } & Keyed): Promise<{ reason: string; number: string | null }> => {
      const r = await call(DunningCommands.remind, i);
      return { reason: r.reason, number: r.reminder?.number ?? null };
    },
    /** One period of a recurring contract; the invoicing service bills it once and names the next. */
    billPeriod: async (i: { orderNumber: string; period: number } & Keyed): Promise<PeriodOutcome> => call(SubscriptionCommands.billPeriod, i),
    /** Issues an invoice draft: the invoicing service takes the number and closes the draft in one transaction. */
    issueDraft: async (i: { id: string } & Keyed): Promise<InvoiceFacts> => invoiceFacts(await call(DraftCommands.issue, i)),
    billTime: async (i: { orderNumber: string; from: string; to: string } & Keyed): Promise<InvoiceFacts> => invoiceFacts(await call(TimeCommands.bill, i)),
  };
}

export type SaleActivities = ReturnType<typeof createActivities>;
