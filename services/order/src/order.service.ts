import { randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { Quote } from '../../../shared/contracts/quote/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { Decimal } from 'decimal.js';
import { toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import type { EventOf } from '../../../shared/contracts/events.ts';
import {
  OrderCancelled,
  OrderCreated,
  OrderDelivered,
  OrderDeliveredAfterCancellation,
  OrderPartiallyDelivered,
} from '../../../shared/contracts/order/events.ts';
import { ProcurementRequested } from '../../../shared/contracts/order/procurement-events.ts';
import type { DeliveryShipped, DeliveryShippedV1 } from '../../../shared/contracts/fulfillment/events.ts';
import { OrderEntity, type OrderRow } from './entities.ts';
import { applyInvoiceEvent, billingStatusOf, eventPerOrder, paymentStateOf, paymentStatusOn, type InvoicingEvent } from './domain/billing.ts';
import { cancelledOf } from './domain/line-changes.ts';
import { applyShipment, orderStates } from './domain/order-states.ts';
import { coveredWithCancellations, orderLinesJson } from './domain/line-changes.ts';

export function orderJson(o: OrderRow): SalesOrder {
  return {
    number: o.number,
    status: o.status,
    billingStatus: o.billingStatus,
    quoteNumber: o.quoteNumber ?? null,
    quoteRevision: o.quoteRevision ?? null,
    orderType: o.orderType,
    priority: o.priority,
    dueDate: o.dueDate ?? null,
    schedule: o.schedule,
    supplier: o.supplier ?? null,
    allowBackorders: o.allowBackorders,
    createdBy: o.createdBy,
    tags: o.tags ?? [],
    assignee: o.assignee ?? null,
    leadSource: o.leadSource ?? null,
    paymentStatus: paymentStatusOn(o.paymentStatus, o.openDueDate, berlinDate(new Date())),
    totalsBase: o.totalsBase,
    taxNotes: o.taxNotes,
    customer: o.customer,
    currency: o.currency,
    exchangeRate: o.exchangeRate,
    lines: orderLinesJson(o.lines, o.delivered, o.lineCancellations ?? []),
    delivered: o.delivered,
    totals: o.totals,
    grossBase: toAmountString(o.grossBase, BASE_CURRENCY),
    paymentTermsDays: o.paymentTermsDays,
    earlyPaymentDiscount: o.earlyPaymentDiscount ?? null,
    invoiceOnShipment: o.invoiceOnShipment,
    createdAt: o.createdAt.toISOString(),
    version: o.version,
  };
}

/**
 * Creates the order for an accepted quote, carrying over every line and amount
 * unchanged. A second call for the same quote returns the existing order.
 */
export async function createOrderFromQuote(tx: Em, quote: Quote, revision: number | undefined, actor?: Actor): Promise<SalesOrder> {
  const existing = await tx.findOne(OrderEntity, { quoteNumber: quote.number });
  if (existing) return orderJson(existing);
  if (quote.status !== 'accepted') {
    throw new ConflictError(`quote ${quote.number} is '${quote.status}'; only an accepted quote becomes an order`, 'quote_not_accepted');
  }
  if (revision !== undefined && revision !== quote.revision) {
    throw new ConflictError(`revision ${revision} of quote ${quote.number} is superseded by revision ${quote.revision}`, 'revision_superseded');
  }
  return insertOrder(tx, quote, quote.number, actor);
}

/** An order entered directly, priced by the quote service like a quote. */
export async function createDirectOrder(tx: Em, priced: Quote, actor?: Actor): Promise<SalesOrder> {
  return insertOrder(tx, priced, null, actor);
}

/** Schedule lines may not plan more of a position than is ordered. */
function checkSchedule(priced: Quote): void {
  for (const line of priced.lines) {
    const planned = priced.schedule.filter((s) => s.orderPosition === line.position).reduce((a, s) => a.plus(s.quantity), new Decimal(0));
    if (planned.gt(line.quantity)) {
      throw new ValidationError(`schedule plans ${planned} of position ${line.position}, ordered ${line.quantity}`, [
        { field: 'schedule', message: `position ${line.position} over-planned` },
      ]);
    }
  }
}

async function insertOrder(tx: Em, quote: Quote, quoteNumber: string | null, actor?: Actor): Promise<SalesOrder> {
  checkSchedule(quote);
  const now = new Date();
  const row = tx.create(OrderEntity, {
    id: `ord_${randomUUID()}`,
    number: await nextDocumentNumber(tx, 'AB', now),
    status: 'open',
    billingStatus: 'unbilled',
    invoices: [],
    lineCancellations: [],
    quoteNumber,
    quoteRevision: quoteNumber ? quote.revision : null,
    orderType: quote.orderType ?? 'standard',
    priority: quote.orderType === 'rush' ? 'rush' : 'normal',
    // Rush and cash sales are handled today; others follow the schedule or the warehouse's order.
    dueDate: quote.orderType === 'rush' || quote.orderType === 'cash_sale' ? berlinDate(now) : null,
    schedule: quote.schedule ?? [],
    supplier: quote.supplier ?? null,
    allowBackorders: quote.allowBackorders ?? false,
    createdBy: actor?.id ?? 'system',
    totalsBase: quote.totalsBase ?? { net: '', vat: '', gross: quote.grossBase },
    taxNotes: quote.taxNotes ?? [],
    customer: quote.customer,
    currency: quote.currency,
    exchangeRate: quote.exchangeRate,
    lines: quote.lines,
    delivered: quote.lines.map((l) => ({ position: l.position, deliveredQuantity: '0' })),
    totals: quote.totals,
    grossBase: quote.grossBase,
    paymentTermsDays: quote.paymentTermsDays,
    earlyPaymentDiscount: quote.earlyPaymentDiscount ?? null,
    invoiceOnShipment: quote.invoiceOnShipment ?? false,
    customerId: quote.customer.id,
    customerNumber: quote.customer.number,
    customerName: quote.customer.name,
    netBase: quote.totalsBase?.net || (quote.currency === BASE_CURRENCY ? quote.totals.net : '0'),
    tags: quote.tags ?? [],
    assignee: quote.assignee ?? null,
    leadSource: quote.leadSource ?? null,
    paymentStatus: 'none',
    openDueDate: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  tx.persist(row);
  recordEvent(tx, OrderCreated, {
    number: row.number,
    quoteNumber,
    orderType: row.orderType,
    gross: quote.totals.gross,
    currency: quote.currency,
    customerNumber: quote.customer.number,
    grossBase: quote.grossBase,
    createdBy: row.createdBy,
  });
  // Each make-to-order line asks purchasing or production for its goods, once, with the order.
  for (const line of row.lines.filter((l) => l.makeToOrder)) {
    recordEvent(tx, ProcurementRequested, {
      orderNumber: row.number,
      orderPosition: line.position,
      productId: line.productId,
      sku: line.sku,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit,
      promisedDate: line.promisedDate ?? null,
      customerNumber: quote.customer.number,
    });
  }
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: row.number,
    action: 'created',
    actor,
    details: { quoteNumber, quoteRevision: row.quoteRevision, orderType: row.orderType, gross: quote.totals.gross, currency: quote.currency },
  });
  return orderJson(row);
}

export async function findOrder(em: Em, number: string): Promise<OrderRow> {
  const row = await em.findOne(OrderEntity, { number });
  if (!row) throw new NotFoundError(`order ${number} not found`, 'number');
  return row;
}

export async function cancelOrder(tx: Em, number: string, reason: string, expectedVersion?: number, actor?: Actor): Promise<SalesOrder> {
  const row = await findForUpdate(tx, OrderEntity, { number }, `order ${number}`, expectedVersion);
  row.status = orderStates.next(row.status, 'cancel');
  row.updatedAt = new Date();
  recordEvent(tx, OrderCancelled, { number, reason });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'order', aggregateId: number, action: 'cancel', actor, details: { reason } });
  return orderJson(row);
}

