import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';
import type { QuoteStatus } from './types.ts';

/** Events of the quote context: quotes, their approvals, customers and products. */

export const QuoteCreated = defineEvent(
  'events.quote.quote.created',
  1,
  z.object({
    number: f.ref,
    customerId: f.ref,
    customerNumber: f.ref,
    gross: f.decimal,
    currency: f.currency,
    grossBase: f.decimal,
    createdBy: f.ref,
  }),
);

const revisionOfQuote = z.object({ number: f.ref, revision: f.revision });

/** A draft or approved quote changed in place (same revision). */
export const QuoteEdited = defineEvent('events.quote.quote.edited', 1, revisionOfQuote);
/** A sent or expired quote continues as a new revision. */
export const QuoteRevised = defineEvent('events.quote.quote.revised', 1, revisionOfQuote);
/** Submitted for approval (status pending_approval). */
export const QuoteSubmitted = defineEvent('events.quote.quote.submitted', 1, revisionOfQuote);
export const QuoteSent = defineEvent('events.quote.quote.sent', 1, revisionOfQuote);
export const QuoteAccepted = defineEvent('events.quote.quote.accepted', 1, revisionOfQuote);
export const QuoteRejected = defineEvent('events.quote.quote.rejected', 1, revisionOfQuote);
export const QuoteExpired = defineEvent('events.quote.quote.expired', 1, revisionOfQuote);
export const QuoteCancelled = defineEvent('events.quote.quote.cancelled', 1, revisionOfQuote);
export const QuoteConverted = defineEvent('events.quote.quote.converted', 1, revisionOfQuote.extend({ orderNumber: f.ref }));

/** The event a lifecycle transition into each status records (converted has its own, with the order number). */
const QUOTE_STATUS_EVENTS = {
  pending_approval: QuoteSubmitted,
  sent: QuoteSent,
  accepted: QuoteAccepted,
  rejected: QuoteRejected,
  expired: QuoteExpired,
  cancelled: QuoteCancelled,
} as const satisfies Partial<Record<QuoteStatus, unknown>>;

/** The event of a transition into `status`: an explicit definition, never a computed subject. */
export function quoteStatusEvent(status: QuoteStatus): (typeof QUOTE_STATUS_EVENTS)[keyof typeof QUOTE_STATUS_EVENTS] {
  const event = Object.hasOwn(QUOTE_STATUS_EVENTS, status) ? QUOTE_STATUS_EVENTS[status as keyof typeof QUOTE_STATUS_EVENTS] : undefined;
  if (!event) throw new Error(`no quote event for a transition into '${status}'`);
  return event;
}

/** One approver's decision on one level; `outcome` says where the quote stands after it. */
export const ApprovalDecided = defineEvent(
  'events.quote.approval.decided',
  1,
  z.object({
    number: f.ref,
    level: z.number().int().min(1),
    decision: z.enum(['approve', 'reject']),
    outcome: z.enum(['next_level', 'approved', 'rejected']),
  }),
);

export const CustomerCreated = defineEvent(
  'events.quote.customer.created',
  1,
  z.object({
    customerId: f.ref,
    number: f.ref,
    name: z.string().min(1),
  }),
);

export const CustomerUpdated = defineEvent(
  'events.quote.customer.updated',
  1,
  z.object({
    customerId: f.ref,
    number: f.ref,
    /** Names of the changed fields; the values are in the audit trail. */
    fields: z.array(z.string().min(1)).min(1),
  }),
);

export const ProductCreated = defineEvent(
  'events.quote.product.created',
  1,
  z.object({
    productId: f.ref,
    sku: z.string().min(1),
  }),
);
