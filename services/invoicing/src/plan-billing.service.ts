import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor, PricedLine } from '../../../shared/contracts/common.ts';
import type { BillingStatus, Invoice } from '../../../shared/contracts/invoicing/index.ts';
import type { BillingPlan, BillingPlanItem, MilestonePlan, SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { OrderFulfilment } from '../../../shared/contracts/fulfillment/index.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { formatGerman, toAmountString } from '../../../shared/money.ts';
import { minorUnits } from '../../../shared/currencies.ts';
import { issueOrderInvoice } from './issue-order-invoice.ts';
import { InvoiceEntity, type InvoiceRow } from './entities.ts';
import { type InvoiceLine } from './domain/invoice.ts';
import { effectiveOrder, finalSettlement, partTaxGroups, shareNet, totalsOfGroups, type BilledPart } from './domain/plan-billing.ts';
import { invoiceJson, invoicesOfOrder, NOTHING_RELATED, ordersOf } from './invoice.service.ts';

/** What the invoicing service reads from the order's owners before billing a plan item. */
export interface PlanFacts {
  order: SalesOrder;
  plan: BillingPlan;
  /** Read only for a milestone item. */
  milestones?: MilestonePlan;
  /** Read only for a positions-shipped item. */
  fulfilment?: OrderFulfilment;
}

/** Why an item may be billed now; a reason to bill it anyway overrides (and lands in the audit trail). */
export function triggerProblem(item: BillingPlanItem, facts: PlanFacts): string | null {
  const t = item.trigger;
  switch (t.on) {
    case 'order_confirmed':
    case 'manual':
      return null;
    case 'milestone_done': {
      const m = facts.milestones?.milestones.find((x) => x.id === t.milestoneId);
      if (!m) return `milestone ${t.milestoneId} is not in the plan of order ${facts.order.number}`;
      return m.status === 'done' ? null : `milestone '${m.name}' is ${m.status}, not done`;
    }
    case 'positions_shipped': {
      const open = t.positions.filter((p) => {
        const line = facts.fulfilment?.lines.find((l) => l.position === p);
        return !line || new Decimal(line.shipped).lt(line.ordered);
      });
      return open.length ? `position${open.length > 1 ? 's' : ''} ${open.join(', ')} not shipped in full` : null;
    }
  }
}

/** The invoices that bill the order's own lines and price; time and material and corrections stand beside them. */
const BILLS_ORDER_PRICE: ReadonlySet<string> = new Set(['invoice', 'down_payment', 'progress', 'final']);

/** Earlier live invoices of an order, as what they billed per VAT rate. */
async function earlierParts(tx: Em, orderNumber: string): Promise<{ rows: InvoiceRow[]; parts: BilledPart[] }> {
  // Locks the order's invoices so two parts of one order are billed one after the other.
  await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`invoice-plan:${orderNumber}`]);
  const rows = await invoicesOfOrder(tx, orderNumber, { status: { $ne: 'cancelled' } });
  // A combined invoice bills this order beside others: its totals are not this order's, so a plan cannot deduct them.
  const combined = rows.find((r) => ordersOf(r).length > 1);
  if (combined)
    throw new ConflictError(
      `order ${orderNumber} is billed by the combined invoice ${combined.number}; cancel it before billing the order by its plan`,
      'billed_by_combined_invoice',
    );
  const parts = rows
    .filter((r) => BILLS_ORDER_PRICE.has(r.kind))
    .map((r) => ({ number: r.number, kind: r.kind, issueDate: berlinDate(r.createdAt), taxGroups: r.totals.taxGroups }));
  return { rows, parts };
}

function shareText(item: BillingPlanItem, currency: string): string {
  const s = item.share!;
  return s.kind === 'percent'
    ? `${formatGerman(s.value, Math.max(0, new Decimal(s.value).decimalPlaces()))} %`
    : `${formatGerman(s.value, minorUnits(currency))} ${currency}`;
}

