import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { QuoteSubjects } from '../../../shared/contracts/quote.ts';
import {
  newCustomerSchema, customerUpdateSchema, newProductSchema, contentWithCustomer, checkContent, quoteContentSchema, documentNumber, idempotencyKey, actorSchema,
  newCouponSchema, checkCoupon,
} from '../../../shared/contracts/schemas.ts';
import { identifier, text } from '../../../shared/validation.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { createCustomer, createProduct, customerJson, getCustomer, getProduct, productJson, updateCustomer } from './catalog.service.ts';
import { createQuote, decideApproval, editQuote, findQuote, listRevisions, priceDirectOrder, quoteJson, transitionQuote } from './quote.service.ts';
import { createCoupon, forecast, openApprovals } from './queries.ts';
import { loadSettings, saveSettings } from './settings.ts';
import { salesSettingsSchema } from '../../../shared/contracts/sales-settings.ts';
import { CustomerEntity, ProductEntity, QuoteEntity, type QuoteRow } from './entities.ts';
import { documentWhere, pagingQuery, quoteListQuery, toPage } from '../../../shared/contracts/lists.ts';
import type { QuoteAction } from './domain/quote-states.ts';

const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };
const byNumber = z.object({ number: documentNumber });
const transition = byNumber.extend({ expectedVersion: z.number().int().optional(), reason: text(500, { min: 0, multiline: true }).optional(), revision: z.number().int().min(1).optional(), ...keyed });

