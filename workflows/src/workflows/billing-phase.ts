import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import type { Actor } from '../../../shared/contracts/common.ts';
import {
  billFinalUpdate,
  billingPlanChangedSignal,
  billPlanItemUpdate,
  billTimeUpdate,
  type BillingItemFacts,
  type InvoiceFacts,
  type SaleBilling,
} from '../sale.contract.ts';
import { act, refuse, type SaleContext } from './sale-context.ts';
import { isSettled } from './sale-progress.ts';
import { dueAtOf } from './dunning-phase.ts';

/**
 * Billing by plan (Zahlungsplan): down-payment and progress invoices for the
 * items of the order's billing plan, then the final invoice. The plan stays
 * with the order service and the amounts with the invoicing service; the sale
 * keeps which item is billed by which invoice, bills the automatic items when
 * their trigger is reached, and shows in its state what is billed and what is not.
 */

const AFTER_ORDER = ['ordered', 'partially_delivered', 'delivered', 'invoiced'] as const;

function billing(ctx: SaleContext): SaleBilling {
  return (ctx.state.billing ??= { planVersion: 0, items: [], finalInvoice: null });
}

/** Takes an issued invoice into the sale: its documents, its ledger and, for a final invoice, the stage. */
function adoptInvoice(ctx: SaleContext, inv: InvoiceFacts): void {
  const s = ctx.state;
  if (!s.invoiceNumbers.includes(inv.number)) {
    s.invoiceNumbers.push(inv.number);
    s.documents.push(inv.number);
    ctx.ledger.invoices.push({
      number: inv.number,
      deliveryNotes: [],
      status: inv.status === 'paid' ? 'paid' : 'open',
      ...(inv.invoiceKind === 'final' ? { final: true } : {}),
      ...dueAtOf(inv),
    });
  }
  if (inv.invoiceKind === 'final') {
    billing(ctx).finalInvoice = inv.number;
    if (ctx.ledger.delivered) ctx.moveTo('invoiced');
  } else ctx.epoch += 1;
  ctx.showDetails();
  const l = ctx.ledger;
  if (isSettled(l.delivered, l.shipments, l.invoices)) ctx.moveTo('paid');
}

async function billItem(
  ctx: SaleContext,
  item: BillingItemFacts & { invoiceNumber: string | null },
  req: { overrideReason?: string; actor?: Actor | undefined },
) {
  const orderNumber = ctx.state.orderNumber!;
  const inv = await act(`${item.label} (${orderNumber}) berechnen`).billPlanItem({
    orderNumber,
    itemKey: item.key,
    ...(req.overrideReason ? { overrideReason: req.overrideReason } : {}),
    actor: req.actor,
    idempotencyKey: ctx.key(orderNumber, 'bill', item.key),
  });
  item.invoiceNumber = inv.number;
  adoptInvoice(ctx, inv);
  return inv;
}