/** Projection: a shipped delivery note raises the delivered quantities and moves the order's delivery state. */
export async function onDeliveryShipped(tx: Em, event: EventOf<typeof DeliveryShipped | typeof DeliveryShippedV1>): Promise<void> {
  const { data } = event;
  const row = await findForUpdate(tx, OrderEntity, { number: data.orderNumber }, `order ${data.orderNumber}`);
  const { delivered, action } = applyShipment(row.lines, row.delivered, data.lines, 'orderComplete' in data ? data.orderComplete : undefined);
  if (row.status === 'cancelled') {
    // The goods left although the order was cancelled (the note was shipped in
    // between): the shipment is a fact and is recorded; the order stays cancelled
    // and staff are told, to invoice or take the goods back.
    row.delivered = delivered;
    row.updatedAt = new Date();
    recordEvent(tx, OrderDeliveredAfterCancellation, { number: row.number, deliveryNoteNumber: data.number });
    await tx.flush();
    await recordAudit(tx, {
      aggregateType: 'order',
      aggregateId: row.number,
      action: 'delivery_after_cancellation',
      details: { deliveryNoteNumber: data.number, delivered },
    });
    return;
  }
  // Cancelled line quantities count as done; a cancellation may have completed the order before this shipment's event arrived.
  const complete = action === 'deliver_fully' || coveredWithCancellations(row.lines, delivered, row.lineCancellations ?? []);
  if (row.status !== 'delivered') row.status = orderStates.next(row.status, complete ? 'deliver_fully' : action);
  row.delivered = delivered;
  row.updatedAt = new Date();
  recordEvent(tx, row.status === 'delivered' ? OrderDelivered : OrderPartiallyDelivered, { number: row.number, deliveryNoteNumber: data.number });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: row.number,
    action: 'delivery_recorded',
    details: { deliveryNoteNumber: data.number, status: row.status, delivered },
  });
}

