import { z } from 'zod';
import type { Response } from 'express';
import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { PlatformCommands } from '../../../../shared/contracts/platform.ts';
import { DocumentCommands } from '../../../../shared/contracts/document/index.ts';
import {
  QuoteCommands,
  editQuoteSchema,
  newCouponSchema,
  checkCoupon,
  quotePreviewSchema,
  salesSettingsSchema,
} from '../../../../shared/contracts/quote/index.ts';
import { documentNumber, text } from '../../../../shared/validation.ts';
import { decideApprovalUpdate, editQuoteUpdate, submitForApprovalUpdate } from '../../../../workflows/src/sale.contract.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';

const SALES = ['sales', 'sales_manager'] as const;

/** A preview PDF, rendered on request: inline, never cached (the next edit changes it). */
function sendDraftPdf(res: Response, preview: { pdfBase64: string; filename: string }): undefined {
  res
    .status(200)
    .type('application/pdf')
    .set({ 'Content-Disposition': `inline; filename="${preview.filename}"`, 'Cache-Control': 'private, no-store' })
    .send(Buffer.from(preview.pdfBase64, 'base64'));
  return undefined;
}
const APPROVERS = ['sales_manager', 'director'] as const;

/** Quote revisions, approvals, forecast, notifications, coupons and sales settings. */
export function quoteRoutes(nc: NatsConnection, sales: SalesClient): Route[] {
  return [
    route({
      method: 'post',
      path: '/quotes/{number}/edit',
      tag: 'Quotes',
      summary: 'Edit a quote; a sent quote continues as a new revision',
      roles: SALES,
      body: editQuoteSchema,
      handler: ({ params, body, actor, idempotencyKey }) => {
        const { expectedVersion, ...content } = body;
        return sales.updateOnce(idempotencyKey, params.number, editQuoteUpdate, { content, expectedVersion, actor });
      },
    }),
    route({
      method: 'post',
      path: '/quotes/preview',
      tag: 'Quotes',
      summary:
        "Price a quote's content for a customer without saving it: lines, net/VAT/gross per rate, base amounts, tax notes and the approvals it would need (the editor's live totals)",
      roles: SALES,
      body: quotePreviewSchema,
      handler: ({ body }) => call(nc, QuoteCommands.preview, body),
    }),
    route({
      method: 'post',
      path: '/quotes/preview/pdf',
      tag: 'Quotes',
      summary: "Draft PDF of the editor's unsaved content (the body of /quotes/preview): marked ENTWURF, without a number (none is taken), not archived",
      roles: SALES,
      body: quotePreviewSchema,
      produces: 'pdf',
      handler: async ({ body, res }) => sendDraftPdf(res, await call(nc, DocumentCommands.quotePreview, { content: body }, 30_000)),
    }),
    route({
      method: 'get',
      path: '/quotes/{number}/preview/pdf',
      tag: 'Quotes',
      summary:
        'Draft PDF of a saved quote whose current revision is not sent yet (draft, pending approval, approved): marked ENTWURF, not archived; 409 quote_issued once sent (its PDF is /documents/{number}/pdf)',
      roles: ALL_ROLES,
      produces: 'pdf',
      handler: async ({ params, res }) => sendDraftPdf(res, await call(nc, DocumentCommands.quotePreview, { number: params.number }, 30_000)),
    }),
    route({
      method: 'post',
      path: '/quotes/{number}/submit',
      tag: 'Approvals',
      summary: 'Submit a quote for approval',
      roles: SALES,
      handler: ({ params, actor, idempotencyKey }) => sales.updateOnce(idempotencyKey, params.number, submitForApprovalUpdate, { actor }),
    }),
    route({
      method: 'post',
      path: '/quotes/{number}/approvals/{level}',
      tag: 'Approvals',
      summary: 'Approve or reject the pending approval level',
      roles: APPROVERS,
      body: z.object({ decision: z.enum(['approve', 'reject']), reason: text(500, { min: 0, multiline: true }).optional() }),
      handler: ({ params, body, actor, idempotencyKey }) => {
        const level = Number(params.level);
        return sales.updateOnce(idempotencyKey, params.number, decideApprovalUpdate, {
          level,
          decision: body.decision,
          ...(body.reason ? { reason: body.reason } : {}),
          actor,
        });
      },
    }),
    route({
      method: 'get',
      path: '/approvals',
      tag: 'Approvals',
      summary: 'Quotes waiting for my approval',
      roles: [...APPROVERS],
      handler: ({ actor }) => call(nc, QuoteCommands.approvals, { role: actor.role }),
    }),
    route({
      method: 'get',
      path: '/quotes/{number}/revisions',
      tag: 'Quotes',
      summary: 'All revisions of a quote, oldest first',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, QuoteCommands.revisions, { number: params.number }),
    }),
    route({
      method: 'get',
      path: '/quotes/{number}/audit',
      tag: 'Audit',
      summary: 'Audit trail of a quote',
      roles: ALL_ROLES,
      handler: ({ params }) => call(nc, PlatformCommands.quote.auditList, { aggregateId: params.number }),
    }),
    route({
      method: 'get',
      path: '/forecast',
      tag: 'Forecast',
      summary: 'Pipeline per expected close month and currency, weighted by probability, in base currency',
      roles: ALL_ROLES,
      query: z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
      handler: ({ query }) => call(nc, QuoteCommands.forecast, query),
    }),
    route({
      method: 'get',
      path: '/notifications',
      tag: 'Notifications',
      summary: 'Reminders and escalations for me and my role',
      roles: ALL_ROLES,
      query: z.object({ documentNumber: documentNumber.optional(), recipient: text(200).optional() }),
      handler: ({ query, actor }) => {
        // Admins may read any inbox (e.g. a supplier's); everyone else reads their own and their role's.
        const recipients = actor.role === 'admin' && query.recipient ? [query.recipient] : [`user:${actor.id}`, `role:${actor.role}`];
        return call(nc, DocumentCommands.notifications, { recipients, ...(query.documentNumber ? { documentNumber: query.documentNumber } : {}) });
      },
    }),
    route({
      method: 'post',
      path: '/coupons',
      tag: 'Pricing',
      summary: 'Create a coupon',
      roles: ['sales_manager'],
      status: 201,
      body: newCouponSchema.superRefine(checkCoupon),
      handler: ({ body, idempotencyKey, actor }) => call(nc, QuoteCommands.couponCreate, command(body, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/settings/sales',
      tag: 'Settings',
      summary: 'Approval policy, reminder times and tax mode',
      roles: ALL_ROLES,
      handler: () => call(nc, QuoteCommands.settingsGet, {}),
    }),
    route({
      method: 'post',
      path: '/settings/sales',
      tag: 'Settings',
      summary: 'Replace the sales settings (expectedVersion required)',
      roles: [],
      body: z.object({ settings: salesSettingsSchema, expectedVersion: z.number().int().min(0) }),
      handler: ({ body, actor, idempotencyKey }) => call(nc, QuoteCommands.settingsPut, command(body, { idempotencyKey, actor })),
    }),
  ];
}