export function registerBillingHandlers(ctx: SaleContext): void {
  const s = ctx.state;
  setHandler(billingPlanChangedSignal, (plan) => {
    const b = billing(ctx);
    // Signals of two quick changes may arrive in either order: the newer plan wins.
    if (plan.planVersion <= b.planVersion) return;
    const billed = new Map(b.items.map((i) => [i.key, i.invoiceNumber]));
    b.planVersion = plan.planVersion;
    b.items = plan.items.map((i) => ({ ...i, invoiceNumber: billed.get(i.key) ?? null }));
    ctx.showDetails();
    ctx.epoch += 1;
  });

  ctx.step(
    billPlanItemUpdate,
    (req) => {
      ctx.requireStage(...AFTER_ORDER);
      const item = s.billing?.items.find((i) => i.key === req.itemKey);
      if (!item) refuse(404, 'not_found', `order ${s.orderNumber} has no billing plan item '${req.itemKey}'`, 'itemKey');
      if (item.invoiceNumber) refuse(409, 'already_billed', `billing plan item '${item.key}' is billed by ${item.invoiceNumber}`, 'itemKey');
      if (s.billing?.finalInvoice) refuse(409, 'final_invoiced', `order ${s.orderNumber} has its final invoice ${s.billing.finalInvoice}`);
    },
    (req) =>
      billItem(
        ctx,
        s.billing!.items.find((i) => i.key === req.itemKey)!,
        req,
      ),
  );

  ctx.step(
    billTimeUpdate,
    () => ctx.requireStage(...AFTER_ORDER),
    async (req) => {
      const orderNumber = s.orderNumber!;
      const inv = await act(`Zeit und Aufwand ${req.from} bis ${req.to} zu ${orderNumber} berechnen`).billTime({
        orderNumber,
        from: req.from,
        to: req.to,
        actor: req.actor,
        idempotencyKey: ctx.nextKey(orderNumber, 'time-invoice'),
      });
      adoptInvoice(ctx, inv);
      return inv;
    },
  );

  ctx.step(
    billFinalUpdate,
    () => {
      ctx.requireStage(...AFTER_ORDER);
      if (s.billing?.finalInvoice) refuse(409, 'final_invoiced', `order ${s.orderNumber} has its final invoice ${s.billing.finalInvoice}`);
      if (!ctx.ledger.delivered)
        refuse(409, 'not_delivered', `order ${s.orderNumber} is not delivered in full; the final invoice comes after the last delivery`);
    },
    async (req?) => {
      const orderNumber = s.orderNumber!;
      const inv = await act(`Schlussrechnung zu ${orderNumber} erstellen`).billFinal({
        orderNumber,
        actor: req?.actor,
        idempotencyKey: ctx.key(orderNumber, 'final-invoice'),
      });
      adoptInvoice(ctx, inv);
      return inv;
    },
  );
}

/**
 * The state of an automatic item's trigger as far as the sale knows it, or
 * null when it is certainly not reached. Shipped positions are the
 * fulfillment service's fact: after each shipment the sale asks, and the
 * invoicing service refuses while the positions are not shipped in full.
 */
function triggerState(ctx: SaleContext, item: BillingItemFacts): string | null {
  switch (item.on) {
    case 'order_confirmed':
      return 'confirmed';
    case 'milestone_done':
      return ctx.state.milestones?.some((m) => m.id === item.milestoneId && m.status === 'done') ? 'done' : null;
    case 'positions_shipped':
      return ctx.ledger.shipments.length ? `shipped-${ctx.ledger.shipments.length}` : null;
    case 'manual':
      return null;
  }
}

function dueItems(ctx: SaleContext) {
  const tried = ctx.ledger.autoBillingTried ?? [];
  const b = ctx.state.billing;
  if (!b || b.finalInvoice) return [];
  return b.items.flatMap((item) => {
    if (!item.auto || item.invoiceNumber) return [];
    const state = triggerState(ctx, item);
    return state && !tried.includes(`${item.key}:${state}`) ? [{ item, attempt: `${item.key}:${state}` }] : [];
  });
}

export function autoBillingDue(ctx: SaleContext): boolean {
  return ctx.state.orderNumber !== null && dueItems(ctx).length > 0;
}

/** Bills the automatic items whose trigger was reached, each attempt once per trigger state; a refusal is logged and left to the project manager. */
export async function runAutoBilling(ctx: SaleContext): Promise<void> {
  await ctx.exclusive(async () => {
    for (const { item, attempt } of dueItems(ctx)) {
      (ctx.ledger.autoBillingTried ??= []).push(attempt);
      try {
        await billItem(ctx, item, {});
      } catch (err) {
        const cause = err instanceof ApplicationFailure ? err : (err as { cause?: unknown }).cause;
        const code = cause instanceof ApplicationFailure ? cause.type : undefined;
        if (code !== 'trigger_not_reached') log.error(`automatic billing of '${item.key}' for ${ctx.state.orderNumber} failed`, { error: String(err) });
      }
    }
  });
}