/** One line per VAT rate: "Anzahlung: 30 % des Auftragswerts, Auftrag AB-2026-00042, Anteil 19 % USt" (a fixed share: "50.000,00 EUR des …"). */
function partLines(item: BillingPlanItem, order: SalesOrder, groups: { vatRate: string; net: string }[]): InvoiceLine[] {
  return groups.map((g, i) => ({
    position: i + 1,
    productId: '',
    sku: '',
    description: `${item.label}: ${shareText(item, order.currency)} des Auftragswerts, Auftrag ${order.number}${groups.length > 1 ? `, Anteil ${g.vatRate} % USt` : ''}`,
    quantity: '1',
    unit: 'Pausch.',
    unitPrice: g.net,
    discountPercent: '0',
    vatRate: g.vatRate,
    net: g.net,
    lineNet: g.net,
    orderPosition: 0,
    deliveryNoteNumber: '',
  }));
}

/**
 * Bills one item of the order's billing plan as a down-payment or progress
 * invoice (RE series, gapless). Refuses an item billed before, an item whose
 * trigger is not reached (unless overridden with a reason), and a share that
 * would bill more than the order's net total.
 */
export async function billPlanItem(
  tx: Em,
  facts: PlanFacts,
  input: { itemKey: string; overrideReason?: string | undefined; actor?: Actor | undefined },
): Promise<Invoice> {
  const { order, plan } = facts;
  const item = plan.items.find((i) => i.key === input.itemKey);
  if (!item) throw new NotFoundError(`order ${order.number} has no billing plan item '${input.itemKey}'`, 'itemKey');
  if (!item.share) throw new ConflictError(`billing plan item '${item.key}' has no share`, 'no_share');
  if (order.status === 'cancelled') throw new ConflictError(`order ${order.number} is cancelled`, 'order_cancelled');
  const problem = triggerProblem(item, facts);
  if (problem && !input.overrideReason)
    throw new ConflictError(`billing plan item '${item.key}' cannot be billed yet: ${problem} (send overrideReason to bill it anyway)`, 'trigger_not_reached');
  const { rows, parts } = await earlierParts(tx, order.number);
  const twice = rows.find((r) => r.planItemKey === item.key);
  if (twice) throw new ConflictError(`billing plan item '${item.key}' is billed by ${twice.number}`, 'already_billed');
  if (rows.some((r) => r.kind === 'final')) throw new ConflictError(`order ${order.number} has its final invoice`, 'final_invoiced');
  const { totals: orderTotals } = effectiveOrder(order.lines, order.totals, order.currency);
  const groups = partTaxGroups(shareNet(item.share, orderTotals.net, order.currency), orderTotals, parts, order.currency);
  const lines = partLines(item, order, groups);
  const row = await insertInvoice(tx, order, {
    kind: item.kind,
    planItemKey: item.key,
    lines,
    totals: totalsOfGroups(
      groups,
      order.currency,
      lines.map((l) => l.net),
    ),
    deductions: [],
    taxNotes: order.taxNotes ?? [],
    billedQuantities: [],
  });
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: row.number,
    action: 'issued',
    actor: input.actor,
    details: {
      orderNumber: order.number,
      kind: item.kind,
      planItem: item.key,
      gross: row.totals.gross,
      ...(problem ? { override: { reason: input.overrideReason, problem } } : {}),
    },
  });
  return invoiceJson(row, NOTHING_RELATED);
}

/**
 * The final invoice (Schlussrechnung): every order line as ordered, less every
 * earlier live invoice of the order per VAT rate, so that the order's invoices
 * add up to its gross, and per rate to its nets and VAT. Once per order.
 */
