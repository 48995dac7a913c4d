import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import type { FieldIssue } from '../../../../shared/errors.ts';
import { moneyScaleProblem } from '../../../../shared/money.ts';
import type { BillingShare, MilestoneStatus } from '../../../../shared/contracts/order/milestones.ts';

export type MilestoneAction = 'start' | 'complete' | 'cancel' | 'move' | 'edit';

/** Milestone lifecycle: planned → in progress → done, or cancelled; a planned milestone may also be recorded done at once. */
export const milestoneStates = new StateMachine<MilestoneStatus, MilestoneAction>('milestone', {
  planned: { start: 'in_progress', complete: 'done', cancel: 'cancelled', move: 'planned', edit: 'planned' },
  in_progress: { complete: 'done', cancel: 'cancelled', move: 'in_progress', edit: 'in_progress' },
  done: {},
  cancelled: {},
});

/** A share as an amount of the order's net total (percent shares are converted, unrounded). */
function shareAmount(share: BillingShare, net: Decimal): Decimal {
  return share.kind === 'percent' ? net.times(share.value).div(100) : new Decimal(share.value);
}

/**
 * The billing shares of a plan's live milestones must not exceed the order:
 * percents at most 100 % together, amounts at most the net total, and both
 * kinds mixed at most the net total. Fixed amounts have the currency's minor digits.
 * `fieldOf(i)` names the offending milestone's field for the 422.
 */
export function checkBillingShares(
  shares: { share: BillingShare | null | undefined; status: MilestoneStatus }[],
  order: { net: string; currency: string },
  fieldOf: (i: number) => string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const net = new Decimal(order.net);
  let total = new Decimal(0);
  let exceeded = false;
  shares.forEach(({ share, status }, i) => {
    if (!share || status === 'cancelled') return;
    if (share.kind === 'amount') {
      const scale = moneyScaleProblem(share.value, order.currency);
      if (scale) issues.push({ field: fieldOf(i), message: scale });
    }
    total = total.plus(shareAmount(share, net));
    if (total.gt(net) && !exceeded) {
      exceeded = true;
      issues.push({ field: fieldOf(i), message: `billing shares add up to more than the order (net ${order.net} ${order.currency}, 100 %)` });
    }
  });
  return issues;
}

/** Covered positions must be positions of the order. */
export function checkCoveredPositions(covered: number[] | undefined, positions: number[], field: string): FieldIssue[] {
  const unknown = (covered ?? []).filter((p) => !positions.includes(p));
  return unknown.length ? [{ field, message: `the order has no position ${unknown.join(', ')}` }] : [];
}

/** A reorder names every milestone of the plan exactly once. */
export function checkPermutation(ids: string[], existing: string[]): FieldIssue[] {
  const same = ids.length === existing.length && new Set(ids).size === ids.length && ids.every((id) => existing.includes(id));
  return same ? [] : [{ field: 'milestoneIds', message: `must name each of the plan's ${existing.length} milestones exactly once` }];
}
