import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { MilestoneCommands as M } from '../../../shared/contracts/order/milestones.ts';
import { BillingPlanCommands as B } from '../../../shared/contracts/order/billing-plan.ts';
import { getBillingPlan, replaceBillingPlan } from './billing-plan.service.ts';
import { addMilestone, advanceMilestone, editMilestone, getPlan, listMilestones, moveMilestone, reorderMilestones, replacePlan } from './milestone.service.ts';

/** The order service's NATS API of milestone plans and billing plans. */
export function milestoneEndpoints(ctx: ServiceContext) {
  const once = <T>(subject: string, key: string | undefined, run: Parameters<typeof onceByKey<T>>[3]) =>
    onceByKey(ctx.em(), key, subject, run).finally(() => ctx.relay.kick());
  return [
    endpoint(M.get, (input) => getPlan(ctx.em(), input.orderNumber)),
    endpoint(M.list, (q) => listMilestones(ctx.em(), q)),
    endpoint(M.replace, (input) => once(M.replace.subject, input.idempotencyKey, (tx) => replacePlan(tx, input))),
    endpoint(M.add, (input) => once(M.add.subject, input.idempotencyKey, (tx) => addMilestone(tx, input))),
    endpoint(M.edit, (input) => once(M.edit.subject, input.idempotencyKey, (tx) => editMilestone(tx, input))),
    endpoint(M.reorder, (input) => once(M.reorder.subject, input.idempotencyKey, (tx) => reorderMilestones(tx, input))),
    endpoint(M.move, (input) => once(M.move.subject, input.idempotencyKey, (tx) => moveMilestone(tx, input))),
    endpoint(M.start, (input) => once(M.start.subject, input.idempotencyKey, (tx) => advanceMilestone(tx, 'start', input))),
    endpoint(M.complete, (input) => once(M.complete.subject, input.idempotencyKey, (tx) => advanceMilestone(tx, 'complete', input))),
    endpoint(M.cancel, (input) => once(M.cancel.subject, input.idempotencyKey, (tx) => advanceMilestone(tx, 'cancel', input))),
    endpoint(B.get, (input) => getBillingPlan(ctx.em(), input.orderNumber)),
    endpoint(B.replace, (input) => once(B.replace.subject, input.idempotencyKey, (tx) => replaceBillingPlan(tx, input))),
  ];
}