export async function billFinal(tx: Em, order: SalesOrder, actor?: Actor): Promise<Invoice> {
  if (order.status === 'cancelled') throw new ConflictError(`order ${order.number} is cancelled`, 'order_cancelled');
  const { rows, parts } = await earlierParts(tx, order.number);
  const done = rows.find((r) => r.kind === 'final');
  if (done) throw new ConflictError(`order ${order.number} has its final invoice ${done.number}`, 'final_invoiced');
  // Cancelled quantities are not billed: the final invoice lists the order as it stands.
  const effective = effectiveOrder(order.lines, order.totals, order.currency);
  const { deductions, taxGroups } = finalSettlement(effective.totals, parts, order.currency);
  const lines: InvoiceLine[] = effective.lines.map((l: PricedLine) => ({ ...l, orderPosition: l.position, deliveryNoteNumber: '' }));
  // The order's projection of invoiced quantities learns from the event what the final invoice bills beyond earlier delivery invoices.
  const invoicedBefore = (position: number) =>
    rows
      .filter((r) => r.kind === 'invoice')
      .flatMap((r) => r.lines)
      .filter((l) => l.orderPosition === position)
      .reduce((a, l) => a.plus(l.quantity), new Decimal(0));
  const row = await insertInvoice(tx, order, {
    kind: 'final',
    planItemKey: null,
    lines,
    totals: totalsOfGroups(taxGroups, order.currency, effective.totals.lineNets),
    deductions,
    taxNotes: order.taxNotes ?? [],
    billedQuantities: effective.lines
      .map((l) => ({ orderPosition: l.position, quantity: new Decimal(l.quantity).minus(invoicedBefore(l.position)) }))
      .filter((l) => l.quantity.gt(0))
      .map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity.toString() })),
  });
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: row.number,
    action: 'issued',
    actor,
    details: { orderNumber: order.number, kind: 'final', deducted: parts.map((p) => p.number), gross: row.totals.gross },
  });
  return invoiceJson(row, NOTHING_RELATED);
}

/** A plan invoice: a down payment or progress share (supply date: the issue date), or the final invoice. */
function insertInvoice(
  tx: Em,
  order: SalesOrder,
  doc: Pick<InvoiceRow, 'kind' | 'planItemKey' | 'lines' | 'totals' | 'deductions' | 'taxNotes'> & {
    billedQuantities: { orderPosition: number; quantity: string }[];
  },
): Promise<InvoiceRow> {
  return issueOrderInvoice(tx, order, { ...doc, fullyBilled: doc.kind === 'final' });
}

/** Where the billing of an order stands: its live invoices added up against the order, and each plan item with its invoice. */
export async function billingStatus(em: Em, order: SalesOrder, plan: BillingPlan): Promise<BillingStatus> {
  const rows = await em.find(InvoiceEntity, { orderNumber: order.number }, { orderBy: { createdAt: 'asc' } });
  const live = rows.filter((r) => r.status !== 'cancelled' && BILLS_ORDER_PRICE.has(r.kind));
  const c = order.currency;
  const { totals: orderTotals } = effectiveOrder(order.lines, order.totals, c);
  const add = (pick: (r: InvoiceRow) => string) => live.reduce((a, r) => a.plus(pick(r)), new Decimal(0));
  const billed = { net: add((r) => r.totals.net), vat: add((r) => r.totals.vat), gross: add((r) => r.totals.gross) };
  const money = (d: Decimal.Value) => toAmountString(d, c);
  return {
    orderNumber: order.number,
    currency: c,
    order: { net: orderTotals.net, vat: orderTotals.vat, gross: orderTotals.gross },
    billed: { net: money(billed.net), vat: money(billed.vat), gross: money(billed.gross) },
    remaining: {
      net: money(new Decimal(orderTotals.net).minus(billed.net)),
      vat: money(new Decimal(orderTotals.vat).minus(billed.vat)),
      gross: money(new Decimal(orderTotals.gross).minus(billed.gross)),
    },
    paid: money(add((r) => r.paidAmount)),
    invoices: rows.map((r) => ({
      number: r.number,
      kind: r.kind,
      status: r.status,
      planItemKey: r.planItemKey ?? null,
      gross: r.totals.gross,
      openAmount: money(new Decimal(r.totals.gross).minus(r.paidAmount).minus(r.discountAmount ?? 0)), // a Skonto granted settles too
    })),
    items: plan.items.map((item) => ({ ...item, invoiceNumber: live.find((r) => r.planItemKey === item.key)?.number ?? null })),
    finalInvoice: live.find((r) => r.kind === 'final')?.number ?? null,
  };
}
