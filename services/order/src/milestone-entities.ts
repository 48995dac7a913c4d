import { EntitySchema } from '@mikro-orm/core';
import type { BillingShare, MilestoneDateMove, MilestoneStatus } from '../../../shared/contracts/order/milestones.ts';

/** One order's milestone plan: the row that is locked and versioned for every change of the plan. */
export interface MilestonePlanRow {
  orderNumber: string;
  version: number;
  updatedAt: Date;
}

export const MilestonePlanEntity = new EntitySchema<MilestonePlanRow>({
  name: 'MilestonePlan',
  tableName: 'milestone_plan',
  properties: {
    orderNumber: { type: 'string', primary: true },
    // Counted by the service under the row lock (not MikroORM's optimistic version), so a reply carries the new value.
    version: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

export interface MilestoneRow {
  id: string;
  orderNumber: string;
  position: number;
  name: string;
  plannedDate: string;
  billingShare?: BillingShare | null;
  coveredPositions: number[];
  responsible: string;
  status: MilestoneStatus;
  actualDate?: string | null;
  cancelReason?: string | null;
  dateMoves: MilestoneDateMove[];
  /** The order's customer, kept here so the list across orders filters without asking for every order. */
  customerId: string;
  customerNumber: string;
  customerName: string;
  createdAt: Date;
  updatedAt: Date;
}

export const MilestoneEntity = new EntitySchema<MilestoneRow>({
  name: 'Milestone',
  tableName: 'milestone',
  properties: {
    id: { type: 'string', primary: true },
    orderNumber: { type: 'string' },
    position: { type: 'integer' },
    name: { type: 'string' },
    plannedDate: { type: 'string', columnType: 'date' },
    billingShare: { type: 'json', nullable: true },
    coveredPositions: { type: 'json' },
    responsible: { type: 'string' },
    status: { type: 'string' },
    actualDate: { type: 'string', columnType: 'date', nullable: true },
    cancelReason: { type: 'string', nullable: true },
    dateMoves: { type: 'json' },
    customerId: { type: 'string' },
    customerNumber: { type: 'string' },
    customerName: { type: 'string' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});
