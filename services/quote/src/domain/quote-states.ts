import { StateMachine } from '../../../../shared/state-machine.ts';
import type { QuoteStatus } from '../../../../shared/contracts/quote/index.ts';

export type QuoteAction = 'submit' | 'approve' | 'reject_approval' | 'send' | 'revise' | 'edit' | 'accept' | 'reject' | 'expire' | 'cancel' | 'convert';

/**
 * Quote lifecycle. An edit of a draft or approved quote stays in the same
 * revision (approved falls back to draft); revising a sent or expired quote
 * starts revision n+1 as a draft. Only an accepted quote becomes an order.
 * Whether `send` from draft is allowed also depends on approvals (guarded in the service).
 */
export const quoteStates = new StateMachine<QuoteStatus, QuoteAction>('quote', {
  draft: { submit: 'pending_approval', send: 'sent', edit: 'draft', cancel: 'cancelled' },
  pending_approval: { approve: 'approved', reject_approval: 'draft', cancel: 'cancelled' },
  approved: { send: 'sent', edit: 'draft', cancel: 'cancelled' },
  sent: { accept: 'accepted', reject: 'rejected', expire: 'expired', revise: 'draft', cancel: 'cancelled' },
  accepted: { convert: 'converted' },
  rejected: {},
  expired: { revise: 'draft' },
  cancelled: {},
  converted: {},
});

/** Quotes still in the pipeline count towards the forecast. */
export const OPEN_QUOTE_STATES: readonly QuoteStatus[] = ['draft', 'pending_approval', 'approved', 'sent'];
