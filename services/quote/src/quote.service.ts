import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import type { Em } from '../../../shared/db/orm.ts';
import type { Quote, QuoteStatus } from '../../../shared/contracts/quote/index.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { newQuoteSchema } from '../../../shared/contracts/quote/index.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { ApprovalDecided, quoteStatusEvent, QuoteConverted, QuoteCreated, QuoteEdited, QuoteRevised } from '../../../shared/contracts/quote/events.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { nextDocumentNumber } from '../../../shared/db/number-series.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { addDays, berlinDate, endOfBerlinDay } from '../../../shared/dates.ts';
import { CustomerEntity, QuoteEntity, type CustomerRow, type QuoteRow } from './entities.ts';
import { customerFromDocument, refuseSkontoBeyondTerms, snapshotOf, type CustomerData } from './catalog.service.ts';
import { documentSnapshot } from './domain/party-match.ts';
import { quoteStates, type QuoteAction } from './domain/quote-states.ts';
import { currentStep, decide, requiredApprovals } from './domain/approval-policy.ts';
import { priceQuoteContent, type QuoteContent } from './quote-pricing.ts';
import { loadSettings } from './settings.ts';
import { openExposureBase } from './exposure.ts';

export type NewQuote = z.infer<typeof newQuoteSchema>;

export function quoteJson(q: QuoteRow): Quote {
  return {
    number: q.number,
    revision: q.revision,
    status: q.status,
    customer: q.customer,
    currency: q.currency,
    exchangeRate: q.exchangeRate,
    lines: q.lines,
    totals: q.totals,
    totalsBase: q.totalsBase,
    grossBase: toAmountString(q.grossBase, BASE_CURRENCY),
    taxNotes: q.tax.notes ?? [],
    orderType: q.orderType,
    paymentTermsDays: q.paymentTermsDays,
    earlyPaymentDiscount: q.earlyPaymentDiscount ?? null,
    invoiceOnShipment: q.invoiceOnShipment,
    validUntil: q.validUntil,
    expiresAt: q.expiresAt.toISOString(),
    probability: q.probability ?? null,
    expectedCloseDate: q.expectedCloseDate ?? null,
    documentDiscountPercent: q.pricing.documentDiscountPercent ?? '0',
    couponCode: q.pricing.couponCode ?? null,
    approvals: q.approvals,
    createdBy: q.createdBy,
    assignee: q.assignee ?? null,
    tags: (q.request.tags as string[] | undefined) ?? [],
    leadSource: (q.request.leadSource as string | undefined) ?? null,
    orderNumber: q.orderNumber ?? null,
    schedule: (q.request.schedule as Quote['schedule']) ?? [],
    supplier: (q.request.supplier as Quote['supplier']) ?? null,
    allowBackorders: q.request.allowBackorders === true,
    createdAt: q.createdAt.toISOString(),
    version: q.version,
  };
}

/** Validity: a date means through that day in Europe/Berlin; an instant is taken as is. */
function validity(validUntil: string | undefined, defaultDays: number, now: Date): { validUntil: string; expiresAt: Date } {
  if (validUntil && validUntil.length > 10) {
    const at = new Date(validUntil);
    if (at.getTime() <= now.getTime()) throw new ValidationError('validUntil lies in the past', [{ field: 'validUntil', message: 'must be in the future' }]);
    return { validUntil: berlinDate(at), expiresAt: at };
  }
  const date = validUntil ?? addDays(berlinDate(now), defaultDays);
  if (date < berlinDate(now)) throw new ValidationError('validUntil lies in the past', [{ field: 'validUntil', message: 'must be today or later' }]);
  return { validUntil: date, expiresAt: endOfBerlinDay(date) };
}

/**
 * Prices the content and writes it onto the row: shared by create, edit and revision.
 * `billing` is the billing data the document was given instead of a customer id: it is what
 * the document prints and taxes by, while prices, terms and credit limit come from the customer.
 */
