import { allHandlersFinished, condition, continueAsNew, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SearchKeys, stateQuery, type SaleInput, type SaleState } from '../sale.contract.ts';
import { act, emptyLedger, SaleContext } from './sale-context.ts';
import { approvalTimers, expiryTimers, registerQuoteHandlers } from './quote-phase.ts';
import { adoptOrder, nextScheduleStart, registerOrderHandlers, runOrderAutomation, surfaceDueSchedule, tellPartners } from './order-phase.ts';
import { hasMilestones, nextMilestoneDue, registerMilestoneHandlers, waitForMilestoneOrChange, watchMilestones } from './milestone-phase.ts';
import { awaitsProduction, nextProductionDue, registerProductionHandlers, watchProduction } from './production-phase.ts';
import { autoBillingDue, registerBillingHandlers, runAutoBilling } from './billing-phase.ts';
import { nextReminder, reminderSummary, remindersDue, sendReminders } from './dunning-phase.ts';
import { billPeriods, nextPeriodAt, periodDue, registerSubscriptionHandlers } from './subscription-phase.ts';
import { announceStockAvailable, registerStockHandlers, stockNoticePending } from './stock-phase.ts';
import { registerLineHandlers } from './line-phase.ts';

/** An expired quote can still be revised for this long before its sale closes. */
const EXPIRED_RETENTION_MS = 30 * 86_400_000;

function initialState(input: SaleInput): SaleState {
  const direct = !input.quoteNumber;
  return {
    stage: direct ? 'ordered' : 'quote_draft',
    stagesReached: [],
    saleNumber: (input.quoteNumber ?? input.orderNumber)!,
    quoteNumber: input.quoteNumber ?? null,
    revision: 1,
    authorId: input.authorId ?? null,
    assignee: input.assignee ?? null,
    expiresAt: input.expiresAt ?? null,
    orderType: 'standard',
    approval: null,
    expiryRemindedAt: null,
    dueScheduleLines: [],
    customer: input.customerNumber,
    totalBase: input.totalBase,
    orderNumber: input.orderNumber ?? null,
    deliveryNoteNumbers: [],
    invoiceNumbers: [],
    documents: [],
  };
}

/**
 * One sale from quote to payment (AN → AB → LS… → RE… → paid), or from a
 * direct order. Updates from the gateway drive it; timers remind, escalate,
 * expire and surface schedule lines; the state query and search attributes
 * show where it is. A long sale continues as new when the server suggests it,
 * carrying its state and ledger (numbers, no documents).
 */
