import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { call } from '../../../../shared/nats/rpc.ts';
import { DocumentCommands } from '../../../../shared/contracts/document/index.ts';
import { text } from '../../../../shared/validation.ts';
import { BillingPlanCommands, billingPlanBody, type BillingPlan } from '../../../../shared/contracts/order/billing-plan.ts';
import {
  BillingCommands,
  DraftCommands,
  draftEditBody,
  draftStatus,
  DunningCommands,
  dunningSettingsSchema,
  overdueQuery,
  subscriptionBody,
  SubscriptionCommands,
  TimeCommands,
  type Subscription,
  timeEntryInput,
  timeEntryListQuery,
  timeInvoiceBody,
} from '../../../../shared/contracts/invoicing/index.ts';
import {
  billFinalUpdate,
  billingPlanChangedSignal,
  billPlanItemUpdate,
  billTimeUpdate,
  issueDraftUpdate,
  subscriptionChangedSignal,
  type BillingPlanFacts,
} from '../../../../workflows/src/sale.contract.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route } from '../http/routes.ts';
import type { Role } from '../auth/api-keys.ts';
import { ALL_ROLES, command } from './common.ts';

/** Who plans and triggers billing: project managers; accounting issues the final invoice too. */
const PROJECT_MANAGERS: readonly Role[] = ['project_manager'];

/** The few facts of a billing plan the sale watches: keys, triggers, automatic or not; no shares. */
export function billingPlanFacts(plan: BillingPlan): BillingPlanFacts {
  return {
    planVersion: plan.version,
    items: plan.items.map((i) => ({
      key: i.key,
      label: i.label,
      on: i.trigger.on,
      ...(i.trigger.on === 'milestone_done' ? { milestoneId: i.trigger.milestoneId } : {}),
      auto: i.auto,
    })),
  };
}

const billItemBody = z.object({
  overrideReason: text(500, { min: 3, multiline: true, description: 'bills the item before its trigger is reached (audited)' }).optional(),
});

/**
 * Billing plans and the invoices they issue. The order service owns the plan,
 * the invoicing service the amounts; the sale of the order issues each invoice
 * (an Update, so two clicks never bill twice) and bills automatic items itself.
 */
