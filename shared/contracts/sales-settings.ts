import { z } from 'zod';
import { baseAmount, boundedDecimal, percent, text } from '../validation.ts';

/** A duration as Temporal reads it: "90s", "15m", "24h", "3d". */
const duration = z.string().regex(/^\d{1,9}(ms|s|m|h|d)$/, 'must be a duration like 30s, 15m, 24h or 3d');

/** The global sales settings (approval policy, reminder timings, tax mode): owned by the quote service, edited through the gateway. */
export const salesSettingsSchema = z.object({
  approvalPolicy: z.object({
    rules: z.array(z.object({
      level: z.number().int().min(1).max(9),
      role: text(50),
      when: z.object({
        discountPercentAbove: percent.optional(),
        marginPercentBelow: boundedDecimal({ integerDigits: 6, scale: 4, sign: 'any', description: 'Margin percent (may be negative)' }).optional(),
        totalBaseAbove: baseAmount.optional(),
        exceedsCreditLimit: z.boolean().optional(),
      }).refine((w) => Object.keys(w).length === 1, 'exactly one condition per rule'),
    })).max(50),
  }),
  /** Remind the approvers when a decision has waited this long … */
  approvalReminderAfter: duration,
  /** … and escalate to escalationRole after this long. */
  approvalEscalateAfter: duration,
  escalationRole: text(50),
  /** Remind the assignee this long before a sent quote expires. */
  expiryReminderBefore: duration,
  defaultValidityDays: z.number().int().min(1).max(365),
  tax: z.object({ smallBusiness: z.boolean(), ossThresholdExceeded: z.boolean() }),
});

export type SalesSettings = z.infer<typeof salesSettingsSchema>;

