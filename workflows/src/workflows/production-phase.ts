import { log, setHandler } from '@temporalio/workflow';
import { goodsReceivedSignal, promisedDateChangedSignal, type OrderFacts } from '../sale.contract.ts';
import { act, type SaleContext } from './sale-context.ts';

/**
 * Make-to-order lines as the sale watches them. The sale learns them when it
 * adopts its order; the gateway signals when the goods of one were received
 * (the fulfillment service keeps the release and refuses to ship before). The
 * main loop keeps a timer until the earliest promised date of a waiting line
 * and tells the planners once per line and date when it passes without goods.
 * Orders without make-to-order lines never take this path, so the histories of
 * sales from before it replay unchanged.
 */

export function registerProductionHandlers(ctx: SaleContext): void {
  setHandler(goodsReceivedSignal, ({ position }) => {
    const l = ctx.ledger;
    // The goods may arrive before the sale has adopted its order (a direct order's sale reads it at start): remember them.
    if (!(l.goodsReceived ??= []).includes(position)) l.goodsReceived.push(position);
    stopAwaitingProduction(ctx, position);
  });
  // The promised date moved: the timer follows the new date, and a new overdue notice is due when it passes.
  setHandler(promisedDateChangedSignal, (moved) => {
    const p = ctx.ledger.production?.find((x) => x.position === moved.position);
    if (!p || (p.promisedDate === moved.promisedDate && p.dueAt === moved.dueAt)) return;
    p.promisedDate = moved.promisedDate;
    p.dueAt = moved.dueAt;
    const awaited = ctx.state.awaitingProduction?.find((a) => a.position === moved.position);
    if (awaited) {
      awaited.promisedDate = moved.promisedDate;
      awaited.overdue = false;
    }
    ctx.epoch += 1;
  });
}

/** A line no longer waits for its goods (received, or cancelled). */
export function stopAwaitingProduction(ctx: SaleContext, position: number): void {
  const l = ctx.ledger;
  if (l.production) l.production = l.production.filter((p) => p.position !== position);
  if (ctx.state.awaitingProduction) ctx.state.awaitingProduction = ctx.state.awaitingProduction.filter((p) => p.position !== position);
  // Wakes the main loop, which looks at what is still awaited.
  ctx.epoch += 1;
}

/** Takes over the order's make-to-order lines whose goods have not been received yet. */
export function adoptProduction(ctx: SaleContext, order: OrderFacts): void {
  if (!order.makeToOrder?.length) return;
  const received = ctx.ledger.goodsReceived ?? [];
  const waiting = order.makeToOrder.filter((p) => !received.includes(p.position));
  if (waiting.length === 0) return;
  ctx.ledger.production = waiting;
  ctx.state.awaitingProduction = waiting.map((p) => ({ position: p.position, promisedDate: p.promisedDate, overdue: false }));
}

export function awaitsProduction(ctx: SaleContext): boolean {
  return (ctx.ledger.production?.length ?? 0) > 0;
}

/** The next instant a waiting line's promised date passes that the sale has not flagged yet. */
export function nextProductionDue(ctx: SaleContext): { at: number; position: number; promisedDate: string } | undefined {
  const flagged = new Set((ctx.state.awaitingProduction ?? []).filter((a) => a.overdue).map((a) => a.position));
  const pending = (ctx.ledger.production ?? [])
    .filter((p) => p.dueAt && p.promisedDate && !flagged.has(p.position))
    .sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!));
  const first = pending[0];
  return first ? { at: Date.parse(first.dueAt!), position: first.position, promisedDate: first.promisedDate! } : undefined;
}

/** Flags the waiting lines past their promised date and tells the planners, once per line and date. */
export async function watchProduction(ctx: SaleContext): Promise<void> {
  const orderNumber = ctx.state.orderNumber!;
  const notices = (ctx.ledger.productionNotices ??= []);
  for (const p of ctx.ledger.production ?? []) {
    if (!p.dueAt || !p.promisedDate || Date.parse(p.dueAt) > Date.now()) continue;
    const awaited = ctx.state.awaitingProduction?.find((a) => a.position === p.position);
    if (awaited) awaited.overdue = true;
    const notice = `${p.position}:${p.promisedDate}`;
    if (notices.includes(notice)) continue;
    notices.push(notice);
    try {
      await act(`Fertigung ${orderNumber} Pos. ${p.position} überfällig: Planung benachrichtigen`).notify({
        recipient: 'role:planner',
        kind: 'production_overdue',
        subject: `Fertigung ${orderNumber} Pos. ${p.position} überfällig (zugesagt bis ${p.promisedDate})`,
        documentNumber: orderNumber,
        details: { orderPosition: p.position, promisedDate: p.promisedDate },
        idempotencyKey: ctx.key(orderNumber, 'production-overdue', p.position, p.promisedDate),
      });
    } catch (err) {
      log.error(`overdue notice for position ${p.position} of ${orderNumber} failed`, { error: String(err) });
    }
  }
}
