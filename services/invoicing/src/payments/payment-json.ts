import { Decimal } from 'decimal.js';
import type { Payment } from '../../../../shared/contracts/invoicing/index.ts';
import { toAmountString } from '../../../../shared/money.ts';
import type { PaymentRow } from '../entities.ts';

/** A payment as the invoice shows it: what was booked, what arrived, what went to credit, the Skonto it earned. */
export function paymentJson(p: PaymentRow, currency: string): Payment {
  const received = p.receivedAmount ?? p.amount;
  return {
    id: p.id,
    amount: toAmountString(p.amount, currency),
    kind: p.kind ?? 'transfer',
    receivedAmount: toAmountString(received, currency),
    excessAmount: toAmountString(new Decimal(received).minus(p.amount), currency),
    discountAmount: toAmountString(p.discountAmount ?? 0, currency),
    providerEventId: p.providerEventId ?? null,
    receivedAt: p.receivedAt,
    reference: p.reference ?? null,
  };
}
