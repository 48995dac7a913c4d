import { StateMachine } from '../../../../shared/state-machine.ts';
import type { QuoteStatus } from '../../../../shared/contracts/quote.ts';

export type QuoteAction = 'send' | 'accept' | 'reject' | 'expire' | 'cancel' | 'convert';

/** Quote lifecycle: only an accepted quote becomes an order, and only once. */
export const quoteStates = new StateMachine<QuoteStatus, QuoteAction>('quote', {
  draft: { send: 'sent', cancel: 'cancelled' },
  sent: { accept: 'accepted', reject: 'rejected', expire: 'expired', cancel: 'cancelled' },
  accepted: { convert: 'converted' },
  rejected: {},
  expired: {},
  cancelled: {},
  converted: {},
});
