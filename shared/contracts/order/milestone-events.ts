import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';

/** Events of order milestone plans (the billing side bills done milestones by their share). */

const date = z.iso.date();
const milestoneRef = { orderNumber: f.ref, milestoneId: f.ref, name: z.string(), planVersion: z.number().int().min(1) };

/** The plan was created, replaced, extended, edited or reordered: its milestones as they now stand. */
export const MilestonePlanChanged = defineEvent(
  'events.order.milestone_plan.changed',
  1,
  z.object({
    orderNumber: f.ref,
    version: z.number().int().min(1),
    change: z.enum(['replaced', 'added', 'edited', 'reordered']),
    milestones: z.array(z.object({ id: f.ref, position: z.number().int().min(1), name: z.string(), plannedDate: date, status: z.string() })),
  }),
);

export const MilestoneRescheduled = defineEvent(
  'events.order.milestone.rescheduled',
  1,
  z.object({ ...milestoneRef, from: date, to: date, reason: z.string() }),
);
export const MilestoneStarted = defineEvent('events.order.milestone.started', 1, z.object(milestoneRef));
export const MilestoneCompleted = defineEvent(
  'events.order.milestone.completed',
  1,
  z.object({
    ...milestoneRef,
    actualDate: date,
    billingShare: z.object({ kind: z.enum(['percent', 'amount']), value: f.decimal }).nullable(),
    coveredPositions: z.array(z.number().int().min(1)),
  }),
);
export const MilestoneCancelled = defineEvent('events.order.milestone.cancelled', 1, z.object({ ...milestoneRef, reason: z.string() }));
