import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { EventOf } from '../../../shared/contracts/events.ts';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { InvoiceCancelled, InvoiceIssued, PaymentRecorded } from '../../../shared/contracts/invoicing/events.ts';

/**
 * Open receivables per customer in base currency, projected from invoicing
 * events: the credit-limit rule of the approval policy reads it.
 */
export async function openExposureBase(em: Em, customerId: string): Promise<string> {
  const [row] = await em.execute<{ open_base: string }[]>(`select open_base::text as open_base from customer_exposure where customer_id = ?`, [customerId]);
  return row ? new Decimal(row.open_base).toString() : '0';
}

/** How an invoicing event moves the customer's open receivables (base currency). */
export function exposureDelta(event: EventOf<typeof InvoiceIssued | typeof PaymentRecorded | typeof InvoiceCancelled>): string {
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
  }
}

export const exposureConsumer = defineConsumer('quote-exposure', [InvoiceIssued, PaymentRecorded, InvoiceCancelled], async (tx, event) => {
  await tx.execute(
    `insert into customer_exposure (customer_id, open_base) values (?, ?)
     on conflict (customer_id) do update set open_base = customer_exposure.open_base + excluded.open_base`,
    [event.data.customerId, exposureDelta(event)],
    'run',
  );
});
