import { randomUUID } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../../shared/errors.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { toPage, type Page } from '../../../shared/contracts/lists.ts';
import type { Milestone, MilestoneInput, MilestoneListItem, MilestonePlan, BillingShare } from '../../../shared/contracts/order/milestones.ts';
import {
  MilestoneCancelled,
  MilestoneCompleted,
  MilestonePlanChanged,
  MilestoneRescheduled,
  MilestoneStarted,
} from '../../../shared/contracts/order/milestone-events.ts';
import { OrderEntity, type OrderRow } from './entities.ts';
import { MilestoneEntity, MilestonePlanEntity, type MilestonePlanRow, type MilestoneRow } from './milestone-entities.ts';
import { checkBillingShares, checkCoveredPositions, checkPermutation, milestoneStates, type MilestoneAction } from './domain/milestones.ts';

function milestoneJson(m: MilestoneRow): Milestone {
  return {
    id: m.id,
    position: m.position,
    name: m.name,
    plannedDate: m.plannedDate,
    billingShare: m.billingShare ?? null,
    coveredPositions: m.coveredPositions,
    responsible: m.responsible,
    status: m.status,
    actualDate: m.actualDate ?? null,
    cancelReason: m.cancelReason ?? null,
    dateMoves: m.dateMoves,
  };
}

async function milestonesOf(em: Em, orderNumber: string): Promise<MilestoneRow[]> {
  return em.find(MilestoneEntity, { orderNumber }, { orderBy: { position: 'asc' } });
}

async function orderOf(em: Em, orderNumber: string): Promise<OrderRow> {
  const order = await em.findOne(OrderEntity, { number: orderNumber });
  if (!order) throw new NotFoundError(`order ${orderNumber} not found`, 'number');
  return order;
}

/** The plan of an order; version 0 and no milestones while it has none. */
export async function getPlan(em: Em, orderNumber: string): Promise<MilestonePlan> {
  await orderOf(em, orderNumber);
  const plan = await em.findOne(MilestonePlanEntity, { orderNumber });
  return { orderNumber, version: plan?.version ?? 0, milestones: (await milestonesOf(em, orderNumber)).map(milestoneJson) };
}

interface PlanChange {
  tx: Em;
  order: OrderRow;
  plan: MilestonePlanRow;
  milestones: MilestoneRow[];
  now: Date;
  actor: Actor | undefined;
}

/**
 * Runs one change of an order's plan: the plan row is locked (created at
 * version 0 when the order has none) and the caller's expected version
 * checked, so of two concurrent edits the second answers 409 instead of
 * overwriting the first. The change bumps the version; a refusal writes nothing.
 */
async function changePlan(
  tx: Em,
  orderNumber: string,
  expectedVersion: number | undefined,
  actor: Actor | undefined,
  change: (c: PlanChange) => Promise<void>,
): Promise<MilestonePlan> {
  const order = await orderOf(tx, orderNumber);
  if (order.status === 'cancelled') throw new ConflictError(`order ${orderNumber} is cancelled; its milestones cannot change`, 'order_cancelled');
  await tx.execute(
    `insert into milestone_plan (order_number, version, updated_at) values (?, 0, now()) on conflict (order_number) do nothing`,
    [orderNumber],
    'run',
  );
  const plan = await findForUpdate(tx, MilestonePlanEntity, { orderNumber }, `milestone plan of ${orderNumber}`, expectedVersion);
  const milestones = await milestonesOf(tx, orderNumber);
  const now = new Date();
  await change({ tx, order, plan, milestones, now, actor });
  plan.version += 1;
  plan.updatedAt = now;
  await tx.flush();
  return getPlan(tx, orderNumber);
}

