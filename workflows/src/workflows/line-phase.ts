import { cancelOrderLineUpdate } from '../sale.contract.ts';
import { act, type SaleContext } from './sale-context.ts';
import { AFTER_ORDER, settleIfDone } from './order-phase.ts';
import { stopAwaitingProduction } from './production-phase.ts';
import { stopAwaitingStock } from './stock-phase.ts';

/**
 * Cancelling (part of) an order line. The order service decides what may be
 * cancelled (not shipped, on no delivery note) and records it; the sale stops
 * waiting for a line with nothing left to ship, and is delivered when shipped and
 * cancelled quantities cover the order. An Update, so that it queues with the
 * delivery notes and shipments of the same sale.
 */
export function registerLineHandlers(ctx: SaleContext): void {
  const s = ctx.state;
  ctx.step(
    cancelOrderLineUpdate,
    () => ctx.requireStage(...AFTER_ORDER),
    async (req) => {
      const orderNumber = s.orderNumber!;
      const facts = await act(`Auftrag ${orderNumber} Pos. ${req.position} stornieren`).cancelOrderLine({
        orderNumber,
        position: req.position,
        ...(req.quantity ? { quantity: req.quantity } : {}),
        reason: req.reason,
        actor: req.actor,
        idempotencyKey: ctx.nextKey(orderNumber, `line-cancel:${req.position}`),
      });
      if (!facts.lineOpen) stopAwaitingProduction(ctx, req.position);
      if (!facts.awaitingStock) stopAwaitingStock(ctx, req.position);
      if (facts.orderComplete && !ctx.ledger.delivered) {
        ctx.ledger.delivered = true;
        if (s.stage !== 'invoiced') ctx.moveTo('delivered');
        settleIfDone(ctx);
      }
      // Wakes the main loop, which looks at what is still awaited.
      ctx.epoch += 1;
      return facts;
    },
  );
}
