import type { Em } from '../../../shared/db/orm.ts';
import { defineConsumer } from '../../../shared/db/inbox.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../../shared/db/audit.ts';
import { ReturnReceived } from '../../../shared/contracts/fulfillment/events.ts';
import type { EventOf } from '../../../shared/contracts/events.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { InvoiceEntity } from './entities.ts';
import { allocateReturn } from './domain/corrections.ts';
import { issueCreditNote } from './correction.service.ts';
import { invoicesOfOrder, linesOfOrder } from './invoice.service.ts';

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
 * Invoices of deliveries (also combined ones, on this order's lines) and the
 * final invoice (its lines are the whole order, at the order's prices; its
 * deductions stay) are credited by returns; a down-payment or progress
 * invoice bills a share, not goods: what only such shares billed is not
 * credited, with the reason in the audit trail (whyNotCredited).
 */
export async function creditReturn(tx: Em, event: EventOf<typeof ReturnReceived>): Promise<string[]> {
  const { number, orderNumber, lines } = event.data;
  if (await tx.count(InvoiceEntity, { returnNumber: number })) return [];
  const live = await invoicesOfOrder(tx, orderNumber, { status: { $ne: 'cancelled' }, refersTo: null });
  // Goods are billed by delivery invoices (also combined ones: only this order's lines) and by the final invoice, which lists the whole order.
  const invoices = live.filter((i) => GOODS_INVOICES.has(i.kind));
  const corrections = await tx.find(InvoiceEntity, { refersTo: { $in: invoices.map((i) => i.number) }, kind: 'credit_note' });
  const { perInvoice, uncredited } = allocateReturn(
    lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })),
    invoices.map((i) => ({ number: i.number, lines: linesOfOrder(i, orderNumber), earlier: corrections.filter((c) => c.refersTo === i.number) })),
  );
  const reason = `Retoure ${number}, eingegangen am ${berlinDate(new Date(event.data.receivedAt)).split('-').reverse().join('.')}`;
  const issued: string[] = [];
  for (const { number: invoiceNumber, requests } of perInvoice) {
    const rk = await issueCreditNote(tx, invoiceNumber, { reason, requests, over: 'cap', returnNumber: number }, SYSTEM_ACTOR);
    if (rk) issued.push(rk.number);
  }
  if (uncredited.length) {
    const reason = whyNotCredited(live);
    await recordAudit(tx, {
      aggregateType: 'return',
      aggregateId: number,
      action: 'not_credited',
      actor: SYSTEM_ACTOR,
      details: { orderNumber, uncredited, reason: reason.code, explanation: reason.text },
    });
  }
  return issued;
}

/** The kinds of invoice that bill goods per order position, so that a return can be credited on them. */
const GOODS_INVOICES: ReadonlySet<string> = new Set(['invoice', 'final']);

/**
 * Why returned goods got no credit note, for accounting: nothing billed them yet (the next invoice bills
 * only what was shipped less nothing: correct it by API), or only plan shares billed the order (a down
 * payment or progress invoice bills a share of the order, no goods: the final invoice settles the order,
 * so accounting credits the return there, or on a share by a price reduction), or what was billed is
 * credited already.
 */
export function whyNotCredited(live: { kind: string; number: string }[]): { code: string; text: string } {
  const shares = live.filter((i) => i.kind === 'down_payment' || i.kind === 'progress');
  if (!live.some((i) => GOODS_INVOICES.has(i.kind)) && shares.length)
    return {
      code: 'billed_by_plan_shares',
      text: `the goods are billed only by plan shares (${shares.map((i) => i.number).join(', ')}), which bill no positions; credit the return on the final invoice or by a price reduction on a share`,
    };
  if (!live.some((i) => GOODS_INVOICES.has(i.kind)))
    return { code: 'not_invoiced', text: 'no live invoice bills the goods; the next invoice bills what was shipped' };
  return { code: 'nothing_left_to_credit', text: 'the invoices that billed the goods have nothing left to credit on them' };
}

export const returnCreditConsumer = defineConsumer('invoicing-return-credit', [ReturnReceived], async (tx, event) => {
  await creditReturn(tx, event);
});
