import { log, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { SearchKeys, stockAvailableSignal } from '../sale.contract.ts';
import { act, type SaleContext } from './sale-context.ts';

/**
 * Backorders as the sale watches them. A shipment that leaves positions waiting
 * for stock says so in its facts; the sale keeps them (state `awaitingStock`,
 * search attribute KontorAwaitingStock). When a goods receipt reserves stock for
 * them, the fulfillment service records an event, the gateway signals the sale,
 * and the main loop tells the warehouse once that they can ship, then stops waiting.
 * Sales whose shipments leave nothing on backorder never take this path.
 */

export function registerStockHandlers(ctx: SaleContext): void {
  setHandler(stockAvailableSignal, ({ positions }) => {
    const waiting = ctx.state.awaitingStock ?? [];
    const served = positions.filter((p) => waiting.includes(p));
    if (served.length === 0) return; // not (or no longer) waiting: a receipt before the shipment, or a repeated event
    const pending = (ctx.ledger.stockAvailable ??= []);
    for (const p of served) if (!pending.includes(p)) pending.push(p);
    // Wakes the main loop, which tells the warehouse.
    ctx.epoch += 1;
  });
}

/** Sets the positions that wait for stock; the search attribute changes only when waiting starts or ends. */
export function setAwaitingStock(ctx: SaleContext, positions: number[]): void {
  const before = (ctx.state.awaitingStock?.length ?? 0) > 0;
  if (positions.length > 0 || ctx.state.awaitingStock) ctx.state.awaitingStock = [...positions].sort((a, b) => a - b);
  if (ctx.ledger.stockAvailable) ctx.ledger.stockAvailable = ctx.ledger.stockAvailable.filter((p) => positions.includes(p));
  const now = positions.length > 0;
  if (before !== now) upsertSearchAttributes([{ key: SearchKeys.awaitingStock, value: now }]);
}

/** A position no longer waits for stock (shipped, cancelled). */
export function stopAwaitingStock(ctx: SaleContext, position: number): void {
  if (!ctx.state.awaitingStock?.includes(position)) return;
  setAwaitingStock(
    ctx,
    ctx.state.awaitingStock.filter((p) => p !== position),
  );
}

export function stockNoticePending(ctx: SaleContext): boolean {
  return (ctx.ledger.stockAvailable?.length ?? 0) > 0;
}

/** Tells the warehouse, once, that backordered positions can ship now, and stops waiting for them. */
export async function announceStockAvailable(ctx: SaleContext): Promise<void> {
  const orderNumber = ctx.state.orderNumber!;
  const positions = [...(ctx.ledger.stockAvailable ?? [])].sort((a, b) => a - b);
  ctx.ledger.stockAvailable = [];
  const list = positions.join(', ');
  try {
    await act(`Lager: Rückstand ${orderNumber} Pos. ${list} wieder verfügbar`).notify({
      recipient: 'role:warehouse',
      kind: 'backorder_available',
      subject: `Rückstand ${orderNumber}: Pos. ${list} jetzt lieferbar`,
      documentNumber: orderNumber,
      details: { orderPositions: positions },
      // Once per positions and shipment that left them waiting: a later backorder of the same position is told again.
      idempotencyKey: ctx.key(orderNumber, 'backorder-available', positions.join('+'), ctx.ledger.shipments.length),
    });
  } catch (err) {
    log.error(`warehouse notice for available backorders of ${orderNumber} failed`, { error: String(err) });
  }
  setAwaitingStock(
    ctx,
    (ctx.state.awaitingStock ?? []).filter((p) => !positions.includes(p)),
  );
}