async function applyContent(tx: Em, row: QuoteRow, customer: CustomerRow, content: QuoteContent, now: Date, billing?: CustomerData): Promise<void> {
  // The document's Skonto (its own, or the customer's) must fall within its net days (its own, or the customer's).
  refuseSkontoBeyondTerms(
    content.earlyPaymentDiscount !== undefined ? content.earlyPaymentDiscount : customer.earlyPaymentDiscount,
    content.paymentTermsDays ?? customer.paymentTermsDays,
  );
  const settings = await loadSettings(tx);
  const snapshot = billing ? documentSnapshot(snapshotOf(customer), billing) : snapshotOf(customer);
  const party: CustomerRow = {
    ...customer,
    name: snapshot.name,
    billingAddress: snapshot.billingAddress,
    shippingAddress: snapshot.shippingAddress,
    vatId: snapshot.vatId ?? null,
    language: billing?.language ?? customer.language,
  };
  const priced = await priceQuoteContent(tx, party, content, settings, berlinDate(now), await openExposureBase(tx, customer.id));
  const { validUntil, expiresAt } = validity(content.validUntil, settings.defaultValidityDays, now);
  Object.assign(row, {
    customerId: customer.id,
    customer: snapshot,
    currency: content.currency,
    exchangeRate: priced.exchangeRate,
    lines: priced.lines,
    totals: priced.totals,
    totalsBase: priced.totalsBase,
    grossBase: priced.totalsBase.gross,
    tax: { notes: priced.taxNotes },
    pricing: {
      documentDiscountPercent: content.documentDiscountPercent ?? '0',
      documentDiscount: priced.documentDiscount,
      couponCode: content.couponCode ?? null,
      couponDiscount: priced.couponDiscount,
    },
    paymentTermsDays: content.paymentTermsDays ?? customer.paymentTermsDays,
    // Skonto: the document's own terms (null: none), else the customer's.
    earlyPaymentDiscount: content.earlyPaymentDiscount !== undefined ? content.earlyPaymentDiscount : (customer.earlyPaymentDiscount ?? null),
    invoiceOnShipment: content.invoiceOnShipment ?? customer.invoiceOnShipment,
    validUntil,
    expiresAt,
    probability: content.probability ?? null,
    expectedCloseDate: content.expectedCloseDate ?? null,
    assignee: content.assignee ?? customer.assignee ?? row.createdBy,
    orderType: content.orderType,
    // The billing data is kept with the content, so an edit or revision prints the same addresses.
    request: {
      ...content,
      ...(content.leadSource === undefined && customer.leadSource ? { leadSource: customer.leadSource } : {}),
      ...(billing ? { billing } : {}),
    } as unknown as Record<string, unknown>,
    approvals: requiredApprovals(settings.approvalPolicy, priced.facts),
    updatedAt: now,
  });
}

/** The customer of a new quote or direct order, and the billing data it was given instead of an id, if any. */
async function resolveCustomer(tx: Em, input: NewQuote, actor?: Actor): Promise<{ customer: CustomerRow; billing?: CustomerData; matchedBy: string | null }> {
  if (input.customer) {
    const { customer, matchedBy } = await customerFromDocument(tx, input.customer, actor);
    return { customer, billing: input.customer, matchedBy };
  }
  const customer = await tx.findOne(CustomerEntity, { id: input.customerId! });
  if (!customer)
    throw new ValidationError(`unknown customer ${input.customerId}`, [{ field: 'customerId', message: `customer ${input.customerId} does not exist` }]);
  return { customer, matchedBy: null };
}

/** Creates a draft quote (revision 1) with the next AN number. */
export async function createQuote(tx: Em, input: NewQuote, actor?: Actor): Promise<Quote> {
  const now = new Date();
  const { customer, billing, matchedBy } = await resolveCustomer(tx, input, actor);
  const { customerId: _id, customer: _data, ...content } = input;
  const row = tx.create(QuoteEntity, {
    id: `quo_${randomUUID()}`,
    number: await nextDocumentNumber(tx, 'AN', now),
    status: 'draft',
    revision: 1,
    createdBy: actor?.id ?? 'system',
    orderNumber: null,
    createdAt: now,
    version: 1,
  } as QuoteRow);
  await applyContent(tx, row, customer, content, now, billing);
  tx.persist(row);
  recordEvent(tx, QuoteCreated, {
    number: row.number,
    customerId: row.customerId,
    customerNumber: row.customer.number,
    gross: row.totals.gross,
    currency: row.currency,
    grossBase: row.totalsBase.gross,
    createdBy: row.createdBy,
  });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'quote',
    aggregateId: row.number,
    action: 'created',
    actor,
    details: {
      revision: 1,
      customer: row.customer.number,
      ...(matchedBy ? { customerMatchedBy: matchedBy } : {}),
      gross: row.totals.gross,
      currency: row.currency,
      lines: row.lines.length,
      exchangeRate: row.exchangeRate,
      approvals: row.approvals.map((a) => ({ level: a.level, role: a.role, reasons: a.reasons })),
    },
  });
  return quoteJson(row);
}

