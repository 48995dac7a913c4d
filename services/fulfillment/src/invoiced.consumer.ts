import { Decimal } from 'decimal.js';
import type { Em } from '../../../shared/db/orm.ts';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { InvoiceCancelled, InvoiceIssued } from '../../../shared/contracts/invoicing/events.ts';

/**
 * The invoiced quantity per order line, for the order's fulfilment view: an issued
 * invoice records what it bills per position, its cancellation takes that back. One
 * durable consumer for both, so they apply in order; either arriving first still
 * ends with the invoice cancelled and its lines known.
 */
export const invoicedConsumer = defineConsumer('fulfillment-invoiced', [InvoiceIssued, InvoiceCancelled], async (tx, event) => {
  switch (event.subject) {
    case InvoiceIssued.subject: {
      // A combined invoice (Sammelrechnung) bills several orders, each its own lines.
      const parts = event.data.parts?.length ? event.data.parts : [{ orderNumber: event.data.orderNumber, lines: event.data.lines }];
      for (const p of parts) {
        await tx.execute(
          `insert into invoice_billing (invoice_number, order_number, lines) values (?, ?, ?::jsonb)
           on conflict (invoice_number, order_number) do update set lines = excluded.lines`,
          [event.data.number, p.orderNumber, JSON.stringify(p.lines)],
          'run',
        );
      }
      return;
    }
    case InvoiceCancelled.subject:
      for (const orderNumber of event.data.orderNumbers?.length ? event.data.orderNumbers : [event.data.orderNumber]) {
        await tx.execute(
          `insert into invoice_billing (invoice_number, order_number, cancelled) values (?, ?, true)
           on conflict (invoice_number, order_number) do update set cancelled = true`,
          [event.data.number, orderNumber],
          'run',
        );
      }
      return;
  }
});

/** What the live (not cancelled) invoices of an order bill per order position. */
export async function invoicedPositions(em: Em, orderNumber: string): Promise<Map<number, Decimal>> {
  const rows = await em.execute<{ lines: { orderPosition: number; quantity: string }[] }[]>(
    `select lines from invoice_billing where order_number = ? and not cancelled`,
    [orderNumber],
  );
  const out = new Map<number, Decimal>();
  for (const l of rows.flatMap((r) => r.lines)) out.set(l.orderPosition, (out.get(l.orderPosition) ?? new Decimal(0)).plus(l.quantity));
  return out;
}