function reject(issues: FieldIssue[]): void {
  if (issues.length) throw new ValidationError(`invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);
}

function newMilestone(c: PlanChange, input: MilestoneInput, position: number): MilestoneRow {
  const row = c.tx.create(MilestoneEntity, {
    id: `ms_${randomUUID()}`,
    orderNumber: c.order.number,
    position,
    name: input.name,
    plannedDate: input.plannedDate,
    billingShare: input.billingShare ?? null,
    coveredPositions: input.coveredPositions ?? [],
    responsible: input.responsible,
    status: 'planned',
    actualDate: null,
    cancelReason: null,
    dateMoves: [],
    customerId: c.order.customer.id,
    customerNumber: c.order.customer.number,
    customerName: c.order.customer.name,
    createdAt: c.now,
    updatedAt: c.now,
  });
  c.tx.persist(row);
  return row;
}

const orderMoney = (order: OrderRow) => ({ net: order.totals.net, currency: order.currency });
const positionsOf = (order: OrderRow) => order.lines.map((l) => l.position);

function planChanged(c: PlanChange, change: 'replaced' | 'added' | 'edited' | 'reordered', live: MilestoneRow[]): void {
  recordEvent(c.tx, MilestonePlanChanged, {
    orderNumber: c.order.number,
    version: c.plan.version + 1,
    change,
    milestones: live.map((m) => ({ id: m.id, position: m.position, name: m.name, plannedDate: m.plannedDate, status: m.status })),
  });
}

/**
 * Creates the plan, or replaces it while nothing of it has started: a plan
 * with milestones in progress or done changes by single steps, so their
 * history stays. Without expectedVersion only a first plan is accepted.
 */
export async function replacePlan(
  tx: Em,
  input: { orderNumber: string; expectedVersion?: number | undefined; milestones: MilestoneInput[]; actor?: Actor | undefined },
): Promise<MilestonePlan> {
  return changePlan(tx, input.orderNumber, input.expectedVersion, input.actor, async (c) => {
    if (input.expectedVersion === undefined && c.plan.version > 0) {
      throw new ConflictError(
        `order ${c.order.number} has a milestone plan (version ${c.plan.version}); send expectedVersion to replace it`,
        'version_mismatch',
      );
    }
    const started = c.milestones.find((m) => m.status === 'in_progress' || m.status === 'done');
    if (started)
      throw new ConflictError(`milestone '${started.name}' is ${started.status}; change the plan step by step instead of replacing it`, 'plan_in_progress');
    reject([
      ...input.milestones.flatMap((m, i) => checkCoveredPositions(m.coveredPositions, positionsOf(c.order), `milestones.${i}.coveredPositions`)),
      ...checkBillingShares(
        input.milestones.map((m) => ({ share: m.billingShare, status: 'planned' as const })),
        orderMoney(c.order),
        (i) => `milestones.${i}.billingShare`,
      ),
    ]);
    for (const old of c.milestones) c.tx.remove(old);
    // Removed rows go first, so the new rows never meet the old ones.
    await c.tx.flush();
    const rows = input.milestones.map((m, i) => newMilestone(c, m, i + 1));
    planChanged(c, 'replaced', rows);
    await recordAudit(c.tx, {
      aggregateType: 'order',
      aggregateId: c.order.number,
      action: 'milestone_plan_replaced',
      actor: c.actor,
      details: { milestones: rows.map((m) => ({ id: m.id, name: m.name, plannedDate: m.plannedDate })), replaced: c.milestones.map((m) => m.id) },
    });
  });
}

export async function addMilestone(
  tx: Em,
  input: MilestoneInput & { orderNumber: string; expectedVersion: number; position?: number | undefined; actor?: Actor | undefined },
): Promise<MilestonePlan> {
  return changePlan(tx, input.orderNumber, input.expectedVersion, input.actor, async (c) => {
    const at = Math.min(input.position ?? c.milestones.length + 1, c.milestones.length + 1);
    reject([
      ...checkCoveredPositions(input.coveredPositions, positionsOf(c.order), 'coveredPositions'),
      ...checkBillingShares(
        [...c.milestones.map((m) => ({ share: m.billingShare, status: m.status })), { share: input.billingShare, status: 'planned' as const }],
        orderMoney(c.order),
        () => 'billingShare',
      ),
    ]);
    for (const m of c.milestones) if (m.position >= at) m.position += 1;
    const row = newMilestone(c, input, at);
    const all = [...c.milestones, row].sort((a, b) => a.position - b.position);
    planChanged(c, 'added', all);
    await recordAudit(c.tx, {
      aggregateType: 'order',
      aggregateId: c.order.number,
      action: 'milestone_added',
      actor: c.actor,
      details: { milestoneId: row.id, name: row.name, plannedDate: row.plannedDate, position: at },
    });
  });
}

function milestoneIn(c: PlanChange, id: string): MilestoneRow {
  const m = c.milestones.find((x) => x.id === id);
  if (!m) throw new NotFoundError(`order ${c.order.number} has no milestone ${id}`, 'milestoneId');
  return m;
}

type MilestoneCommand = { orderNumber: string; milestoneId: string; expectedVersion: number; actor?: Actor | undefined };

/** Name, billing share, covered positions or responsible person of a milestone that is not done or cancelled. */
export async function editMilestone(
  tx: Em,
  input: MilestoneCommand & {
    name?: string | undefined;
    billingShare?: BillingShare | null | undefined;
    coveredPositions?: number[] | undefined;
    responsible?: string | undefined;
  },
): Promise<MilestonePlan> {
  return changePlan(tx, input.orderNumber, input.expectedVersion, input.actor, async (c) => {
    const m = milestoneIn(c, input.milestoneId);
    milestoneStates.next(m.status, 'edit');
    const before = { name: m.name, billingShare: m.billingShare ?? null, coveredPositions: m.coveredPositions, responsible: m.responsible };
    const share = input.billingShare === undefined ? m.billingShare : input.billingShare;
    reject([
      ...checkCoveredPositions(input.coveredPositions, positionsOf(c.order), 'coveredPositions'),
      ...checkBillingShares(
        c.milestones.map((x) => ({ share: x.id === m.id ? share : x.billingShare, status: x.status })),
        orderMoney(c.order),
        () => 'billingShare',
      ),
    ]);
    if (input.name !== undefined) m.name = input.name;
    if (input.billingShare !== undefined) m.billingShare = input.billingShare;
    if (input.coveredPositions !== undefined) m.coveredPositions = input.coveredPositions;
    if (input.responsible !== undefined) m.responsible = input.responsible;
    m.updatedAt = c.now;
    planChanged(c, 'edited', c.milestones);
    const after = { name: m.name, billingShare: m.billingShare ?? null, coveredPositions: m.coveredPositions, responsible: m.responsible };
    await recordAudit(c.tx, {
      aggregateType: 'order',
      aggregateId: c.order.number,
      action: 'milestone_edited',
      actor: c.actor,
      details: { milestoneId: m.id, before, after },
    });
  });
}

export async function reorderMilestones(
  tx: Em,
  input: { orderNumber: string; expectedVersion: number; milestoneIds: string[]; actor?: Actor | undefined },
): Promise<MilestonePlan> {
  return changePlan(tx, input.orderNumber, input.expectedVersion, input.actor, async (c) => {
    reject(
      checkPermutation(
        input.milestoneIds,
        c.milestones.map((m) => m.id),
      ),
    );
    const before = c.milestones.map((m) => m.id);
    input.milestoneIds.forEach((id, i) => {
      const m = milestoneIn(c, id);
      if (m.position !== i + 1) {
        m.position = i + 1;
        m.updatedAt = c.now;
      }
    });
    planChanged(
      c,
      'reordered',
      [...c.milestones].sort((a, b) => a.position - b.position),
    );
    await recordAudit(c.tx, {
      aggregateType: 'order',
      aggregateId: c.order.number,
      action: 'milestones_reordered',
      actor: c.actor,
      details: { before, after: input.milestoneIds },
    });
  });
}

/** Moves a planned date; the move (old and new date, reason, who, when) is kept on the milestone and in the audit trail. */
export async function moveMilestone(tx: Em, input: MilestoneCommand & { plannedDate: string; reason: string }): Promise<MilestonePlan> {
  return changePlan(tx, input.orderNumber, input.expectedVersion, input.actor, async (c) => {
    const m = milestoneIn(c, input.milestoneId);
    milestoneStates.next(m.status, 'move');
    if (m.plannedDate === input.plannedDate) reject([{ field: 'plannedDate', message: `is already the planned date of milestone '${m.name}'` }]);
    const from = m.plannedDate;
    m.dateMoves = [...m.dateMoves, { from, to: input.plannedDate, reason: input.reason, by: c.actor?.id ?? 'system', at: c.now.toISOString() }];
    m.plannedDate = input.plannedDate;
    m.updatedAt = c.now;
    recordEvent(c.tx, MilestoneRescheduled, {
      orderNumber: c.order.number,
      milestoneId: m.id,
      name: m.name,
      planVersion: c.plan.version + 1,
      from,
      to: input.plannedDate,
      reason: input.reason,
    });
    await recordAudit(c.tx, {
      aggregateType: 'order',
      aggregateId: c.order.number,
      action: 'milestone_rescheduled',
      actor: c.actor,
      details: { milestoneId: m.id, name: m.name, from, to: input.plannedDate, reason: input.reason },
    });
  });
}

/** Start, done (with the actual date) or cancel (with a reason): the status steps of one milestone. */
export async function advanceMilestone(
  tx: Em,
  action: Extract<MilestoneAction, 'start' | 'complete' | 'cancel'>,
  input: MilestoneCommand & { actualDate?: string | undefined; reason?: string | undefined },
): Promise<MilestonePlan> {
  return changePlan(tx, input.orderNumber, input.expectedVersion, input.actor, async (c) => {
    const m = milestoneIn(c, input.milestoneId);
    m.status = milestoneStates.next(m.status, action);
    m.updatedAt = c.now;
    const ref = { orderNumber: c.order.number, milestoneId: m.id, name: m.name, planVersion: c.plan.version + 1 };
    if (action === 'start') {
      recordEvent(c.tx, MilestoneStarted, ref);
      await recordAudit(c.tx, {
        aggregateType: 'order',
        aggregateId: c.order.number,
        action: 'milestone_started',
        actor: c.actor,
        details: { milestoneId: m.id, name: m.name },
      });
    } else if (action === 'complete') {
      const actualDate = input.actualDate ?? berlinDate(c.now);
      if (actualDate > berlinDate(c.now)) reject([{ field: 'actualDate', message: 'must not be in the future' }]);
      m.actualDate = actualDate;
      recordEvent(c.tx, MilestoneCompleted, { ...ref, actualDate, billingShare: m.billingShare ?? null, coveredPositions: m.coveredPositions });
      await recordAudit(c.tx, {
        aggregateType: 'order',
        aggregateId: c.order.number,
        action: 'milestone_done',
        actor: c.actor,
        details: { milestoneId: m.id, name: m.name, plannedDate: m.plannedDate, actualDate },
      });
    } else {
      const reason = input.reason ?? '';
      m.cancelReason = reason;
      recordEvent(c.tx, MilestoneCancelled, { ...ref, reason });
      await recordAudit(c.tx, {
        aggregateType: 'order',
        aggregateId: c.order.number,
        action: 'milestone_cancelled',
        actor: c.actor,
        details: { milestoneId: m.id, name: m.name, reason },
      });
    }
  });
}

export interface MilestoneListFilter {
  limit: number;
  offset: number;
  overdue?: 'true' | 'false' | undefined;
  open?: 'true' | 'false' | undefined;
  status?: Milestone['status'] | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  customer?: string | undefined;
  responsible?: string | undefined;
  orderNumber?: string | undefined;
}

const OPEN = ['planned', 'in_progress'] as const;

/** Milestones across orders, earliest planned date first; overdue = planned before today (Europe/Berlin) and still open. */
export async function listMilestones(em: Em, q: MilestoneListFilter, now = new Date()): Promise<Page<MilestoneListItem>> {
  const today = berlinDate(now);
  const and: FilterQuery<MilestoneRow>[] = [];
  if (q.overdue === 'true') and.push({ status: { $in: [...OPEN] }, plannedDate: { $lt: today } });
  if (q.overdue === 'false') and.push({ $or: [{ status: { $nin: [...OPEN] } }, { plannedDate: { $gte: today } }] });
  if (q.status) and.push({ status: q.status });
  if (q.open === 'true') and.push({ status: { $in: [...OPEN] } });
  if (q.open === 'false') and.push({ status: { $nin: [...OPEN] } });
  if (q.dueFrom) and.push({ plannedDate: { $gte: q.dueFrom } });
  if (q.dueTo) and.push({ plannedDate: { $lte: q.dueTo } });
  if (q.customer) and.push(q.customer.startsWith('K-') ? { customerNumber: q.customer } : { customerId: q.customer });
  if (q.responsible) and.push({ responsible: q.responsible });
  if (q.orderNumber) and.push({ orderNumber: q.orderNumber });
  const rows = await em.find(MilestoneEntity, and.length ? { $and: and } : {}, {
    orderBy: [{ plannedDate: 'asc' }, { orderNumber: 'asc' }, { position: 'asc' }],
    limit: q.limit + 1,
    offset: q.offset,
  });
  // The plan's version goes with each item, so a board can mark a milestone done without reading its plan first.
  const plans = rows.length ? await em.find(MilestonePlanEntity, { orderNumber: { $in: [...new Set(rows.map((m) => m.orderNumber))] } }) : [];
  const versions = new Map(plans.map((p) => [p.orderNumber, p.version]));
  return toPage(rows, q, (m) => ({
    ...milestoneJson(m),
    orderNumber: m.orderNumber,
    planVersion: versions.get(m.orderNumber) ?? 0,
    customer: { number: m.customerNumber, name: m.customerName },
    overdue: (OPEN as readonly string[]).includes(m.status) && m.plannedDate < today,
  }));
}
