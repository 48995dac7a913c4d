import { z } from 'zod';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { QuoteSubjects } from '../../../shared/contracts/quote.ts';
import { newCustomerSchema, newProductSchema, newQuoteSchema, documentNumber, idempotencyKey, actorSchema } from '../../../shared/contracts/schemas.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { createCustomer, createProduct, customerJson, getCustomer, getProduct, productJson } from './catalog.service.ts';
import { createQuote, findQuote, quoteJson, transitionQuote } from './quote.service.ts';
import { CustomerEntity, ProductEntity, QuoteEntity } from './entities.ts';
import type { QuoteAction } from './domain/quote-states.ts';

const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };
const byNumber = z.object({ number: documentNumber });
const listQuery = z.object({ limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0), status: z.string().optional() });
const transition = byNumber.extend({ expectedVersion: z.number().int().optional(), reason: z.string().max(500).optional(), ...keyed });

/** The quote service's NATS API: customers, products and quotes. */
export function quoteEndpoints(ctx: ServiceContext) {
  const act = (action: QuoteAction) => (input: z.infer<typeof transition>) =>
    onceByKey(ctx.em(), input.idempotencyKey, `quote.${action}`, (tx) => transitionQuote(tx, input.number, action, { expectedVersion: input.expectedVersion, actor: input.actor, reason: input.reason })).finally(() => ctx.relay.kick());

  return [
    endpoint(QuoteSubjects.customerCreate, newCustomerSchema.extend(keyed), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, QuoteSubjects.customerCreate, (tx) => createCustomer(tx, input, input.actor)).finally(() => ctx.relay.kick())),
    endpoint(QuoteSubjects.customerGet, z.object({ id: z.string() }), (input) => getCustomer(ctx.em(), input.id)),
    endpoint(QuoteSubjects.customerList, listQuery, async (q) => {
      const rows = await ctx.em().find(CustomerEntity, {}, { orderBy: { number: 'asc' }, limit: q.limit, offset: q.offset });
      return rows.map(customerJson);
    }),
    endpoint(QuoteSubjects.productCreate, newProductSchema.extend(keyed), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, QuoteSubjects.productCreate, (tx) => createProduct(tx, input, input.actor)).finally(() => ctx.relay.kick())),
    endpoint(QuoteSubjects.productGet, z.object({ id: z.string() }), (input) => getProduct(ctx.em(), input.id)),
    endpoint(QuoteSubjects.productList, listQuery, async (q) => {
      const rows = await ctx.em().find(ProductEntity, {}, { orderBy: { sku: 'asc' }, limit: q.limit, offset: q.offset });
      return rows.map(productJson);
    }),
    endpoint(QuoteSubjects.create, newQuoteSchema.extend(keyed), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, QuoteSubjects.create, (tx) => createQuote(tx, input, input.actor)).finally(() => ctx.relay.kick())),
    endpoint(QuoteSubjects.get, byNumber, async (input) => quoteJson(await findQuote(ctx.em(), input.number))),
    endpoint(QuoteSubjects.list, listQuery, async (q) => {
      const rows = await ctx.em().find(QuoteEntity, q.status ? { status: q.status as never } : {}, { orderBy: { number: 'desc' }, limit: q.limit, offset: q.offset });
      return rows.map(quoteJson);
    }),
    endpoint(QuoteSubjects.send, transition, act('send')),
    endpoint(QuoteSubjects.accept, transition, act('accept')),
    endpoint(QuoteSubjects.reject, transition, act('reject')),
    endpoint(QuoteSubjects.cancel, transition, act('cancel')),
    endpoint(QuoteSubjects.markConverted, transition.extend({ orderNumber: documentNumber }), (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, QuoteSubjects.markConverted, (tx) => transitionQuote(tx, input.number, 'convert', { orderNumber: input.orderNumber, actor: input.actor })).finally(() => ctx.relay.kick())),
  ];
}
