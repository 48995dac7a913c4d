import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { toAmountString } from '../../../shared/money.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError } from '../../../shared/errors.ts';
import { QuoteEntity } from './entities.ts';
import { OPEN_QUOTE_STATES } from './domain/quote-states.ts';
import { currentStep } from './domain/approval-policy.ts';
import { quoteJson } from './quote.service.ts';

export interface ForecastRow {
  month: string;
  currency: string;
  quotes: number;
  pipeline: string;
  pipelineBase: string;
  weightedBase: string;
}

/**
 * Sales forecast: open quotes grouped by expected close month and currency;
 * pipeline value in document and base currency, and weighted by probability.
 */
export async function forecast(em: Em, from?: string, to?: string): Promise<ForecastRow[]> {
  const rows = await em.find(QuoteEntity, {
    status: { $in: [...OPEN_QUOTE_STATES] },
    expectedCloseDate: { $ne: null, ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) },
  });
  const groups = new Map<string, ForecastRow & { p: Decimal; pb: Decimal; wb: Decimal }>();
  for (const q of rows) {
    const month = q.expectedCloseDate!.slice(0, 7);
    const key = `${month}|${q.currency}`;
    const g = groups.get(key) ?? {
      month,
      currency: q.currency,
      quotes: 0,
      pipeline: '',
      pipelineBase: '',
      weightedBase: '',
      p: new Decimal(0),
      pb: new Decimal(0),
      wb: new Decimal(0),
    };
    g.quotes += 1;
    g.p = g.p.plus(q.totals.gross);
    g.pb = g.pb.plus(q.grossBase);
    g.wb = g.wb.plus(new Decimal(q.grossBase).times(q.probability ?? 0).div(100));
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency))
    .map(({ p, pb, wb, ...g }) => ({
      ...g,
      pipeline: toAmountString(p, g.currency),
      pipelineBase: toAmountString(pb, 'EUR'),
      weightedBase: toAmountString(wb, 'EUR'),
    }));
}

/** Quotes waiting for a decision of this role (admins see all), oldest number first, with why (the rules that fired, with their numbers). */
export async function openApprovals(em: Em, role: string) {
  const rows = await em.find(QuoteEntity, { status: 'pending_approval' }, { orderBy: { number: 'asc' } });
  return rows
    .map((q) => ({ quote: quoteJson(q), step: currentStep(q.approvals), waitingSince: q.updatedAt }))
    .filter((x) => x.step && (role === 'admin' || x.step.role === role))
    .map((x) => ({
      number: x.quote.number,
      revision: x.quote.revision,
      customer: x.quote.customer.name,
      customerNumber: x.quote.customer.number,
      grossBase: x.quote.grossBase,
      currency: x.quote.currency,
      net: x.quote.totals.net,
      gross: x.quote.totals.gross,
      createdBy: x.quote.createdBy,
      assignee: x.quote.assignee,
      validUntil: x.quote.validUntil,
      waitingSince: x.waitingSince.toISOString(),
      level: x.step!.level,
      role: x.step!.role,
      reasons: x.step!.reasons,
      findings: x.step!.findings ?? [],
      steps: x.quote.approvals,
    }));
}

export interface NewCoupon {
  code: string;
  type: 'percent' | 'amount';
  value: string;
  currency?: string | undefined;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
  usageLimit?: number | undefined;
}

export async function createCoupon(tx: Em, c: NewCoupon, actor?: Actor) {
  const [exists] = await tx.execute(`select 1 from coupon where code = ?`, [c.code]);
  if (exists) throw new ConflictError(`coupon ${c.code} exists`, 'duplicate_coupon');
  await tx.execute(
    `insert into coupon (code, type, value, currency, valid_from, valid_until, usage_limit) values (?, ?, ?, ?, ?, ?, ?)`,
    [c.code, c.type, c.value, c.currency ?? null, c.validFrom ?? null, c.validUntil ?? null, c.usageLimit ?? null],
    'run',
  );
  await recordAudit(tx, { aggregateType: 'coupon', aggregateId: c.code, action: 'created', actor, details: { ...c } });
  return { ...c, timesUsed: 0 };
}
