import { randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { CombinedInvoiceReply } from '../../../shared/contracts/invoicing/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import { InvoiceIssued } from '../../../shared/contracts/invoicing/events.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { DomainError } from '../../../shared/errors.ts';
import { baseTotals } from '../../../shared/pricing.ts';
import { totalsOfNets } from '../../../shared/totals.ts';
import { InvoiceEntity, type InvoiceRow } from './entities.ts';
import { billDeliveries, invoiceDates, isFullyBilled, type InvoiceLine } from './domain/invoice.ts';
import { combineOrders, type OrderGroup } from './domain/combined-invoice.ts';
import { skontoOffer } from './payments/skonto.ts';
import { checkedJson, invoiceJson, invoicesOfOrder, linesOfOrder, lockForBilling, NOTHING_RELATED, UNSETTLED, type InvoiceContent } from './invoice.service.ts';
import { refuseInvalidEInvoice } from './einvoice-gate.ts';

/**
 * Issues one invoice (Sammelrechnung) for shipped delivery notes of several
 * orders of one customer: one RE number, the lines grouped per order (each
 * line names its order and note), VAT per rate over all lines, the terms and
 * Skonto of the orders (which must match). The orders and notes are locked
 * for billing, so a note is billed once however many invoices ask for it at
 * the same time; the sales learn of the invoice from the coordinating
 * workflow (combinedInvoiceWorkflow), which answers `parts`.
 */
export async function createCombinedInvoice(
  tx: Em,
  req: { deliveryNoteNumbers: string[]; customerId?: string | undefined },
  notes: DeliveryNote[],
  orders: SalesOrder[],
  actor?: Actor,
): Promise<CombinedInvoiceReply> {
  const groups = combineOrders(req, notes, orders);
  const primary = groups[0]!.order;
  const field = (n: string) => `deliveryNoteNumbers[${req.deliveryNoteNumbers.indexOf(n)}]`;
  await lockForBilling(
    tx,
    groups.map((g) => g.order.number),
    notes.map((n) => n.number),
    field,
  );
  const lines: InvoiceLine[] = [];
  const parts: { orderNumber: string; lines: { orderPosition: number; quantity: string }[]; fullyBilled: boolean }[] = [];
  const supplyDates: string[] = [];
  for (const g of groups) {
    const earlier = await earlierLines(tx, g);
    const billed = billDeliveries(g.order, g.notes, earlier);
    for (const l of billed.lines) lines.push({ ...l, orderNumber: g.order.number, position: lines.length + 1 });
    supplyDates.push(billed.supplyDate);
    parts.push({
      orderNumber: g.order.number,
      lines: billed.lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })),
      fullyBilled: isFullyBilled(g.order, [...earlier, ...billed.lines]),
    });
  }
  const totals = totalsOfNets(lines, primary.currency);
  const now = new Date();
  const { issueDate, dueDate } = invoiceDates(now, primary.paymentTermsDays);
  const content: InvoiceContent = {
    status: 'issued',
    kind: 'invoice',
    deductions: [],
    orderNumber: primary.number,
    orderNumbers: groups.map((g) => g.order.number),
    deliveryNoteNumbers: groups.flatMap((g) => g.notes.map((n) => n.number)),
    customer: primary.customer,
    currency: primary.currency,
    exchangeRate: primary.exchangeRate,
    lines,
    totals,
    // The tax case is the same for every order (checked): its notes once.
    taxNotes: [...new Set(groups.flatMap((g) => billDeliveries(g.order, g.notes).taxNotes))],
    remark: null,
    grossBase: baseTotals(totals, primary.exchangeRate).gross,
    paymentTermsDays: primary.paymentTermsDays,
    supplyDate: supplyDates.sort().at(-1)!,
    dueDate,
    ...UNSETTLED,
    earlyPaymentDiscount: skontoOffer(primary.earlyPaymentDiscount, totals.gross, primary.currency, issueDate),
    createdAt: now,
  };
  await refuseInvalidEInvoice(primary.customer.id, () => ({ invoice: checkedJson(content) }));
  const row = tx.create(InvoiceEntity, { ...content, id: `inv_${randomUUID()}`, number: await nextDocumentNumber(tx, 'RE', now), version: 1 });
  tx.persist(row);
  await tx.flush();
  for (const n of row.deliveryNoteNumbers) {
    await tx.execute(`insert into invoiced_delivery_note (delivery_note_number, invoice_number) values (?, ?)`, [n, row.number], 'run');
  }
  recordEvent(tx, InvoiceIssued, {
    number: row.number,
    orderNumber: primary.number,
    gross: totals.gross,
    currency: primary.currency,
    fullyBilled: parts[0]!.fullyBilled,
    lines: parts[0]!.lines,
    customerId: primary.customer.id,
    grossBase: row.grossBase,
    dueDate: row.dueDate,
    parts,
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: row.number,
    action: 'issued',
    actor,
    details: { combined: true, orderNumbers: row.orderNumbers, deliveryNoteNumbers: row.deliveryNoteNumbers, gross: totals.gross, currency: row.currency },
  });
  return {
    invoice: invoiceJson(row, NOTHING_RELATED),
    parts: groups.map((g) => ({
      orderNumber: g.order.number,
      // A direct order's sale is keyed by the order number itself.
      saleNumber: g.order.quoteNumber ?? g.order.number,
      deliveryNoteNumbers: g.notes.map((n) => n.number),
    })),
  };
}

/** What the live delivery invoices billed of the group's order so far; an order billed by plan is refused (its final invoice bills the goods). */
async function earlierLines(tx: Em, g: OrderGroup): Promise<InvoiceLine[]> {
  const live: InvoiceRow[] = await invoicesOfOrder(tx, g.order.number, { status: { $ne: 'cancelled' } });
  const byPlan = live.find((i) => i.kind === 'down_payment' || i.kind === 'progress' || i.kind === 'final');
  if (byPlan)
    throw new DomainError(409, 'billed_by_plan', `order ${g.order.number} is billed by its billing plan (${byPlan.number}); bill it with its final invoice`, [
      { field: g.field, message: `order ${g.order.number} is billed by its billing plan` },
    ]);
  return live.filter((i) => i.kind === 'invoice').flatMap((i) => linesOfOrder(i, g.order.number));
}
