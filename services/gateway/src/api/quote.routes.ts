import { z } from 'zod';
import type { NatsConnection } from '@nats-io/transport-node';
import { request } from '../../../../shared/nats/rpc.ts';
import { DocumentSubjects } from '../../../../shared/contracts/document.ts';
import { QuoteSubjects } from '../../../../shared/contracts/quote.ts';
import { quoteContentSchema, checkContent, newCouponSchema, checkCoupon } from '../../../../shared/contracts/schemas.ts';
import { documentNumber, text } from '../../../../shared/validation.ts';
import { decideApprovalUpdate, editQuoteUpdate, submitForApprovalUpdate } from '../../../../workflows/src/sale.contract.ts';
import { salesSettingsSchema } from '../../../../shared/contracts/sales-settings.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';

const SALES = ['sales', 'sales_manager'] as const;
const APPROVERS = ['sales_manager', 'director'] as const;
const editSchema = quoteContentSchema.extend({ expectedVersion: z.number().int().min(1) }).superRefine((q, ctx) => checkContent({ ...q, customerId: 'kept' }, ctx));

/** Quote revisions, approvals, forecast, notifications, coupons and sales settings. */
export function quoteRoutes(nc: NatsConnection, sales: SalesClient): Route[] {
  return [
    route({ method: 'post', path: '/quotes/{number}/edit', tag: 'Quotes', summary: 'Edit a quote; a sent quote continues as a new revision', roles: SALES, body: editSchema,
      handler: ({ params, body, actor, idempotencyKey }) => {
        const { expectedVersion, ...content } = body;
        return sales.updateOnce(idempotencyKey, params.number, editQuoteUpdate, { content, expectedVersion, actor });
      } }),
    route({ method: 'post', path: '/quotes/{number}/submit', tag: 'Approvals', summary: 'Submit a quote for approval', roles: SALES,
      handler: ({ params, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, params.number, submitForApprovalUpdate, { actor }) }),
    route({ method: 'post', path: '/quotes/{number}/approvals/{level}', tag: 'Approvals', summary: 'Approve or reject the pending approval level', roles: APPROVERS,
      body: z.object({ decision: z.enum(['approve', 'reject']), reason: text(500, { min: 0, multiline: true }).optional() }),
      handler: ({ params, body, actor, idempotencyKey }) => {
        const level = Number(params.level);
        return sales.updateOnce(idempotencyKey, params.number, decideApprovalUpdate, { level, decision: body.decision, ...(body.reason ? { reason: body.reason } : {}), actor });
      } }),
    route({ method: 'get', path: '/approvals', tag: 'Approvals', summary: 'Quotes waiting for my approval', roles: [...APPROVERS],
      handler: ({ actor }) => request(nc, QuoteSubjects.approvals, { role: actor.role }) }),
    route({ method: 'get', path: '/quotes/{number}/revisions', tag: 'Quotes', summary: 'All revisions of a quote, oldest first', roles: ALL_ROLES,
      handler: ({ params }) => request(nc, QuoteSubjects.revisions, { number: params.number }) }),
    route({ method: 'get', path: '/quotes/{number}/audit', tag: 'Audit', summary: 'Audit trail of a quote', roles: ALL_ROLES,
      handler: ({ params }) => request(nc, 'quote.audit.list', { aggregateId: params.number }) }),
    route({ method: 'get', path: '/forecast', tag: 'Forecast', summary: 'Pipeline per expected close month and currency, weighted by probability, in base currency', roles: ALL_ROLES,
      query: z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
      handler: ({ query }) => request(nc, QuoteSubjects.forecast, query) }),
    route({ method: 'get', path: '/notifications', tag: 'Notifications', summary: 'Reminders and escalations for me and my role', roles: ALL_ROLES,
      query: z.object({ documentNumber: documentNumber.optional(), recipient: text(200).optional() }),
      handler: ({ query, actor }) => {
        // Admins may read any inbox (e.g. a supplier's); everyone else reads their own and their role's.
        const recipients = actor.role === 'admin' && query.recipient ? [query.recipient] : [`user:${actor.id}`, `role:${actor.role}`];
        return request(nc, DocumentSubjects.notifications, { recipients, ...(query.documentNumber ? { documentNumber: query.documentNumber } : {}) });
      } }),
    route({ method: 'post', path: '/coupons', tag: 'Pricing', summary: 'Create a coupon', roles: ['sales_manager'], status: 201,
      body: newCouponSchema.superRefine(checkCoupon),
      handler: ({ body, idempotencyKey, actor }) => request(nc, QuoteSubjects.couponCreate, command(body, { idempotencyKey, actor })) }),
    route({ method: 'get', path: '/settings/sales', tag: 'Settings', summary: 'Approval policy, reminder times and tax mode', roles: ALL_ROLES,
      handler: () => request(nc, QuoteSubjects.settingsGet, {}) }),
    route({ method: 'post', path: '/settings/sales', tag: 'Settings', summary: 'Replace the sales settings (expectedVersion required)', roles: [],
      body: z.object({ settings: salesSettingsSchema, expectedVersion: z.number().int().min(0) }),
      handler: ({ body, actor, idempotencyKey }) => request(nc, QuoteSubjects.settingsPut, command(body, { idempotencyKey, actor })) }),
  ];
}
