import { z } from 'zod';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { actorSchema, documentNumber, idempotencyKey } from '../../../shared/contracts/schemas.ts';
import { text } from '../../../shared/validation.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import {
  MilestoneSubjects, milestoneAddBody, milestoneCancelBody, milestoneDoneBody, milestoneEditBody, milestoneListQuery, milestoneMoveBody, milestonePlanBody,
  milestoneReorderBody, milestoneStartBody,
} from '../../../shared/contracts/order/milestones.ts';
import { addMilestone, advanceMilestone, editMilestone, getPlan, listMilestones, moveMilestone, reorderMilestones, replacePlan } from './milestone.service.ts';

/** The order service's NATS API of milestone plans: the REST bodies plus the order, the milestone, the idempotency key and the actor. */
export function milestoneEndpoints(ctx: ServiceContext) {
  const ofOrder = { orderNumber: documentNumber, idempotencyKey: idempotencyKey.optional(), actor: actorSchema };
  const ofMilestone = { ...ofOrder, milestoneId: text(100) };
  const once = <T>(subject: string, key: string | undefined, run: Parameters<typeof onceByKey<T>>[3]) =>
    onceByKey(ctx.em(), key, subject, run).finally(() => ctx.relay.kick());
  return [
    endpoint(MilestoneSubjects.get, z.object({ orderNumber: documentNumber }), (input) => getPlan(ctx.em(), input.orderNumber)),
    endpoint(MilestoneSubjects.list, milestoneListQuery, (q) => listMilestones(ctx.em(), q)),
    endpoint(MilestoneSubjects.replace, milestonePlanBody.extend(ofOrder), (input) => once(MilestoneSubjects.replace, input.idempotencyKey, (tx) => replacePlan(tx, input))),
    endpoint(MilestoneSubjects.add, milestoneAddBody.extend(ofOrder), (input) => once(MilestoneSubjects.add, input.idempotencyKey, (tx) => addMilestone(tx, input))),
    endpoint(MilestoneSubjects.edit, milestoneEditBody.extend(ofMilestone), (input) => once(MilestoneSubjects.edit, input.idempotencyKey, (tx) => editMilestone(tx, input))),
    endpoint(MilestoneSubjects.reorder, milestoneReorderBody.extend(ofOrder), (input) => once(MilestoneSubjects.reorder, input.idempotencyKey, (tx) => reorderMilestones(tx, input))),
    endpoint(MilestoneSubjects.move, milestoneMoveBody.extend(ofMilestone), (input) => once(MilestoneSubjects.move, input.idempotencyKey, (tx) => moveMilestone(tx, input))),
    endpoint(MilestoneSubjects.start, milestoneStartBody.extend(ofMilestone), (input) => once(MilestoneSubjects.start, input.idempotencyKey, (tx) => advanceMilestone(tx, 'start', input))),
    endpoint(MilestoneSubjects.complete, milestoneDoneBody.extend(ofMilestone), (input) => once(MilestoneSubjects.complete, input.idempotencyKey, (tx) => advanceMilestone(tx, 'complete', input))),
    endpoint(MilestoneSubjects.cancel, milestoneCancelBody.extend(ofMilestone), (input) => once(MilestoneSubjects.cancel, input.idempotencyKey, (tx) => advanceMilestone(tx, 'cancel', input))),
  ];
}
