import { log, setHandler } from '@temporalio/workflow';
import { subscriptionChangedSignal } from '../sale.contract.ts';
import { act, type SaleContext } from './sale-context.ts';
import { dueAtOf } from './dunning-phase.ts';

/**
 * A recurring contract (Wartungsvertrag, Lizenz) as a timer of its order's
 * sale: when the next period starts, the sale asks the invoicing service to
 * bill it. That service bills each period once and answers the next one, so a
 * timer firing twice or a worker restarting never bills a period twice; a
 * paused period is skipped, an ended contract answers no next period.
 */

export function registerSubscriptionHandlers(ctx: SaleContext): void {
  setHandler(subscriptionChangedSignal, (facts) => {
    const known = ctx.ledger.subscription;
    // Signals of two quick changes may arrive in either order: the newer contract wins.
    if (known && facts.version <= known.version) return;
    ctx.ledger.subscription = facts;
    ctx.epoch += 1;
  });
}

export function nextPeriodAt(ctx: SaleContext): number | undefined {
  const next = ctx.ledger.subscription?.next;
  return next ? Date.parse(next.startsAt) : undefined;
}

export function periodDue(ctx: SaleContext): boolean {
  const at = nextPeriodAt(ctx);
  return at !== undefined && at <= Date.now();
}

/** Bills the periods that have started; a refusal or failure is logged and tried again in a minute. */
export async function billPeriods(ctx: SaleContext): Promise<void> {
  await ctx.exclusive(async () => {
    const s = ctx.state;
    const sub = ctx.ledger.subscription;
    while (sub?.next && Date.parse(sub.next.startsAt) <= Date.now()) {
      const period = sub.next.period;
      try {
        const r = await act(`Wiederkehrende Rechnung ${s.orderNumber}, Zeitraum ${period + 1}`).billPeriod({
          orderNumber: s.orderNumber!,
          period,
          idempotencyKey: ctx.key(s.orderNumber!, 'period', period),
        });
        if (r.invoiceNumber && !s.invoiceNumbers.includes(r.invoiceNumber)) {
          s.invoiceNumbers.push(r.invoiceNumber);
          s.documents.push(r.invoiceNumber);
          ctx.ledger.invoices.push({ number: r.invoiceNumber, deliveryNotes: [], status: 'open', ...dueAtOf({ dueDate: r.dueDate ?? undefined }) });
        }
        sub.next = r.next;
      } catch (err) {
        log.error(`period ${period} of ${s.orderNumber} not billed`, { error: String(err) });
        sub.next = { period, startsAt: new Date(Date.now() + 60_000).toISOString() };
      }
    }
  });
}
