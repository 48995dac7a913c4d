import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import type { EventEnvelope } from '../../../shared/db/outbox.ts';

/**
 * Open receivables per customer in base currency, projected from invoicing
 * events: the credit-limit rule of the approval policy reads it.
 */
export async function openExposureBase(em: Em, customerId: string): Promise<string> {
  const [row] = await em.execute<{ open_base: string }[]>(`select open_base::text as open_base from customer_exposure where customer_id = ?`, [customerId]);
  return row ? new Decimal(row.open_base).toString() : '0';
}

export async function onInvoicingEvent(tx: Em, event: EventEnvelope): Promise<void> {
  const d = event.data as { customerId?: string; grossBase?: string; amountBase?: string; openBase?: string };
  if (!d.customerId) return;
  const delta =
    event.subject === 'events.invoicing.invoice.issued' ? d.grossBase
    : event.subject === 'events.invoicing.payment.recorded' ? new Decimal(d.amountBase ?? '0').neg().toString()
    : event.subject === 'events.invoicing.invoice.cancelled' ? new Decimal(d.openBase ?? '0').neg().toString()
    : null;
  if (!delta) return;
  await tx.execute(
    `insert into customer_exposure (customer_id, open_base) values (?, ?)
     on conflict (customer_id) do update set open_base = customer_exposure.open_base + excluded.open_base`,
    [d.customerId, delta],
    'run',
  );
}
