import { endOfBerlinDay } from '../../../shared/dates.ts';
import {
  COMBINED_INVOICE_WORKFLOW,
  combinedInvoiceWorkflowId,
  createDeliveryNoteUpdate,
  SALE_WORKFLOW,
  saleWorkflowId,
  shipDeliveryNoteUpdate,
  type CombinedInvoiceInput,
  type InvoiceFacts,
  type SaleInput,
} from '../../../workflows/src/sale.contract.ts';
import type { saleWorkflow } from '../../../workflows/src/workflows/sale.workflow.ts';
import { saleStartOptions } from '../../../services/gateway/src/sale-starter.ts';
import { actor, orderSale, update, type SaleHandle, type SaleTestEnv } from './sale-env.ts';

export const warehouse = actor('wera', 'warehouse');
export const accounting = actor('anton', 'accounting');

/**
 * Sales that a combined invoice (Sammelrechnung) can bill: the coordinating workflow signals `sale:<number>`, as in
 * production, so these sales run under that ID (each file's series keeps them apart). `env` is read when called,
 * after the file's beforeAll made it.
 */
export function combinedSales(env: () => SaleTestEnv, name: string) {
  const taskQueue = `sale-test-${name}`;
  const startSale = (input: SaleInput) =>
    env().client.workflow.start<typeof saleWorkflow>(SALE_WORKFLOW, {
      ...saleStartOptions(input, 'ordered'),
      taskQueue,
      workflowId: saleWorkflowId(input.orderNumber!),
      args: [input],
    });
  /** Runs the coordinating workflow to its end: the invoice it issued. */
  const combine = (requestKey: string, deliveryNoteNumbers: string[]) =>
    env().client.workflow.execute<(i: CombinedInvoiceInput) => Promise<InvoiceFacts>>(COMBINED_INVOICE_WORKFLOW, {
      taskQueue,
      workflowId: combinedInvoiceWorkflowId(requestKey),
      args: [{ deliveryNoteNumbers, requestKey, ...accounting }],
    });
  /** A direct order of one line, its sale started, its delivery note created and shipped. */
  async function shippedOrder(unitPrice: string, quantity = '2'): Promise<{ handle: SaleHandle; note: string }> {
    const order = env().fake.createDirectOrder([{ quantity, unitPrice }]);
    const handle = await startSale(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...warehouse });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...warehouse });
    return { handle, note: note.number };
  }
  return { startSale, combine, shippedOrder };
}

/**
 * Dunning levels for an invoice due on `dueDate`, which count from the end of that day: `schedule()` sets them to fall
 * 5 s, 8 s and 120 s from now. Call it when the invoice is issued, not when the file loads (on a busy machine that can
 * be seconds earlier). The fake services answer this very array.
 */
export function dunningLevels(dueDate: string) {
  const levels: { title: string; afterDue: string }[] = [];
  const schedule = () => {
    const sinceDue = Date.now() - endOfBerlinDay(dueDate).getTime();
    levels.splice(
      0,
      levels.length,
      { title: 'Zahlungserinnerung', afterDue: `${sinceDue + 5_000}ms` },
      { title: '1. Mahnung', afterDue: `${sinceDue + 8_000}ms` },
      { title: '2. Mahnung', afterDue: `${sinceDue + 120_000}ms` },
    );
  };
  return { levels, schedule };
}