/** Projection: invoices, payments and cancellations move the order's billing status (domain/billing.ts decides). */
export async function onInvoiceEvent(tx: Em, event: InvoicingEvent): Promise<void> {
  for (const part of eventPerOrder(event)) await applyToOrder(tx, part.orderNumber, part.event);
}

async function applyToOrder(tx: Em, orderNumber: string, event: InvoicingEvent): Promise<void> {
  const row = await findForUpdate(tx, OrderEntity, { number: orderNumber }, `order ${orderNumber}`);
  const invoices = applyInvoiceEvent(row.invoices, event);
  if (invoices === row.invoices) return;
  row.invoices = invoices;
  row.billingStatus = billingStatusOf(row.lines, invoices, (position) => cancelledOf(row.lineCancellations ?? [], position));
  Object.assign(row, paymentStateOf(invoices));
  row.updatedAt = new Date();
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: row.number,
    action: 'billing_recorded',
    details: { event: event.subject, billingStatus: row.billingStatus, paymentStatus: row.paymentStatus },
  });
}

/** The labels staff change on an order: tags, assignee, lead source. Each field given changes; the audit trail keeps old and new. */
export async function setOrderAttributes(
  tx: Em,
  number: string,
  change: { tags?: string[] | undefined; assignee?: string | null | undefined; leadSource?: string | null | undefined },
  expectedVersion: number,
  actor?: Actor,
): Promise<SalesOrder> {
  const row = await findForUpdate(tx, OrderEntity, { number }, `order ${number}`, expectedVersion);
  const before = { tags: row.tags ?? [], assignee: row.assignee ?? null, leadSource: row.leadSource ?? null };
  const after = {
    tags: change.tags !== undefined ? [...new Set(change.tags)] : before.tags,
    assignee: change.assignee !== undefined ? change.assignee : before.assignee,
    leadSource: change.leadSource !== undefined ? change.leadSource : before.leadSource,
  };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
  if (changed.length === 0) return orderJson(row);
  Object.assign(row, after, { updatedAt: new Date() });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: number,
    action: 'attributes_changed',
    actor,
    details: { changes: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) },
  });
  return orderJson(row);
}
