import { randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { Quote, QuoteStatus } from '../../../shared/contracts/quote.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { priceLines, toBase, type LineRequest, type ProductForPricing } from '../../../shared/pricing.ts';
import { captureExchangeRate } from '../../../shared/exchange-rates.ts';
import { toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { CustomerEntity, ProductEntity, QuoteEntity, type QuoteRow } from './entities.ts';
import { snapshotOf } from './catalog.service.ts';
import { quoteStates, type QuoteAction } from './domain/quote-states.ts';

export interface NewQuote {
  customerId: string;
  currency: string;
  lines: LineRequest[];
  validUntil?: string | undefined;
  paymentTermsDays?: number | undefined;
}

const DEFAULT_VALIDITY_DAYS = 30;

export function quoteJson(q: QuoteRow): Quote {
  return {
    number: q.number,
    status: q.status,
    customer: q.customer,
    currency: q.currency,
    exchangeRate: q.exchangeRate,
    lines: q.lines,
    totals: q.totals,
    grossBase: toAmountString(q.grossBase, BASE_CURRENCY),
    paymentTermsDays: q.paymentTermsDays,
    validUntil: q.validUntil,
    orderNumber: q.orderNumber ?? null,
    createdAt: q.createdAt.toISOString(),
    version: q.version,
  };
}

/** Creates a draft quote with the next AN number; customer and prices are copied, not referenced. */
export async function createQuote(tx: Em, input: NewQuote, actor?: Actor): Promise<Quote> {
  const customer = await tx.findOne(CustomerEntity, { id: input.customerId });
  if (!customer) throw new ValidationError(`unknown customer ${input.customerId}`, [{ field: 'customerId', message: `customer ${input.customerId} does not exist` }]);
  const productIds = [...new Set(input.lines.map((l) => l.productId))];
  const products = await tx.find(ProductEntity, { id: { $in: productIds } });
  const byId = new Map<string, ProductForPricing>(products.map((p) => [p.id, p]));
  const { lines, totals } = priceLines(input.lines, byId, input.currency);
  const exchangeRate = captureExchangeRate(input.currency);
  const now = new Date();
  const validUntil = input.validUntil ?? new Date(now.getTime() + DEFAULT_VALIDITY_DAYS * 86_400_000).toISOString().slice(0, 10);
  const row = tx.create(QuoteEntity, {
    id: `quo_${randomUUID()}`,
    number: await nextDocumentNumber(tx, 'AN', now),
    status: 'draft',
    customerId: customer.id,
    customer: snapshotOf(customer),
    currency: input.currency,
    exchangeRate,
    lines,
    totals,
    grossBase: toBase(totals.gross, exchangeRate),
    paymentTermsDays: input.paymentTermsDays ?? customer.paymentTermsDays,
    validUntil,
    orderNumber: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  tx.persist(row);
  recordEvent(tx, 'events.quote.created', { number: row.number, customerId: row.customerId, gross: totals.gross, currency: row.currency });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'quote', aggregateId: row.number, action: 'created', actor, details: { status: 'draft', gross: totals.gross, currency: row.currency, lines: lines.length } });
  return quoteJson(row);
}

export async function findQuote(em: Em, number: string): Promise<QuoteRow> {
  const row = await em.findOne(QuoteEntity, { number });
  if (!row) throw new NotFoundError(`quote ${number} not found`, 'number');
  return row;
}

/**
 * Applies one lifecycle action. The row is locked for the transaction and the
 * caller's expected version (if given) must match, so two clerks never
 * silently overwrite each other.
 */
export async function transitionQuote(tx: Em, number: string, action: QuoteAction, opts: { expectedVersion?: number | undefined; orderNumber?: string | undefined; actor?: Actor | undefined; reason?: string | undefined } = {}): Promise<Quote> {
  const row = await findForUpdate(tx, QuoteEntity, { number }, `quote ${number}`, opts.expectedVersion);
  if (action === 'accept' && row.validUntil < new Date().toISOString().slice(0, 10)) {
    throw new ConflictError(`quote ${number} expired on ${row.validUntil}`, 'quote_expired');
  }
  const from = row.status;
  const to: QuoteStatus = quoteStates.next(row.status, action);
  row.status = to;
  row.updatedAt = new Date();
  if (action === 'convert') row.orderNumber = opts.orderNumber ?? null;
  recordEvent(tx, `events.quote.${to}`, { number, status: to, ...(opts.orderNumber ? { orderNumber: opts.orderNumber } : {}) });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'quote', aggregateId: number, action, actor: opts.actor, details: { from, to, ...(opts.orderNumber ? { orderNumber: opts.orderNumber } : {}), ...(opts.reason ? { reason: opts.reason } : {}) } });
  return quoteJson(row);
}
