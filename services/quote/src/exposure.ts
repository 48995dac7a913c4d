import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { EventOf } from '../../../shared/contracts/events.ts';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { CorrectionIssued, InvoiceCancelled, InvoiceIssued, PaymentRecorded, RefundRecorded } from '../../../shared/contracts/invoicing/events.ts';

/**
 * Open receivables per customer in base currency, projected from invoicing
 * events: the credit-limit rule of the approval policy reads it.
 */
export async function openExposureBase(em: Em, customerId: string): Promise<string> {
  const [row] = await em.execute<{ open_base: string }[]>(`select open_base::text as open_base from customer_exposure where customer_id = ?`, [customerId]);
  return row ? new Decimal(row.open_base).toString() : '0';
}

/** The invoicing events the projection reads. */
export type ExposureEvent = EventOf<typeof InvoiceIssued | typeof PaymentRecorded | typeof InvoiceCancelled | typeof CorrectionIssued | typeof RefundRecorded>;

/**
 * How an invoicing event moves the customer's open receivables (base currency). A credit note
 * lowers them by what it credits (its gross is negative); where it credits more than was open,
 * the customer's balance goes below zero by what is owed back, until the refund restores it.
 * A cancellation invoice moves nothing: its InvoiceCancelled takes the open amount back.
 */
export function exposureDelta(event: ExposureEvent): string {
  switch (event.subject) {
    case InvoiceIssued.subject:
      return event.data.grossBase;
    case PaymentRecorded.subject:
      return new Decimal(event.data.amountBase)
        .plus(event.data.discountBase ?? 0)
        .neg()
        .toString();
    case InvoiceCancelled.subject:
      return new Decimal(event.data.openBase).neg().toString();
    case CorrectionIssued.subject:
      // The part booked to the customer's credit balance leaves the receivables like an over-payment's excess: never below zero.
      return event.data.kind === 'credit_note' ? new Decimal(event.data.grossBase).plus(event.data.excessBase ?? 0).toString() : '0';
    case RefundRecorded.subject:
      return event.data.amountBase;
  }
}

export const exposureConsumer = defineConsumer(
  'quote-exposure',
  [InvoiceIssued, PaymentRecorded, InvoiceCancelled, CorrectionIssued, RefundRecorded],
  async (tx, event) => {
    await tx.execute(
      `insert into customer_exposure (customer_id, open_base) values (?, ?)
     on conflict (customer_id) do update set open_base = customer_exposure.open_base + excluded.open_base`,
      [event.data.customerId, exposureDelta(event)],
      'run',
    );
  },
);