/** The quote service's NATS API: customers, products, coupons, settings and quotes with approvals and revisions. */
export function quoteEndpoints(ctx: ServiceContext) {
  /** A command in one transaction, once per idempotency key, waking the outbox relay afterwards. */
  const once = <T>(key: string | undefined, subject: string, fn: Parameters<typeof onceByKey<T>>[3]) =>
    onceByKey(ctx.em(), key, subject, fn).finally(() => ctx.relay.kick());
  const act = (action: QuoteAction) => (input: z.infer<typeof transition>) =>
    once(input.idempotencyKey, `quote.${action}`, (tx) => transitionQuote(tx, input.number, action, { expectedVersion: input.expectedVersion, actor: input.actor, reason: input.reason, revision: input.revision }));

  return [
    endpoint(QuoteSubjects.customerCreate, newCustomerSchema.extend(keyed), (input) => once(input.idempotencyKey, QuoteSubjects.customerCreate, (tx) => createCustomer(tx, input, input.actor))),
    endpoint(QuoteSubjects.customerUpdate, z.object({ id: identifier, change: customerUpdateSchema, ...keyed }), (input) =>
      once(input.idempotencyKey, QuoteSubjects.customerUpdate, (tx) => {
        const { expectedVersion, ...change } = input.change;
        return updateCustomer(tx, input.id, change, expectedVersion, input.actor);
      })),
    endpoint(QuoteSubjects.customerGet, z.object({ id: identifier }), (input) => getCustomer(ctx.em(), input.id)),
    endpoint(QuoteSubjects.customerList, pagingQuery, async (q) =>
      toPage(await ctx.em().find(CustomerEntity, {}, { orderBy: { number: 'asc' }, limit: q.limit + 1, offset: q.offset }), q, customerJson)),
    endpoint(QuoteSubjects.productCreate, newProductSchema.extend(keyed), (input) => once(input.idempotencyKey, QuoteSubjects.productCreate, (tx) => createProduct(tx, input, input.actor))),
    endpoint(QuoteSubjects.productGet, z.object({ id: identifier }), (input) => getProduct(ctx.em(), input.id)),
    endpoint(QuoteSubjects.productList, pagingQuery, async (q) =>
      toPage(await ctx.em().find(ProductEntity, {}, { orderBy: { sku: 'asc' }, limit: q.limit + 1, offset: q.offset }), q, productJson)),
    endpoint(QuoteSubjects.couponCreate, newCouponSchema.extend(keyed).superRefine(checkCoupon), (input) => once(input.idempotencyKey, QuoteSubjects.couponCreate, (tx) => createCoupon(tx, input, input.actor))),
    endpoint(QuoteSubjects.settingsGet, z.object({}), () => loadSettings(ctx.em())),
    endpoint(QuoteSubjects.settingsPut, z.object({ settings: salesSettingsSchema, expectedVersion: z.number().int().min(0), ...keyed }), (input) =>
      once(input.idempotencyKey, QuoteSubjects.settingsPut, (tx) => saveSettings(tx, input.settings, input.expectedVersion, input.actor))),

    endpoint(QuoteSubjects.create, contentWithCustomer.extend(keyed).superRefine(checkContent), (input) => once(input.idempotencyKey, QuoteSubjects.create, (tx) => createQuote(tx, input, input.actor))),
    endpoint(QuoteSubjects.edit, z.object({ number: documentNumber, content: quoteContentSchema.superRefine((c, x) => checkContent({ ...c, customerId: 'kept' }, x)), expectedVersion: z.number().int().optional(), ...keyed }), (input) =>
      once(input.idempotencyKey, QuoteSubjects.edit, (tx) => editQuote(tx, input.number, input.content, input.expectedVersion, input.actor))),
    // Direct orders are priced here but stored by the order service; customer data changes commit with this call.
    endpoint(QuoteSubjects.price, contentWithCustomer.extend(keyed).superRefine(checkContent), (input) => once(input.idempotencyKey, QuoteSubjects.price, (tx) => priceDirectOrder(tx, input, input.actor))),
    endpoint(QuoteSubjects.get, byNumber, async (input) => quoteJson(await findQuote(ctx.em(), input.number))),
    endpoint(QuoteSubjects.revisions, byNumber, (input) => listRevisions(ctx.em(), input.number)),
    endpoint(QuoteSubjects.list, quoteListQuery, async (q) => {
      // The quote keeps its customer's id in a column of its own; the number only in the snapshot.
      const { customer, ...rest } = q;
      const where = {
        ...documentWhere(rest),
        ...(customer ? (customer.startsWith('K-') ? { customer: { number: customer } } : { customerId: customer }) : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.orderType ? { orderType: q.orderType } : {}),
      };
      return toPage(await ctx.em().find(QuoteEntity, where as FilterQuery<QuoteRow>, { orderBy: { number: 'desc' }, limit: q.limit + 1, offset: q.offset }), q, quoteJson);
    }),
    endpoint(QuoteSubjects.submit, transition, act('submit')),
    endpoint(QuoteSubjects.send, transition, act('send')),
    endpoint(QuoteSubjects.accept, transition, act('accept')),
    endpoint(QuoteSubjects.reject, transition, act('reject')),
    endpoint(QuoteSubjects.cancel, transition, act('cancel')),
    endpoint(QuoteSubjects.expire, transition, act('expire')),
    endpoint(QuoteSubjects.markConverted, transition.extend({ orderNumber: documentNumber }), (input) =>
      once(input.idempotencyKey, QuoteSubjects.markConverted, (tx) => transitionQuote(tx, input.number, 'convert', { orderNumber: input.orderNumber, actor: input.actor, revision: input.revision }))),
    endpoint(QuoteSubjects.decide, byNumber.extend({ level: z.number().int().min(1), decision: z.enum(['approve', 'reject']), reason: text(500, { min: 0, multiline: true }).optional(), ...keyed }), (input) =>
      once(input.idempotencyKey, QuoteSubjects.decide, (tx) => decideApproval(tx, input.number, input.level, input.decision, input.actor, input.reason))),
    endpoint(QuoteSubjects.forecast, z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }), (q) => forecast(ctx.em(), q.from, q.to)),
    endpoint(QuoteSubjects.approvals, z.object({ role: text(50) }), (q) => openApprovals(ctx.em(), q.role)),
  ];
}