/**
 * Changes a quote's content. A draft or approved quote changes in place (back
 * to draft, approvals recomputed); a sent or expired quote keeps its revision
 * as it was sent and continues as revision n+1.
 */
export async function editQuote(tx: Em, number: string, content: QuoteContent, expectedVersion: number | undefined, actor?: Actor): Promise<Quote> {
  const row = await findForUpdate(tx, QuoteEntity, { number }, `quote ${number}`, expectedVersion);
  const action: QuoteAction = row.status === 'sent' || row.status === 'expired' ? 'revise' : 'edit';
  const from = row.status;
  row.status = quoteStates.next(row.status, action);
  const before = quoteJson(row);
  if (action === 'revise') {
    await tx.execute(
      `insert into quote_revision (number, revision, snapshot) values (?, ?, ?::jsonb)`,
      [number, row.revision, JSON.stringify({ ...before, status: from })],
      'run',
    );
    row.revision += 1;
    row.sentAt = null;
  }
  const customer = (await tx.findOne(CustomerEntity, { id: row.customerId }))!;
  await applyContent(tx, row, customer, content, new Date(), row.request.billing as CustomerData | undefined);
  recordEvent(tx, action === 'revise' ? QuoteRevised : QuoteEdited, { number, revision: row.revision });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'quote',
    aggregateId: number,
    action,
    actor,
    details: { from, to: row.status, revision: row.revision, grossBefore: before.totals.gross, grossAfter: row.totals.gross },
  });
  return quoteJson(row);
}

export async function findQuote(em: Em, number: string): Promise<QuoteRow> {
  const row = await em.findOne(QuoteEntity, { number });
  if (!row) throw new NotFoundError(`quote ${number} not found`, 'number');
  return row;
}

/**
 * Applies one lifecycle action under a row lock. Sending needs every required
 * approval; conversion uses up a coupon. Everything lands in the audit trail.
 */
export async function transitionQuote(
  tx: Em,
  number: string,
  action: QuoteAction,
  opts: {
    expectedVersion?: number | undefined;
    orderNumber?: string | undefined;
    actor?: Actor | undefined;
    reason?: string | undefined;
    revision?: number | undefined;
  } = {},
): Promise<Quote> {
  const row = await findForUpdate(tx, QuoteEntity, { number }, `quote ${number}`, opts.expectedVersion);
  const now = new Date();
  if (opts.revision !== undefined && opts.revision !== row.revision) {
    throw new ConflictError(`quote ${number} is at revision ${row.revision}; revision ${opts.revision} is superseded`, 'revision_superseded');
  }
  if (action === 'send' && row.status === 'draft' && row.approvals.some((a) => a.status !== 'approved')) {
    throw new ConflictError(`quote ${number} needs approval (${row.approvals.map((a) => a.role).join(', ')}) before it can be sent`, 'approval_required');
  }
  if (action === 'submit' && row.approvals.length === 0) throw new ConflictError(`quote ${number} needs no approval; send it`, 'no_approval_needed');
  if (action === 'accept' && row.expiresAt.getTime() <= now.getTime())
    throw new ConflictError(`quote ${number} expired at ${row.expiresAt.toISOString()}`, 'quote_expired');
  if (action === 'expire' && row.expiresAt.getTime() > now.getTime())
    throw new ConflictError(`quote ${number} is valid until ${row.expiresAt.toISOString()}`, 'not_expired');
  const from = row.status;
  const to: QuoteStatus = quoteStates.next(row.status, action);
  row.status = to;
  row.updatedAt = now;
  if (action === 'send') row.sentAt = now;
  if (action === 'convert') {
    row.orderNumber = opts.orderNumber ?? null;
    if (row.pricing.couponCode) await tx.execute(`update coupon set times_used = times_used + 1 where code = ?`, [row.pricing.couponCode], 'run');
  }
  // mark-converted always names the order; without one the event's schema throws before commit.
  if (to === 'converted') recordEvent(tx, QuoteConverted, { number, revision: row.revision, orderNumber: opts.orderNumber! });
  else recordEvent(tx, quoteStatusEvent(to), { number, revision: row.revision });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'quote',
    aggregateId: number,
    action,
    actor: opts.actor,
    details: {
      from,
      to,
      revision: row.revision,
      ...(opts.orderNumber ? { orderNumber: opts.orderNumber } : {}),
      ...(opts.reason ? { reason: opts.reason } : {}),
    },
  });
  return quoteJson(row);
}

