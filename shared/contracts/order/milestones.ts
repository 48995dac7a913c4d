import { z } from 'zod';
import { documentNumber, percent, positiveAmount, text } from '../../validation.ts';
import { pagingQuery } from '../lists.ts';

/**
 * Milestone plans of orders (a machine or a project): named milestones with a
 * planned date, an optional billing share, the order positions they cover, a
 * responsible person and a status. Owned by the order service.
 */
export const MilestoneSubjects = {
  get: 'order.milestones.get',
  list: 'order.milestones.list',
  replace: 'order.milestones.replace',
  add: 'order.milestones.add',
  edit: 'order.milestones.edit',
  reorder: 'order.milestones.reorder',
  move: 'order.milestones.move',
  start: 'order.milestones.start',
  complete: 'order.milestones.complete',
  cancel: 'order.milestones.cancel',
} as const;

export const MILESTONE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** What a milestone bills once done: a percent of the order's net total, or a fixed net amount in the order currency. */
export type BillingShare = { kind: 'percent'; value: string } | { kind: 'amount'; value: string };

/** One move of a planned date: the audit trail has it too. */
export interface MilestoneDateMove {
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
}

export interface Milestone {
  id: string;
  /** 1-based place in the plan. */
  position: number;
  name: string;
  plannedDate: string;
  billingShare: BillingShare | null;
  /** Order positions this milestone covers (empty: the order as a whole). */
  coveredPositions: number[];
  /** User id (the API key's name) of the person responsible. */
  responsible: string;
  status: MilestoneStatus;
  actualDate: string | null;
  cancelReason: string | null;
  dateMoves: MilestoneDateMove[];
}

export interface MilestonePlan {
  orderNumber: string;
  /** 0 while the order has no plan; every change adds one. Send it back as expectedVersion. */
  version: number;
  milestones: Milestone[];
}

/** A milestone in the list across orders. */
export interface MilestoneListItem extends Milestone {
  orderNumber: string;
  customer: { number: string; name: string };
  /** Planned date before today (Europe/Berlin) and neither done nor cancelled. */
  overdue: boolean;
}

const expectedVersion = z.number().int().min(0).describe('the plan\'s version as last read (0: no plan yet); a stale version answers 409');
const reason = text(500, { min: 3, multiline: true, description: 'why' });

export const billingShareSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), value: percent }),
  z.object({ kind: z.literal('amount'), value: positiveAmount }),
]).describe('percent of the order\'s net total, or a fixed net amount in the order currency');

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
export const milestoneAddBody = z.object({ expectedVersion, ...milestoneFields, position: z.number().int().min(1).optional().describe('place in the plan; default: last') });
export const milestoneEditBody = z.object({
  expectedVersion,
  name: milestoneFields.name.optional(),
  billingShare: milestoneFields.billingShare,
  coveredPositions: milestoneFields.coveredPositions,
  responsible: milestoneFields.responsible.optional(),
});
export const milestoneReorderBody = z.object({ expectedVersion, milestoneIds: z.array(text(100)).min(1).max(100).describe('every milestone id of the plan, in the new order') });
export const milestoneMoveBody = z.object({ expectedVersion, plannedDate: milestoneFields.plannedDate, reason });
export const milestoneStartBody = z.object({ expectedVersion });
export const milestoneDoneBody = z.object({ expectedVersion, actualDate: z.iso.date().optional().describe('when it was done (YYYY-MM-DD); default today') });
export const milestoneCancelBody = z.object({ expectedVersion, reason });

export const milestoneListQuery = z.object({
  ...pagingQuery.shape,
  overdue: z.enum(['true', 'false']).optional().describe('true: planned date before today (Europe/Berlin), neither done nor cancelled'),
  status: z.enum(MILESTONE_STATUSES).optional(),
  dueFrom: z.iso.date().optional().describe('planned date on or after (YYYY-MM-DD)'),
  dueTo: z.iso.date().optional().describe('planned date on or before (YYYY-MM-DD)'),
  customer: z.string().min(1).max(100).optional().describe('customer number (K-…) or id'),
  responsible: text(100).optional().describe('user id of the responsible person'),
  orderNumber: documentNumber.optional(),
}).superRefine((q, ctx) => {
  if (q.dueFrom && q.dueTo && q.dueFrom > q.dueTo) ctx.addIssue({ code: 'custom', path: ['dueTo'], message: 'must not be before dueFrom' });
});
