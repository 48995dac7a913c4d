import { log } from '@temporalio/workflow';
import { durationMs } from '../../../shared/durations.ts';
import { endOfBerlinDay } from '../../../shared/dates.ts';
import type { InvoiceFacts } from '../sale.contract.ts';
import type { BilledInvoice } from './sale-progress.ts';
import { act, type SaleContext } from './sale-context.ts';

/**
 * Dunning (Mahnwesen) as timers of the sale: once an open invoice passes the
 * end of its due date, each level's delay later the sale asks the invoicing
 * service for that level's reminder. The invoicing service issues one only
 * while the invoice is still open, so a payment (or a credit note) stops
 * dunning; the sale stops asking once it hears the invoice is settled.
 */

/** When an invoice becomes overdue: the end of its due date in Berlin. */
export function dueAtOf(inv: Pick<InvoiceFacts, 'dueDate'>): { dueAt?: string } {
  return inv.dueDate ? { dueAt: endOfBerlinDay(inv.dueDate).toISOString() } : {};
}

function open(ctx: SaleContext): BilledInvoice[] {
  return ctx.ledger.invoices.filter((i) => i.status === 'open' && i.dueAt);
}

/**
 * The instant of the next reminder and its invoice: before the levels are
 * known, the first due instant (the levels are read then); after, each open
 * invoice's next level.
 */
export function nextReminder(ctx: SaleContext): { at: number; invoice: BilledInvoice } | undefined {
  const levels = ctx.ledger.dunningLevels;
  let next: { at: number; invoice: BilledInvoice } | undefined;
  for (const inv of open(ctx)) {
    const done = inv.reminded ?? 0;
    if (levels && done >= levels.length) continue;
    const at = Date.parse(inv.dueAt!) + (levels ? durationMs(levels[done]!.afterDue) : 0);
    if (!next || at < next.at) next = { at, invoice: inv };
  }
  return next;
}

export function remindersDue(ctx: SaleContext): boolean {
  const next = nextReminder(ctx);
  return next !== undefined && next.at <= Date.now();
}

/** The timer's summary in the Temporal UI: "Zahlungserinnerung zu RE-2026-00042". */
export function reminderSummary(ctx: SaleContext, invoice: BilledInvoice): string {
  const level = ctx.ledger.dunningLevels?.[invoice.reminded ?? 0];
  return level ? `${level.title} zu ${invoice.number}` : `Rechnung ${invoice.number} fällig`;
}

/** Sends every reminder that is due, one level per invoice and pass; a failure is logged and tried again at the next pass. */
export async function sendReminders(ctx: SaleContext): Promise<void> {
  await ctx.exclusive(async () => {
    const l = ctx.ledger;
    l.dunningLevels ??= await act('Mahnstufen lesen').getDunningLevels();
    for (const inv of open(ctx)) {
      const done = inv.reminded ?? 0;
      const level = l.dunningLevels[done];
      if (!level || Date.parse(inv.dueAt!) + durationMs(level.afterDue) > Date.now()) continue;
      try {
        const r = await act(`${level.title} zu ${inv.number}`).remind({
          invoiceNumber: inv.number,
          level: done + 1,
          idempotencyKey: ctx.key(inv.number, 'reminder', done + 1),
        });
        if (r.reason === 'settled') inv.reminded = l.dunningLevels.length;
        else if (r.reason === 'not_due') inv.dueAt = new Date(Date.now() + 3_600_000).toISOString();
        else {
          inv.reminded = done + 1;
          if (r.number && !ctx.state.documents.includes(r.number)) ctx.state.documents.push(r.number);
        }
      } catch (err) {
        log.error(`reminder ${done + 1} for ${inv.number} failed`, { error: String(err) });
        // Not before an hour from now, so a broken invoicing service is not asked in a loop.
        inv.dueAt = new Date(Date.now() + 3_600_000 - (l.dunningLevels[done] ? durationMs(l.dunningLevels[done].afterDue) : 0)).toISOString();
      }
    }
  });
}
