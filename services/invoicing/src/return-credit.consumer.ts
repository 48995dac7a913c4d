import type { Em } from '../../../shared/db/orm.ts';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../../shared/db/audit.ts';
import { ReturnReceived } from '../../../shared/contracts/fulfillment/events.ts';
import type { EventOf } from '../../../shared/contracts/events.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { InvoiceEntity } from './entities.ts';
import { allocateReturn } from './domain/corrections.ts';
import { issueCreditNote } from './correction.service.ts';

/**
 * Returned goods are credited: for each invoice that billed them, one credit
 * note (RK) for exactly the returned quantities at that invoice's prices. The
 * inbox runs an event once; a return already credited (the same return seen
 * under another event id) is skipped, and a unique index on (return, invoice)
 * backs that up. Returned quantity that no live invoice bills (returned before
 * it was invoiced, or billed only by a cancelled invoice) gets no credit note:
 * there is nothing to take back. It is recorded in the return's audit trail
 * (`not_credited`) for accounting; an invoice issued later still bills what was
 * shipped, so accounting corrects that invoice by a credit note by API.
 * Only invoices of deliveries are credited by returns: a down-payment or
 * progress invoice bills a share, not goods, and the final invoice's lines
 * are the whole order less deductions, so those are corrected by API.
 */
export async function creditReturn(tx: Em, event: EventOf<typeof ReturnReceived>): Promise<string[]> {
  const { number, orderNumber, lines } = event.data;
  if (await tx.count(InvoiceEntity, { returnNumber: number })) return [];
  const invoices = await tx.find(
    InvoiceEntity,
    { orderNumber, status: { $ne: 'cancelled' }, kind: 'invoice' },
    { orderBy: { createdAt: 'asc', number: 'asc' } },
  );
  const corrections = await tx.find(InvoiceEntity, { refersTo: { $in: invoices.map((i) => i.number) }, kind: 'credit_note' });
  const { perInvoice, uncredited } = allocateReturn(
    lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })),
    invoices.map((i) => ({ number: i.number, lines: i.lines, earlier: corrections.filter((c) => c.refersTo === i.number) })),
  );
  const reason = `Retoure ${number}, eingegangen am ${berlinDate(new Date(event.data.receivedAt)).split('-').reverse().join('.')}`;
  const issued: string[] = [];
  for (const { number: invoiceNumber, requests } of perInvoice) {
    const rk = await issueCreditNote(tx, invoiceNumber, { reason, requests, over: 'cap', returnNumber: number }, SYSTEM_ACTOR);
    if (rk) issued.push(rk.number);
  }
  if (uncredited.length) {
    await recordAudit(tx, { aggregateType: 'return', aggregateId: number, action: 'not_credited', actor: SYSTEM_ACTOR, details: { orderNumber, uncredited } });
  }
  return issued;
}

export const returnCreditConsumer = defineConsumer('invoicing-return-credit', [ReturnReceived], async (tx, event) => {
  await creditReturn(tx, event);
});
