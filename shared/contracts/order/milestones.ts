import { z } from 'zod';
import { documentNumber, idempotencyKey, percent, positiveAmount, text } from '../../validation.ts';
import { pageOf, pagingQuery } from '../lists.ts';
import { actorSchema } from '../schemas.ts';
import { defineCommand } from '../commands.ts';

/**
 * Milestone plans of orders (a machine or a project): named milestones with a
 * planned date, an optional billing share, the order positions they cover, a
 * responsible person and a status. Owned by the order service.
 */
export const MILESTONE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

const billingShareReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), value: z.string() }),
  z.object({ kind: z.literal('amount'), value: z.string() }),
]);
/** What a milestone bills once done: a percent of the order's net total, or a fixed net amount in the order currency. */
export type BillingShare = z.infer<typeof billingShareReply>;

/** One move of a planned date: the audit trail has it too. */
const dateMoveSchema = z.object({ from: z.string(), to: z.string(), reason: z.string(), by: z.string(), at: z.string() });
export type MilestoneDateMove = z.infer<typeof dateMoveSchema>;

export const milestoneSchema = z.object({
  id: z.string(),
  /** 1-based place in the plan. */
  position: z.number().int().min(1),
  name: z.string(),
  plannedDate: z.string(),
  billingShare: billingShareReply.nullable(),
  /** Order positions this milestone covers (empty: the order as a whole). */
  coveredPositions: z.array(z.number().int().min(1)),
  /** User id (the API key's name) of the person responsible. */
  responsible: z.string(),
  status: z.enum(MILESTONE_STATUSES),
  actualDate: z.string().nullable(),
  cancelReason: z.string().nullable(),
  dateMoves: z.array(dateMoveSchema),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const milestonePlanSchema = z.object({
  orderNumber: z.string(),
  /** 0 while the order has no plan; every change adds one. Send it back as expectedVersion. */
  version: z.number().int().min(0),
  milestones: z.array(milestoneSchema),
});
export type MilestonePlan = z.infer<typeof milestonePlanSchema>;

/** A milestone in the list across orders; overdue: planned date before today (Europe/Berlin) and neither done nor cancelled. */
export const milestoneListItemSchema = milestoneSchema.extend({
  orderNumber: z.string(),
  /** The version of the order's plan: the expectedVersion of a change (e.g. marking it done from a board). */
  planVersion: z.number().int().min(0).optional(),
  customer: z.object({ number: z.string(), name: z.string() }),
  overdue: z.boolean(),
});
export type MilestoneListItem = z.infer<typeof milestoneListItemSchema>;

const expectedVersion = z.number().int().min(0).describe("the plan's version as last read (0: no plan yet); a stale version answers 409");
const reason = text(500, { min: 3, multiline: true, description: 'why' });

export const billingShareSchema = z
  .discriminatedUnion('kind', [z.object({ kind: z.literal('percent'), value: percent }), z.object({ kind: z.literal('amount'), value: positiveAmount })])
  .describe("percent of the order's net total, or a fixed net amount in the order currency");

const milestoneFields = {
  name: text(200),
  plannedDate: z.iso.date().describe('YYYY-MM-DD'),
  billingShare: billingShareSchema.nullable().optional(),
  coveredPositions: z.array(z.number().int().min(1)).max(1000).optional().describe('order positions this milestone covers'),
  responsible: text(100, { description: 'user id of the responsible person' }),
};
export const milestoneInput = z.object(milestoneFields);
export type MilestoneInput = z.output<typeof milestoneInput>;

export const milestonePlanBody = z.object({
  expectedVersion: expectedVersion.optional(),
  milestones: z.array(milestoneInput).min(1).max(100),
});
export const milestoneAddBody = z.object({
  expectedVersion,
  ...milestoneFields,
  position: z.number().int().min(1).optional().describe('place in the plan; default: last'),
});
export const milestoneEditBody = z.object({
  expectedVersion,
  name: milestoneFields.name.optional(),
  billingShare: milestoneFields.billingShare,
  coveredPositions: milestoneFields.coveredPositions,
  responsible: milestoneFields.responsible.optional(),
});
export const milestoneReorderBody = z.object({
  expectedVersion,
  milestoneIds: z.array(text(100)).min(1).max(100).describe('every milestone id of the plan, in the new order'),
});
export const milestoneMoveBody = z.object({ expectedVersion, plannedDate: milestoneFields.plannedDate, reason });
export const milestoneStartBody = z.object({ expectedVersion });
export const milestoneDoneBody = z.object({ expectedVersion, actualDate: z.iso.date().optional().describe('when it was done (YYYY-MM-DD); default today') });
export const milestoneCancelBody = z.object({ expectedVersion, reason });

export const milestoneListQuery = z
  .object({
    ...pagingQuery.shape,
    overdue: z.enum(['true', 'false']).optional().describe('true: planned date before today (Europe/Berlin), neither done nor cancelled'),
    status: z.enum(MILESTONE_STATUSES).optional(),
    open: z.enum(['true', 'false']).optional().describe('true: planned or in progress (what a planning board shows); false: done or cancelled'),
    dueFrom: z.iso.date().optional().describe('planned date on or after (YYYY-MM-DD)'),
    dueTo: z.iso.date().optional().describe('planned date on or before (YYYY-MM-DD)'),
    customer: z.string().min(1).max(100).optional().describe('customer number (K-…) or id'),
    responsible: text(100).optional().describe('user id of the responsible person'),
    orderNumber: documentNumber.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.dueFrom && q.dueTo && q.dueFrom > q.dueTo) ctx.addIssue({ code: 'custom', path: ['dueTo'], message: 'must not be before dueFrom' });
  });

const ofOrder = { orderNumber: documentNumber, idempotencyKey: idempotencyKey.optional(), actor: actorSchema };
const ofMilestone = { ...ofOrder, milestoneId: text(100) };

/** The order service's commands on milestone plans: the REST bodies plus the order, the milestone, the idempotency key and the actor. */
export const MilestoneCommands = {
  get: defineCommand('order.milestones.get', z.object({ orderNumber: documentNumber }), milestonePlanSchema),
  list: defineCommand('order.milestones.list', milestoneListQuery, pageOf(milestoneListItemSchema)),
  replace: defineCommand('order.milestones.replace', milestonePlanBody.extend(ofOrder), milestonePlanSchema),
  add: defineCommand('order.milestones.add', milestoneAddBody.extend(ofOrder), milestonePlanSchema),
  edit: defineCommand('order.milestones.edit', milestoneEditBody.extend(ofMilestone), milestonePlanSchema),
  reorder: defineCommand('order.milestones.reorder', milestoneReorderBody.extend(ofOrder), milestonePlanSchema),
  move: defineCommand('order.milestones.move', milestoneMoveBody.extend(ofMilestone), milestonePlanSchema),
  start: defineCommand('order.milestones.start', milestoneStartBody.extend(ofMilestone), milestonePlanSchema),
  complete: defineCommand('order.milestones.complete', milestoneDoneBody.extend(ofMilestone), milestonePlanSchema),
  cancel: defineCommand('order.milestones.cancel', milestoneCancelBody.extend(ofMilestone), milestonePlanSchema),
};
