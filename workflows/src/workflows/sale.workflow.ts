import { allHandlersFinished, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { SearchKeys, stateQuery, type SaleInput, type SaleState } from '../sale.contract.ts';
import { act, SaleContext } from './sale-context.ts';
import { approvalTimers, expiryTimers, registerQuoteHandlers } from './quote-phase.ts';
import { registerOrderHandlers, startOrderAutomation } from './order-phase.ts';

/** An expired quote can still be revised for this long before its sale closes. */
const EXPIRED_RETENTION_MS = 30 * 86_400_000;

/**
 * One sale from quote to payment (AN → AB → LS… → RE… → paid), or from a
 * direct order. Updates from the gateway drive it; timers remind, escalate,
 * expire and surface schedule lines; the state query and search attributes
 * show where it is.
 */
export async function saleWorkflow(input: SaleInput): Promise<SaleState> {
  const direct = !input.quoteNumber;
  const ctx = new SaleContext({
    stage: direct ? 'ordered' : 'quote_draft',
    stagesReached: [],
    saleNumber: (input.quoteNumber ?? input.orderNumber)!,
    quoteNumber: input.quoteNumber ?? null,
    revision: 1,
    authorId: input.authorId ?? null,
    assignee: null,
    expiresAt: null,
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
  });
  const s = ctx.state;
  // Handlers are registered before the first await, so an Update sent right after the start finds them.
  setHandler(stateQuery, () => s);
  registerQuoteHandlers(ctx);
  registerOrderHandlers(ctx);

  upsertSearchAttributes([
    { key: SearchKeys.documentNumber, value: s.saleNumber },
    { key: SearchKeys.customer, value: s.customer },
    { key: SearchKeys.totalBase, value: Number(s.totalBase) },
  ]);
  ctx.moveTo(s.stage);

  if (direct) {
    await ctx.exclusive(async () => {
      const order = await act.getOrder(s.orderNumber!);
      ctx.orderLines.push(...order.lines.filter((l) => l.kind !== 'charge').map((l) => ({ position: l.position, quantity: l.quantity })));
      s.orderType = order.orderType;
      s.documents.push(order.number);
      startOrderAutomation(ctx, order);
    });
  } else {
    const quote = await act.getQuote(s.quoteNumber!);
    s.expiresAt = quote.expiresAt;
    s.assignee = quote.assignee;
    s.authorId ??= quote.createdBy;
  }

  // The timers of the current stage; every stage change ends them and the loop looks again.
  for (;;) {
    const stage = s.stage;
    if (stage === 'paid' || stage === 'rejected' || stage === 'cancelled') break;
    if (stage === 'pending_approval') await approvalTimers(ctx, await act.getTimings());
    else if (stage === 'quote_sent' && s.expiresAt) await expiryTimers(ctx, await act.getTimings());
    else if (stage === 'expired') {
      if (!(await ctx.waitForChange(EXPIRED_RETENTION_MS))) break;
    } else await ctx.waitForChange();
  }
  await condition(allHandlersFinished);
  return s;
}
