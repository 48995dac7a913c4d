import type { FilterQuery } from '@mikro-orm/core';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import type { CommandRequest } from '../../../shared/contracts/commands.ts';
import { QuoteCommands as Q } from '../../../shared/contracts/quote/index.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { createCustomer, createProduct, customerJson, getCustomer, getProduct, productJson, updateCustomer } from './catalog.service.ts';
import {
  createQuote,
  decideApproval,
  editQuote,
  findQuote,
  listRevisions,
  previewQuote,
  priceDirectOrder,
  quoteJson,
  transitionQuote,
} from './quote.service.ts';
import { createCoupon, forecast, openApprovals } from './queries.ts';
import { loadSettings, saveSettings } from './settings.ts';
import { CustomerEntity, ProductEntity, QuoteEntity, type QuoteRow } from './entities.ts';
import { documentWhere, toPage } from '../../../shared/contracts/lists.ts';
import type { QuoteAction } from './domain/quote-states.ts';

/** A search text as a LIKE pattern piece: its own % and _ match themselves. */
function likeText(search: string): string {
  return search.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The commands that are a plain transition of a quote. */
type Transition = typeof Q.submit | typeof Q.send | typeof Q.accept | typeof Q.reject | typeof Q.cancel | typeof Q.expire;

/** The quote service's NATS API: customers, products, coupons, settings and quotes with approvals and revisions. */
export function quoteEndpoints(ctx: ServiceContext) {
  /** A command in one transaction, once per idempotency key, waking the outbox relay afterwards. */
  const once = <T>(key: string | undefined, subject: string, fn: Parameters<typeof onceByKey<T>>[3]) =>
    onceByKey(ctx.em(), key, subject, fn).finally(() => ctx.relay.kick());
  const act = (command: Transition, action: QuoteAction) =>
    endpoint(command, (input: CommandRequest<Transition>) =>
      once(input.idempotencyKey, command.subject, (tx) =>
        transitionQuote(tx, input.number, action, {
          expectedVersion: input.expectedVersion,
          actor: input.actor,
          reason: input.reason,
          revision: input.revision,
        }),
      ),
    );

  return [
    endpoint(Q.customerCreate, (input) => once(input.idempotencyKey, Q.customerCreate.subject, (tx) => createCustomer(tx, input, input.actor))),
    endpoint(Q.customerUpdate, (input) =>
      once(input.idempotencyKey, Q.customerUpdate.subject, (tx) => {
        const { expectedVersion, ...change } = input.change;
        return updateCustomer(tx, input.id, change, expectedVersion, input.actor);
      }),
    ),
    endpoint(Q.customerGet, (input) => getCustomer(ctx.em(), input.id)),
    endpoint(Q.customerList, async (q) => {
      const where = q.search ? { $or: [{ name: { $ilike: `%${likeText(q.search)}%` } }, { number: { $ilike: `${likeText(q.search)}%` } }] } : {};
      return toPage(await ctx.em().find(CustomerEntity, where, { orderBy: { number: 'asc' }, limit: q.limit + 1, offset: q.offset }), q, customerJson);
    }),
    endpoint(Q.productCreate, (input) => once(input.idempotencyKey, Q.productCreate.subject, (tx) => createProduct(tx, input, input.actor))),
    endpoint(Q.productGet, (input) => getProduct(ctx.em(), input.id)),
    endpoint(Q.productList, async (q) => {
      const where = q.search ? { $or: [{ name: { $ilike: `%${likeText(q.search)}%` } }, { sku: { $ilike: `${likeText(q.search)}%` } }] } : {};
      return toPage(await ctx.em().find(ProductEntity, where, { orderBy: { sku: 'asc' }, limit: q.limit + 1, offset: q.offset }), q, productJson);
    }),
    endpoint(Q.couponCreate, (input) => once(input.idempotencyKey, Q.couponCreate.subject, (tx) => createCoupon(tx, input, input.actor))),
    endpoint(Q.settingsGet, () => loadSettings(ctx.em())),
    endpoint(Q.settingsPut, (input) =>
      once(input.idempotencyKey, Q.settingsPut.subject, (tx) => saveSettings(tx, input.settings, input.expectedVersion, input.actor)),
    ),

    endpoint(Q.create, (input) => once(input.idempotencyKey, Q.create.subject, (tx) => createQuote(tx, input, input.actor))),
    endpoint(Q.edit, (input) =>
      once(input.idempotencyKey, Q.edit.subject, (tx) => editQuote(tx, input.number, input.content, input.expectedVersion, input.actor)),
    ),
    // Direct orders are priced here but stored by the order service; customer data changes commit with this call.
    // Reads only: a known customer (by id), the settings and the exposure; the priced draft is never persisted.
    endpoint(Q.preview, (input) => previewQuote(ctx.em(), input)),
    endpoint(Q.previewDocument, (input) => priceDirectOrder(ctx.em(), input)),
    endpoint(Q.price, (input) => once(input.idempotencyKey, Q.price.subject, (tx) => priceDirectOrder(tx, input, input.actor))),
    endpoint(Q.get, async (input) => quoteJson(await findQuote(ctx.em(), input.number))),
    endpoint(Q.revisions, (input) => listRevisions(ctx.em(), input.number)),
    endpoint(Q.list, async (q) => {
      // The quote keeps its customer's id in a column of its own; the number only in the snapshot.
      const { customer, ...rest } = q;
      const where = {
        ...documentWhere(rest),
        ...(customer ? (customer.startsWith('K-') ? { customer: { number: customer } } : { customerId: customer }) : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.orderType ? { orderType: q.orderType } : {}),
      };
      return toPage(
        await ctx.em().find(QuoteEntity, where as FilterQuery<QuoteRow>, { orderBy: { number: 'desc' }, limit: q.limit + 1, offset: q.offset }),
        q,
        quoteJson,
      );
    }),
    act(Q.submit, 'submit'),
    act(Q.send, 'send'),
    act(Q.accept, 'accept'),
    act(Q.reject, 'reject'),
    act(Q.cancel, 'cancel'),
    act(Q.expire, 'expire'),
    endpoint(Q.markConverted, (input) =>
      once(input.idempotencyKey, Q.markConverted.subject, (tx) =>
        transitionQuote(tx, input.number, 'convert', { orderNumber: input.orderNumber, actor: input.actor, revision: input.revision }),
      ),
    ),
    endpoint(Q.decide, (input) =>
      once(input.idempotencyKey, Q.decide.subject, (tx) => decideApproval(tx, input.number, input.level, input.decision, input.actor, input.reason)),
    ),
    endpoint(Q.forecast, (q) => forecast(ctx.em(), q.from, q.to)),
    endpoint(Q.approvals, (q) => openApprovals(ctx.em(), q.role)),
  ];
}