/** One approver's decision on the pending level. A rejection returns the quote to draft. */
export async function decideApproval(tx: Em, number: string, level: number, decision: 'approve' | 'reject', actor: Actor, reason?: string): Promise<Quote> {
  const row = await findForUpdate(tx, QuoteEntity, { number }, `quote ${number}`);
  if (row.status !== 'pending_approval') throw new ConflictError(`quote ${number} is '${row.status}', not pending approval`, 'not_pending_approval');
  const { steps, outcome } = decide(row.approvals, level, decision, actor, row.createdBy, new Date().toISOString(), reason);
  row.approvals = steps;
  if (outcome === 'approved') row.status = quoteStates.next(row.status, 'approve');
  if (outcome === 'rejected') {
    row.status = quoteStates.next(row.status, 'reject_approval');
    // The next submission starts over at level 1.
    row.approvals = steps.map((s) => ({ ...s, status: 'pending', decidedBy: null, decidedAt: null, comment: null }));
  }
  row.updatedAt = new Date();
  recordEvent(tx, ApprovalDecided, { number, level, decision, outcome });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'quote',
    aggregateId: number,
    action: `approval_${decision}`,
    actor,
    details: { level, outcome, status: row.status, ...(reason ? { reason } : {}) },
  });
  return quoteJson(row);
}

/** The approval level waiting for a decision, for the workflow's timers. */
export function pendingLevel(q: Quote): number | null {
  return currentStep(q.approvals)?.level ?? null;
}

export async function listRevisions(em: Em, number: string): Promise<Quote[]> {
  const current = quoteJson(await findQuote(em, number));
  const rows = await em.execute<{ snapshot: Quote }[]>(`select snapshot from quote_revision where number = ? order by revision`, [number]);
  return [...rows.map((r) => r.snapshot), current];
}

export function weighted(gross: string, probability: number | null): Decimal {
  return new Decimal(gross).times(probability ?? 0).div(100);
}

/**
 * Prices a direct order (phone or counter sale) exactly like a quote, without
 * storing a quote: the order service stores the result under its own number.
 */
/** The editor's live totals: the content priced for the customer as a quote would be, with the approvals it would need; nothing is written. */
export async function previewQuote(em: Em, input: NewQuote) {
  const q = await priceDirectOrder(em, input);
  return {
    currency: q.currency,
    exchangeRate: q.exchangeRate,
    lines: q.lines,
    totals: q.totals,
    totalsBase: q.totalsBase,
    grossBase: q.grossBase,
    taxNotes: q.taxNotes,
    approvals: q.approvals,
  };
}

export async function priceDirectOrder(tx: Em, input: NewQuote, actor?: Actor): Promise<Quote> {
  const now = new Date();
  const { customer, billing } = await resolveCustomer(tx, input, actor);
  const { customerId: _id, customer: _data, ...content } = input;
  const draft = {
    id: '',
    number: '',
    status: 'accepted',
    revision: 1,
    createdBy: actor?.id ?? 'system',
    orderNumber: null,
    createdAt: now,
    version: 1,
  } as unknown as QuoteRow;
  await applyContent(tx, draft, customer, content, now, billing);
  return quoteJson(draft);
}
