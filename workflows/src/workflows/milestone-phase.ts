import { condition, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { milestonesChangedSignal, SearchKeys, type WatchedMilestone } from '../sale.contract.ts';
import { act, type SaleContext } from './sale-context.ts';

/**
 * The order's milestone plan as the sale watches it. The gateway signals the
 * plan's few facts after every change (the plan stays with the order service);
 * the main loop keeps a timer for the next due instant, tells the responsible
 * person when a milestone passes its planned date without being done, and
 * keeps the search attributes KontorMilestoneOverdue and KontorNextMilestoneDate current.
 */

const OPEN: readonly WatchedMilestone['status'][] = ['planned', 'in_progress'];
const isOpen = (m: WatchedMilestone) => OPEN.includes(m.status);

/** What was last upserted, per run (a continued run sets the attributes again). */
const upserted = new WeakMap<SaleContext, string>();

export function registerMilestoneHandlers(ctx: SaleContext): void {
  setHandler(milestonesChangedSignal, (plan) => {
    const s = ctx.state;
    // Signals of two quick changes may arrive in either order: the newer plan wins.
    if (plan.planVersion <= (s.milestonePlanVersion ?? 0)) return;
    const before = new Map((s.milestones ?? []).map((m) => [m.id, m]));
    s.milestonePlanVersion = plan.planVersion;
    s.milestones = plan.milestones.map((m) => {
      const was = before.get(m.id);
      return { ...m, overdue: Boolean(was?.overdue) && was?.plannedDate === m.plannedDate && OPEN.includes(m.status) };
    });
    // Wakes the main loop (its waits end on a new epoch), which looks at the plan again.
    ctx.epoch += 1;
  });
}

export function hasMilestones(ctx: SaleContext): boolean {
  return (ctx.state.milestones?.length ?? 0) > 0;
}

/** The next instant an open milestone falls due that the sale has not flagged yet. */
export function nextMilestoneDue(ctx: SaleContext): { at: number; milestone: WatchedMilestone } | undefined {
  const pending = (ctx.state.milestones ?? []).filter((m) => isOpen(m) && !m.overdue).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const first = pending[0];
  return first ? { at: Date.parse(first.dueAt), milestone: first } : undefined;
}

/** Flags the open milestones past their due instant, tells each one's responsible person once per planned date, and updates the search attributes. */
export async function watchMilestones(ctx: SaleContext): Promise<void> {
  const s = ctx.state;
  const orderNumber = s.orderNumber!;
  const notices = (ctx.ledger.milestoneNotices ??= []);
  for (const m of s.milestones ?? []) {
    m.overdue = isOpen(m) && Date.parse(m.dueAt) <= Date.now();
    const notice = `${m.id}:${m.plannedDate}`;
    if (!m.overdue || notices.includes(notice)) continue;
    notices.push(notice);
    try {
      await act(`Meilenstein ${m.name} von ${orderNumber} überfällig: ${m.responsible} benachrichtigen`).notify({
        recipient: `user:${m.responsible}`,
        kind: 'milestone_overdue',
        subject: `Meilenstein ${m.name} von ${orderNumber} überfällig (geplant ${m.plannedDate})`,
        documentNumber: orderNumber,
        details: { milestoneId: m.id, name: m.name, plannedDate: m.plannedDate },
        idempotencyKey: ctx.key(orderNumber, 'milestone-overdue', m.id, m.plannedDate),
      });
    } catch (err) {
      log.error(`overdue notice for milestone ${m.id} of ${orderNumber} failed`, { error: String(err) });
    }
  }
  const open = (s.milestones ?? []).filter(isOpen);
  const overdue = open.some((m) => m.overdue);
  const next = open.map((m) => m.plannedDate).sort()[0];
  const attributes = JSON.stringify([overdue, next ?? null]);
  if (upserted.get(ctx) === attributes) return;
  upserted.set(ctx, attributes);
  upsertSearchAttributes([
    { key: SearchKeys.milestoneOverdue, value: overdue },
    // The planned day's start in UTC: operators filter by date (`KontorNextMilestoneDate < '2027-03-01'`).
    { key: SearchKeys.nextMilestoneDate, value: next ? new Date(`${next}T00:00:00Z`) : null },
  ]);
}

/**
 * Waits until the sale changes (stage, plan) or the earliest of the given
 * instants comes; the timer says in the user's terms what it waits for.
 */
export async function waitForMilestoneOrChange(ctx: SaleContext, until: number | undefined, summary: string | undefined): Promise<void> {
  const at = ctx.epoch;
  const changed = () => ctx.epoch !== at || workflowInfo().continueAsNewSuggested;
  if (until === undefined) return condition(changed);
  const ms = until - Date.now();
  if (ms <= 0) return;
  await (summary ? condition(changed, ms, { summary }) : condition(changed, ms));
}
