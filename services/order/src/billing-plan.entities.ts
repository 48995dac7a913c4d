import { EntitySchema } from '@mikro-orm/core';
import type { BillingPlanItemInput } from '../../../shared/contracts/order/billing-plan.ts';

/** One order's billing plan: locked and versioned for every change. */
export interface BillingPlanRow {
  orderNumber: string;
  version: number;
  items: BillingPlanItemInput[];
  updatedAt: Date;
}

export const BillingPlanEntity = new EntitySchema<BillingPlanRow>({
  name: 'BillingPlan',
  tableName: 'billing_plan',
  properties: {
    orderNumber: { type: 'string', primary: true },
    // Counted by the service under the row lock, so a reply carries the new value.
    version: { type: 'integer' },
    items: { type: 'json' },
    updatedAt: { type: 'datetime' },
  },
});