export function billingRoutes(nc: NatsConnection, sales: SalesClient): Route[] {
  const saleOf = (orderNumber: string) => sales.routing.saleOfOrder(orderNumber);
  /** After every change of a recurring contract its sale learns the next period (the contract stays with the invoicing service). */
  const tellSale = async (sub: Subscription): Promise<Subscription> => {
    try {
      await sales.signal(await saleOf(sub.orderNumber), subscriptionChangedSignal, { version: sub.version, next: sub.next });
    } catch (err) {
      console.error(`[gateway] telling the sale of ${sub.orderNumber} about its recurring contract v${sub.version} failed`, err);
    }
    return sub;
  };
  const contractChange = (path: string, summary: string, cmd: typeof SubscriptionCommands.pause | typeof SubscriptionCommands.resume) =>
    route({
      method: 'post',
      path: `/orders/{number}/subscription/${path}`,
      tag: 'Billing',
      summary,
      roles: ['accounting', 'sales_manager'],
      handler: async ({ params, actor, idempotencyKey }) => tellSale(await call(nc, cmd, command({ orderNumber: params.number }, { idempotencyKey, actor }))),
    });
  const draftStep = (path: string, summary: string, cmd: typeof DraftCommands.discard) =>
    route({
      method: 'post',
      path: `/invoice-drafts/{id}/${path}`,
      tag: 'Invoices',
      summary,
      roles: ['accounting', 'project_manager'],
      handler: ({ params, actor, idempotencyKey }) => call(nc, cmd, command({ id: params.id }, { idempotencyKey, actor })),
    });
  return [
    route({
      method: 'get',
      path: '/orders/{number}/invoice-drafts',
      tag: 'Invoices',
      summary: "An order's invoice drafts, oldest first (?status=open|issued|discarded); without previews: GET /invoice-drafts/{id} for one",
      roles: ALL_ROLES,
      query: z.object({ status: draftStatus.optional() }),
      handler: ({ params, query }) => call(nc, DraftCommands.list, { orderNumber: params.number, ...(query.status ? { status: query.status } : {}) }),
    }),
    route({
      method: 'get',
      path: '/invoice-drafts/{id}',
      tag: 'Invoices',
      summary: 'Get an invoice draft with a preview of what its invoice would say if issued now',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, DraftCommands.get, { id: params.id }),
    }),
    route({
      method: 'post',
      path: '/invoice-drafts/{id}/edit',
      tag: 'Invoices',
      summary: 'Edit an open invoice draft: the delivery notes it bills, its remark (expectedVersion)',
      roles: ['accounting', 'project_manager'],
      body: draftEditBody,
      handler: ({ params, body, actor, idempotencyKey }) => call(nc, DraftCommands.edit, command({ ...body, id: params.id }, { idempotencyKey, actor })),
    }),
    draftStep('discard', 'Discard an open invoice draft (it never had a number)', DraftCommands.discard),
    route({
      method: 'post',
      path: '/invoice-drafts/{id}/issue',
      tag: 'Invoices',
      summary: 'Issue an invoice draft: it takes the next invoice number, its PDF is archived, and it can no longer change',
      roles: ['accounting', 'project_manager'],
      status: 201,
      handler: async ({ params, actor, idempotencyKey }) => {
        const draft = await call(nc, DraftCommands.get, { id: params.id });
        return sales.updateOnce(idempotencyKey, await saleOf(draft.orderNumber), issueDraftUpdate, { draftId: draft.id, actor });
      },
    }),
    route({
      method: 'get',
      path: '/invoice-drafts/{id}/pdf',
      tag: 'Invoices',
      summary: 'Preview PDF of an invoice draft, marked ENTWURF (not archived)',
      roles: ALL_ROLES,
      produces: 'pdf',
      handler: async ({ params, res }) => {
        const preview = await call(nc, DocumentCommands.preview, { draftId: params.id }, 30_000);
        res
          .status(200)
          .type('application/pdf')
          .set('Content-Disposition', `inline; filename="${preview.filename}"`)
          .send(Buffer.from(preview.pdfBase64, 'base64'));
        return undefined;
      },
    }),
    route({
      method: 'post',
      path: '/orders/{number}/subscription',
      tag: 'Billing',
      summary: 'Start a recurring contract: the order lines billed once per period (monthly, quarterly, yearly)',
      roles: ['accounting', 'sales_manager'],
      body: subscriptionBody,
      status: 201,
      handler: async ({ params, body, actor, idempotencyKey }) =>
        tellSale(await call(nc, SubscriptionCommands.create, command({ ...body, orderNumber: params.number }, { idempotencyKey, actor }))),
    }),
    route({
      method: 'get',
      path: '/orders/{number}/subscription',
      tag: 'Billing',
      summary: 'The recurring contract of an order: periods billed or skipped, the next period',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, SubscriptionCommands.get, { orderNumber: params.number }),
    }),
    contractChange('pause', 'Pause a recurring contract: periods starting while paused are not billed', SubscriptionCommands.pause),
    contractChange('resume', 'Resume a paused recurring contract from its next period', SubscriptionCommands.resume),
    route({
      method: 'post',
      path: '/orders/{number}/subscription/end',
      tag: 'Billing',
      summary: 'End a recurring contract: no period starting after the end date is billed',
      roles: ['accounting', 'sales_manager'],
      body: z.object({ endDate: z.iso.date() }),
      handler: async ({ params, body, actor, idempotencyKey }) =>
        tellSale(await call(nc, SubscriptionCommands.end, command({ ...body, orderNumber: params.number }, { idempotencyKey, actor }))),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/subscription/prices',
      tag: 'Billing',
      summary: 'New unit prices of contract positions from a date on (periods starting on or after it)',
      roles: ['accounting', 'sales_manager'],
      body: SubscriptionCommands.changePrices.request.omit({ orderNumber: true, idempotencyKey: true, actor: true }),
      handler: async ({ params, body, actor, idempotencyKey }) =>
        tellSale(await call(nc, SubscriptionCommands.changePrices, command({ ...body, orderNumber: params.number }, { idempotencyKey, actor }))),
    }),
    route({
      method: 'get',
      path: '/orders/{number}/billing-plan',
      tag: 'Billing',
      summary: 'Get the billing plan of an order (down payments, progress invoices)',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, BillingPlanCommands.get, { orderNumber: params.number }),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/billing-plan',
      tag: 'Billing',
      summary: 'Create or replace the billing plan of an order (replace: expectedVersion)',
      roles: PROJECT_MANAGERS,
      body: billingPlanBody,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const plan = await call(nc, BillingPlanCommands.replace, command({ ...body, orderNumber: params.number }, { idempotencyKey, actor }));
        try {
          await sales.signal(await saleOf(plan.orderNumber), billingPlanChangedSignal, billingPlanFacts(plan));
        } catch (err) {
          // The plan is written; the next change (or an operator) brings the sale up to date.
          console.error(`[gateway] telling the sale of ${plan.orderNumber} about billing plan v${plan.version} failed`, err);
        }
        return plan;
      },
    }),
    route({
      method: 'post',
      path: '/orders/{number}/billing-plan/{itemKey}/invoice',
      tag: 'Billing',
      summary: 'Issue the down-payment or progress invoice of a billing plan item (its trigger reached, or overridden with a reason)',
      roles: PROJECT_MANAGERS,
      body: billItemBody,
      status: 201,
      handler: async ({ params, body, actor, idempotencyKey }) =>
        sales.updateOnce(idempotencyKey, await saleOf(params.number), billPlanItemUpdate, {
          itemKey: params.itemKey,
          ...(body.overrideReason ? { overrideReason: body.overrideReason } : {}),
          actor,
        }),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/final-invoice',
      tag: 'Billing',
      summary: 'Issue the final invoice (Schlussrechnung): the whole order less every earlier invoice, per VAT rate',
      roles: ['project_manager', 'accounting'],
      status: 201,
      handler: async ({ params, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, await saleOf(params.number), billFinalUpdate, { actor }),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/time-entries',
      tag: 'Billing',
      summary: 'Record a time entry (person, activity, date, hours, rate, billable, text) on a project order',
      roles: ['project_manager', 'planner'],
      body: timeEntryInput,
      status: 201,
      handler: ({ params, body, actor, idempotencyKey }) =>
        call(nc, TimeCommands.record, command({ ...body, orderNumber: params.number }, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/orders/{number}/time-entries',
      tag: 'Billing',
      summary: 'List the time entries of an order (billed, unbilled, by period)',
      roles: ALL_ROLES,
      query: timeEntryListQuery,
      handler: ({ params, query }) => call(nc, TimeCommands.list, { ...query, orderNumber: params.number }),
    }),
    route({
      method: 'post',
      path: '/orders/{number}/time-invoice',
      tag: 'Billing',
      summary: 'Invoice the unbilled billable time of a period, grouped per person and activity (each entry once)',
      roles: ['project_manager', 'accounting'],
      body: timeInvoiceBody,
      status: 201,
      handler: async ({ params, body, actor, idempotencyKey }) =>
        sales.updateOnce(idempotencyKey, await saleOf(params.number), billTimeUpdate, { from: body.from, to: body.to, actor }),
    }),
    route({
      method: 'get',
      path: '/dunning/settings',
      tag: 'Dunning',
      summary: 'Dunning levels (title, delay after the due date, fee) and the interest rates of § 288 BGB',
      roles: ['accounting', 'admin'],
      handler: () => call(nc, DunningCommands.settings, {}),
    }),
    route({
      method: 'post',
      path: '/dunning/settings',
      tag: 'Dunning',
      summary: 'Set the dunning levels and interest rates (applies to reminders issued from now on)',
      roles: ['accounting', 'admin'],
      body: dunningSettingsSchema,
      handler: ({ body, actor, idempotencyKey }) => call(nc, DunningCommands.setSettings, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/dunning/overdue',
      tag: 'Dunning',
      summary: 'Overdue open invoices with their dunning level (0: not reminded yet), oldest due first',
      roles: ['accounting', 'admin', 'sales_manager'],
      query: overdueQuery,
      handler: ({ query }) => call(nc, DunningCommands.overdue, query),
    }),
    route({
      method: 'post',
      path: '/invoices/{number}/reminders',
      tag: 'Dunning',
      summary: 'Issue the next reminder of an overdue open invoice now (the sale issues them by itself when each level is due)',
      roles: ['accounting'],
      status: 201,
      handler: ({ params, actor, idempotencyKey }) => call(nc, DunningCommands.remind, command({ invoiceNumber: params.number }, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/reminders/{number}',
      tag: 'Dunning',
      summary: 'Get a reminder (Zahlungserinnerung, Mahnung); its PDF is at /documents/{number}/pdf',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, DunningCommands.getReminder, { number: params.number }),
    }),
    route({
      method: 'get',
      path: '/orders/{number}/billing',
      tag: 'Billing',
      summary: 'Billing status of an order: billed, remaining, each plan item with its invoice',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, BillingCommands.status, { orderNumber: params.number }),
    }),
  ];
}
