import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { call } from '../../../../shared/nats/rpc.ts';
import type { CommandDefinition, CommandInput } from '../../../../shared/contracts/commands.ts';
import { endOfBerlinDay } from '../../../../shared/dates.ts';
import { OrderCommands } from '../../../../shared/contracts/order/index.ts';
import {
  MilestoneCommands,
  milestoneAddBody,
  milestoneCancelBody,
  milestoneDoneBody,
  milestoneEditBody,
  milestoneListQuery,
  milestoneMoveBody,
  milestonePlanBody,
  milestoneReorderBody,
  milestoneStartBody,
  type MilestonePlan,
} from '../../../../shared/contracts/order/milestones.ts';
import { milestonesChangedSignal, type MilestonePlanFacts } from '../../../../workflows/src/sale.contract.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route } from '../http/routes.ts';
import type { Role } from '../auth/api-keys.ts';
import { ALL_ROLES, command } from './common.ts';

/** Who edits milestone plans; everybody reads them. */
const PLANNERS: readonly Role[] = ['planner', 'project_manager'];

/** The few facts of a plan the sale watches: no billing shares, no positions, no history. */
export function milestonePlanFacts(plan: MilestonePlan): MilestonePlanFacts {
  return {
    planVersion: plan.version,
    milestones: plan.milestones.map((m) => ({
      id: m.id,
      name: m.name,
      plannedDate: m.plannedDate,
      dueAt: endOfBerlinDay(m.plannedDate).toISOString(),
      status: m.status,
      responsible: m.responsible,
    })),
  };
}

/**
 * Milestone plans of orders. The order service owns and checks the plan; after
 * every change the order's sale is told the plan's facts, so it keeps its
 * timer for the next date and flags what is overdue.
 */
export function milestoneRoutes(nc: NatsConnection, sales: SalesClient): Route[] {
  const tellSale = async (plan: MilestonePlan): Promise<MilestonePlan> => {
    const order = await call(nc, OrderCommands.get, { number: plan.orderNumber });
    try {
      // A direct order's sale is keyed by the order number itself.
      await sales.signal(order.quoteNumber ?? order.number, milestonesChangedSignal, milestonePlanFacts(plan));
    } catch (err) {
      // The plan is written; the next change (or an operator) brings the sale up to date.
      console.error(`[gateway] telling the sale of ${plan.orderNumber} about milestone plan v${plan.version} failed`, err);
    }
    return plan;
  };
  type PlanCommand = CommandDefinition<string, z.ZodType, typeof MilestoneCommands.get.reply>;
  const edit = <B extends z.ZodType>(spec: { path: `/orders/{number}/milestones${string}`; summary: string; body: B; command: PlanCommand; status?: number }) =>
    route({
      method: 'post',
      tag: 'Milestones',
      roles: PLANNERS,
      path: spec.path,
      summary: spec.summary,
      body: spec.body,
      ...(spec.status ? { status: spec.status } : {}),
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const p = params as Record<string, string>;
        // The command's request is the route's body plus the path's order and milestone (checked again by the order service).
        const input = { ...(body as object), orderNumber: p.number, ...(p.milestoneId ? { milestoneId: p.milestoneId } : {}) };
        return tellSale(await call(nc, spec.command, command(input, { idempotencyKey, actor }) as CommandInput<PlanCommand>));
      },
    });

  return [
    route({
      method: 'get',
      path: '/orders/{number}/milestones',
      tag: 'Milestones',
      summary: 'Get the milestone plan of an order',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, MilestoneCommands.get, { orderNumber: params.number }),
    }),
    edit({
      path: '/orders/{number}/milestones',
      summary: 'Create or replace the milestone plan of an order (replace: expectedVersion, nothing started yet)',
      body: milestonePlanBody,
      command: MilestoneCommands.replace,
    }),
    edit({
      path: '/orders/{number}/milestones/add',
      summary: 'Add a milestone to the plan',
      body: milestoneAddBody,
      command: MilestoneCommands.add,
      status: 201,
    }),
    edit({
      path: '/orders/{number}/milestones/reorder',
      summary: 'Put the milestones of a plan in a new order',
      body: milestoneReorderBody,
      command: MilestoneCommands.reorder,
    }),
    edit({
      path: '/orders/{number}/milestones/{milestoneId}/edit',
      summary: 'Change name, billing share, covered positions or responsible person of a milestone',
      body: milestoneEditBody,
      command: MilestoneCommands.edit,
    }),
    edit({
      path: '/orders/{number}/milestones/{milestoneId}/move',
      summary: 'Move the planned date of a milestone, with a reason',
      body: milestoneMoveBody,
      command: MilestoneCommands.move,
    }),
    edit({
      path: '/orders/{number}/milestones/{milestoneId}/start',
      summary: 'Start work on a milestone',
      body: milestoneStartBody,
      command: MilestoneCommands.start,
    }),
    edit({
      path: '/orders/{number}/milestones/{milestoneId}/done',
      summary: 'Mark a milestone done with its actual date',
      body: milestoneDoneBody,
      command: MilestoneCommands.complete,
    }),
    edit({
      path: '/orders/{number}/milestones/{milestoneId}/cancel',
      summary: 'Cancel a milestone, with a reason',
      body: milestoneCancelBody,
      command: MilestoneCommands.cancel,
    }),
    route({
      method: 'get',
      path: '/milestones',
      tag: 'Milestones',
      summary: 'List milestones across orders (overdue, status, due range, customer, responsible person)',
      roles: ALL_ROLES,
      query: milestoneListQuery,
      handler: ({ query }) => call(nc, MilestoneCommands.list, query),
    }),
  ];
}