export async function saleWorkflow(input: SaleInput): Promise<SaleState> {
  const ctx = input.continued ? new SaleContext(input.continued.state, input.continued.ledger) : new SaleContext(initialState(input), emptyLedger());
  const s = ctx.state;
  // Handlers are registered before the first await, so an Update sent right after the start finds them.
  setHandler(stateQuery, () => s);
  registerQuoteHandlers(ctx);
  registerOrderHandlers(ctx);
  registerMilestoneHandlers(ctx);
  registerProductionHandlers(ctx);
  registerBillingHandlers(ctx);
  registerSubscriptionHandlers(ctx);
  registerStockHandlers(ctx);
  registerLineHandlers(ctx);

  if (input.continued) {
    // A continued run's search attributes start from what the first start options gave: set them again.
    upsertSearchAttributes([
      { key: SearchKeys.documentNumber, value: s.saleNumber },
      { key: SearchKeys.customer, value: s.customer },
      { key: SearchKeys.totalBase, value: Number(s.totalBase) },
      ...(s.awaitingStock?.length ? [{ key: SearchKeys.awaitingStock, value: true }] : []),
    ]);
    ctx.moveTo(s.stage);
  } else {
    // The start options set the search attributes already; the quote's facts came with the input.
    s.stagesReached.push(s.stage);
    if (!input.quoteNumber) {
      // The order is the sale's first document even when an Update queued before this read gets the lock first.
      s.documents.push(s.orderNumber!);
      await ctx.exclusive(async () => {
        const order = await act(`Auftrag ${s.orderNumber} lesen`).getOrder(s.orderNumber!);
        adoptOrder(ctx, order);
      });
    }
  }

  // The work of the current stage; every stage change ends its timers and the loop looks again.
  for (;;) {
    // Combined invoices this sale leads: their other orders' sales learn that one was paid or cancelled.
    // (Combined invoices, 2026-12-01: only sales that lead one have notices, none of which ran before; no patch needed.)
    if (ctx.ledger.partnerNotices?.length) await tellPartners(ctx);
    const stage = s.stage;
    if (stage === 'paid' || stage === 'rejected' || stage === 'cancelled') break;
    if (workflowInfo().continueAsNewSuggested) {
      // Only between steps: no Update running or queued, nobody holding the lock.
      await ctx.idle();
      if (s.stage === 'paid' || s.stage === 'rejected' || s.stage === 'cancelled') break;
      return continueAsNew<typeof saleWorkflow>({ ...input, continued: { state: s, ledger: ctx.ledger } });
    }
    // A billing plan's automatic items are billed as soon as their trigger is reached (only plan-billed orders have any).
    if (autoBillingDue(ctx)) await runAutoBilling(ctx);
    // Overdue invoices get their reminders, level by level (only sales with unpaid invoices past their due date).
    if (remindersDue(ctx)) await sendReminders(ctx);
    // A recurring contract bills each period when it starts.
    if (periodDue(ctx)) await billPeriods(ctx);
    if (s.orderNumber && !ctx.ledger.automationDone) await runOrderAutomation(ctx);
    // Backordered positions the warehouse served: tell the warehouse, then look again.
    // (Backorder waits, 2026-12-01: taken only by sales whose shipments left backorders, none of which ran before; no patch needed.)
    else if (s.orderNumber && stockNoticePending(ctx)) await announceStockAvailable(ctx);
    // An order with a milestone plan or make-to-order lines watches their dates.
    // (Make-to-order, 2026-12-01: taken only by orders with such lines, none of which ran before; no patch needed.)
    else if (s.orderNumber && (hasMilestones(ctx) || awaitsProduction(ctx))) {
      if (hasMilestones(ctx)) await watchMilestones(ctx);
      if (awaitsProduction(ctx)) await watchProduction(ctx);
      if (ctx.ledger.pendingSchedule.length > 0) await surfaceDueSchedule(ctx);
      const milestone = hasMilestones(ctx) ? nextMilestoneDue(ctx) : undefined;
      const production = nextProductionDue(ctx);
      const schedule = nextScheduleStart(ctx);
      const reminder = nextReminder(ctx);
      const wakeAt = Math.min(
        milestone?.at ?? Infinity,
        production?.at ?? Infinity,
        schedule ?? Infinity,
        reminder?.at ?? Infinity,
        nextPeriodAt(ctx) ?? Infinity,
      );
      const summary =
        milestone && milestone.at === wakeAt
          ? `Meilenstein ${milestone.milestone.name} fällig am ${milestone.milestone.plannedDate}`
          : production && production.at === wakeAt
            ? `Fertigung ${s.orderNumber} Pos. ${production.position} zugesagt bis ${production.promisedDate}`
            : reminder && reminder.at === wakeAt
              ? reminderSummary(ctx, reminder.invoice)
              : nextPeriodAt(ctx) === wakeAt
                ? `Nächster Abrechnungszeitraum ${s.orderNumber}`
                : undefined;
      await waitForMilestoneOrChange(ctx, Number.isFinite(wakeAt) ? wakeAt : undefined, summary);
    } else if (s.orderNumber && ctx.ledger.pendingSchedule.length > 0) {
      await surfaceDueSchedule(ctx);
      const next = Math.min(nextScheduleStart(ctx) ?? Infinity, nextReminder(ctx)?.at ?? Infinity, nextPeriodAt(ctx) ?? Infinity);
      await ctx.waitForChange(Number.isFinite(next) ? next - Date.now() : undefined, `Lieferplan ${s.orderNumber}: nächste Position fällig`);
    } else if (stage === 'pending_approval') await approvalTimers(ctx, await act('Fristen aus den Verkaufseinstellungen lesen').getTimings());
    else if (stage === 'quote_sent' && s.expiresAt) await expiryTimers(ctx, await act('Fristen aus den Verkaufseinstellungen lesen').getTimings());
    else if (stage === 'expired') {
      if (!(await ctx.waitForChange(EXPIRED_RETENTION_MS, `Abgelaufenes Angebot ${s.quoteNumber}: Verkauf endet ohne Überarbeitung`))) break;
    } else {
      // Waiting for the next step; unpaid invoices wait for their next reminder, a recurring contract for its next period.
      const reminder = nextReminder(ctx);
      const period = nextPeriodAt(ctx);
      if (period !== undefined && (!reminder || period < reminder.at))
        await ctx.waitForChange(period - Date.now(), `Nächster Abrechnungszeitraum ${s.orderNumber}`);
      else if (reminder) await ctx.waitForChange(reminder.at - Date.now(), reminderSummary(ctx, reminder.invoice));
      else await ctx.waitForChange();
    }
  }
  await condition(allHandlersFinished);
  return s;
}
