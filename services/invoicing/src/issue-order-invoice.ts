import { randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import { InvoiceIssued } from '../../../shared/contracts/invoicing/events.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ValidationError } from '../../../shared/errors.ts';
import { baseTotals } from '../../../shared/pricing.ts';
import { InvoiceEntity, type InvoiceRow } from './entities.ts';
import { invoiceDates } from './domain/invoice.ts';
import { skontoOffer } from './payments/skonto.ts';
import { checkedJson, type InvoiceContent } from './invoice.service.ts';
import { refuseInvalidEInvoice } from './einvoice-gate.ts';

/** What an invoice of an order bills, decided by its kind's rules (plan share, final settlement, time, a contract period). */
export interface OrderInvoiceContent {
  kind: InvoiceRow['kind'];
  lines: InvoiceRow['lines'];
  totals: InvoiceRow['totals'];
  taxNotes: string[];
  planItemKey?: string | null;
  deductions?: InvoiceRow['deductions'];
  /** Leistungsdatum; default the issue date (a down payment bills no supply yet). */
  supplyDate?: string;
  /** Order positions and quantities billed, for the projections of invoiced quantities; default none (shares, time, periods). */
  billedQuantities?: { orderPosition: number; quantity: string }[];
  fullyBilled?: boolean;
  /** The period billed, first and last day (time & material, recurring): BG-14 of the e-invoice. */
  period?: { start: string; end: string };
}

/**
 * Issues an invoice of an order that is not made of delivery notes: the next
 * RE number in the caller's transaction once the e-invoice gate passed it (a
 * refusal or failure gives it back), the order's
 * customer, currency, rate and terms, a Skonto offer on what this invoice asks
 * for, and the issued event through the outbox.
 */
export async function issueOrderInvoice(tx: Em, order: SalesOrder, doc: OrderInvoiceContent): Promise<InvoiceRow> {
  if (doc.lines.length === 0) throw new ValidationError('nothing to bill', [{ field: 'orderNumber', message: 'the order has no lines' }]);
  const now = new Date();
  const { issueDate, dueDate } = invoiceDates(now, order.paymentTermsDays);
  const grossBase = baseTotals(doc.totals, order.exchangeRate).gross;
  const content: InvoiceContent = {
    status: 'issued',
    kind: doc.kind,
    refersTo: null,
    reason: null,
    creditedAmount: '0',
    refundedAmount: '0',
    returnNumber: null,
    planItemKey: doc.planItemKey ?? null,
    deductions: doc.deductions ?? [],
    orderNumber: order.number,
    deliveryNoteNumbers: [],
    customer: order.customer,
    currency: order.currency,
    exchangeRate: order.exchangeRate,
    lines: doc.lines,
    totals: doc.totals,
    taxNotes: doc.taxNotes,
    grossBase,
    paidAmount: '0',
    paymentTermsDays: order.paymentTermsDays,
    supplyDate: doc.supplyDate ?? issueDate,
    periodStart: doc.period?.start ?? null,
    periodEnd: doc.period?.end ?? null,
    dueDate,
    cancellationReason: null,
    earlyPaymentDiscount: skontoOffer(order.earlyPaymentDiscount, doc.totals.gross, order.currency, issueDate),
    createdAt: now,
  };
  await refuseInvalidEInvoice(order.customer.id, () => ({ invoice: checkedJson(content) }));
  const row = tx.create(InvoiceEntity, { ...content, id: `inv_${randomUUID()}`, number: await nextDocumentNumber(tx, 'RE', now), version: 1 });
  tx.persist(row);
  await tx.flush();
  recordEvent(tx, InvoiceIssued, {
    number: row.number,
    orderNumber: order.number,
    gross: doc.totals.gross,
    currency: order.currency,
    fullyBilled: doc.fullyBilled ?? false,
    lines: doc.billedQuantities ?? [],
    customerId: order.customer.id,
    grossBase,
    dueDate,
  });
  await tx.flush();
  return row;
}
