import { log } from '@temporalio/workflow';
import type { SalesOrder } from '../../../shared/contracts/order.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment.ts';
import type { Invoice } from '../../../shared/contracts/invoicing.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { endOfBerlinDay, addDays } from '../../../shared/dates.ts';
import {
  cancelInvoiceUpdate, cancelOrderUpdate, createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate,
} from '../sale.contract.ts';
import { act, refuse, type SaleContext } from './sale-context.ts';
import { deliveryStage, isSettled } from './sale-progress.ts';

const AFTER_ORDER = ['ordered', 'partially_delivered', 'delivered', 'invoiced'] as const;

/** Takes over what the sale needs to know of its order: the goods lines, its type and its schedule. */
export function adoptOrder(ctx: SaleContext, order: SalesOrder): void {
  ctx.ledger.orderLines.push(...order.lines.filter((l) => l.kind !== 'charge').map((l) => ({ position: l.position, quantity: l.quantity })));
  ctx.ledger.pendingSchedule.push(...order.schedule);
  ctx.ledger.automationDone = false;
  ctx.state.orderType = order.orderType;
}

/** Closes the sale once everything shipped is invoiced and every live invoice is paid. */
function settleIfDone(ctx: SaleContext): void {
  const l = ctx.ledger;
  if (isSettled(l.orderLines, l.shipments, l.invoices)) ctx.moveTo('paid');
}

async function createNote(ctx: SaleContext, lines: { orderPosition: number; quantity: string }[] | undefined, actor: Actor | undefined): Promise<DeliveryNote> {
  const s = ctx.state;
  const order = await act.getOrder(s.orderNumber!);
  const note = await act.createDeliveryNote({ order, ...(lines ? { lines } : {}), actor, idempotencyKey: ctx.nextKey(s.orderNumber!, 'delivery') });
  s.deliveryNoteNumbers.push(note.number);
  s.documents.push(note.number);
  return note;
}

async function shipNote(ctx: SaleContext, req: { number: string; carrier: string; trackingNumber?: string }, actor: Actor | undefined): Promise<DeliveryNote> {
  const note = await act.shipDeliveryNote({ ...req, actor, idempotencyKey: ctx.key(req.number, 'ship') });
  const l = ctx.ledger;
  if (!l.shipments.some((x) => x.deliveryNote === note.number)) {
    l.shipments.push({ deliveryNote: note.number, lines: note.lines.map((x) => ({ orderPosition: x.orderPosition, quantity: x.quantity })) });
  }
  const stage = deliveryStage(l.orderLines, l.shipments.flatMap((x) => x.lines));
  if (ctx.state.stage !== 'invoiced' || stage === 'delivered') ctx.moveTo(stage);
  settleIfDone(ctx);
  return note;
}

/** An invoice bills delivery notes; after a cancelled invoice the same notes are billed again under a new key. */
function invoiceKey(ctx: SaleContext, notes: string[]): string {
  const again = ctx.ledger.invoices.filter((i) => i.status === 'cancelled' && i.deliveryNotes.some((n) => notes.includes(n))).length;
  return ctx.key(ctx.state.orderNumber!, 'invoice', [...notes].sort().join('+'), ...(again > 0 ? [again + 1] : []));
}

async function invoice(ctx: SaleContext, numbers: string[], actor: Actor | undefined): Promise<Invoice> {
  const s = ctx.state;
  const order = await act.getOrder(s.orderNumber!);
  const notes: DeliveryNote[] = [];
  for (const n of numbers) notes.push(await act.getDeliveryNote(n));
  const inv = await act.createInvoice({ order, deliveryNotes: notes, actor, idempotencyKey: invoiceKey(ctx, numbers) });
  if (!s.invoiceNumbers.includes(inv.number)) {
    s.invoiceNumbers.push(inv.number);
    ctx.ledger.invoices.push({ number: inv.number, deliveryNotes: [...inv.deliveryNoteNumbers], status: inv.status === 'paid' ? 'paid' : 'open' });
  }
  if (!s.documents.includes(inv.number)) s.documents.push(inv.number);
  ctx.moveTo('invoiced');
  settleIfDone(ctx);
  return inv;
}

async function pay(ctx: SaleContext, req: { invoiceNumber: string; amount: string; receivedAt?: string; reference?: string }, actor: Actor | undefined): Promise<Invoice> {
  const inv = await act.recordPayment({
    number: req.invoiceNumber, amount: req.amount, ...(req.receivedAt ? { receivedAt: req.receivedAt } : {}), ...(req.reference ? { reference: req.reference } : {}),
    actor, idempotencyKey: ctx.nextKey(req.invoiceNumber, 'payment'),
  });
  const billed = ctx.ledger.invoices.find((i) => i.number === inv.number);
  if (billed && inv.status === 'paid') billed.status = 'paid';
  settleIfDone(ctx);
  return inv;
}

/** Warehouse and accounting steps: delivery notes, shipping, invoices, payments. */
export function registerOrderHandlers(ctx: SaleContext): void {
  const s = ctx.state;
  const partOfSale = (list: string[], n: string, what: string) => {
    if (!list.includes(n)) refuse(422, 'not_part_of_sale', `${what} ${n} is not part of sale ${s.saleNumber}`);
  };

  // Only an order with nothing shipped yet can be cancelled; later, returns and credit notes correct it.
  ctx.step(cancelOrderUpdate, () => {
    ctx.requireStage('ordered');
    if (ctx.ledger.shipments.length > 0) refuse(409, 'invalid_stage', `order ${s.orderNumber} has shipped goods and can no longer be cancelled`);
  }, async (req) => {
    const order = await act.cancelOrder({ number: s.orderNumber!, reason: req.reason, actor: req.actor, idempotencyKey: ctx.key(s.orderNumber!, 'cancel') });
    ctx.moveTo('cancelled');
    return order;
  });

  ctx.step(createDeliveryNoteUpdate, () => ctx.requireStage(...AFTER_ORDER), (req) => createNote(ctx, req.lines, req.actor));

  ctx.step(shipDeliveryNoteUpdate, (req) => {
    ctx.requireStage(...AFTER_ORDER);
    partOfSale(s.deliveryNoteNumbers, req.number, 'delivery note');
  }, (req) => shipNote(ctx, req, req.actor));

  ctx.step(createInvoiceUpdate, (req) => {
    ctx.requireStage(...AFTER_ORDER);
    req.deliveryNoteNumbers.forEach((n: string) => partOfSale(s.deliveryNoteNumbers, n, 'delivery note'));
  }, (req) => invoice(ctx, req.deliveryNoteNumbers, req.actor));

  ctx.step(recordPaymentUpdate, (req) => {
    ctx.requireStage(...AFTER_ORDER);
    partOfSale(s.invoiceNumbers, req.invoiceNumber, 'invoice');
  }, (req) => pay(ctx, req, req.actor));

  ctx.step(cancelInvoiceUpdate, (req) => {
    ctx.requireStage(...AFTER_ORDER);
    partOfSale(s.invoiceNumbers, req.invoiceNumber, 'invoice');
  }, async (req) => {
    const inv = await act.cancelInvoice({ number: req.invoiceNumber, reason: req.reason, actor: req.actor, idempotencyKey: ctx.key(req.invoiceNumber, 'cancel') });
    const billed = ctx.ledger.invoices.find((i) => i.number === inv.number);
    if (billed) billed.status = 'cancelled';
    settleIfDone(ctx);
    return inv;
  });
}

/**
 * What each order type does by itself once the order exists: a cash sale is
 * handed over and paid at once; a rush order alerts the warehouse; a
 * drop-ship order is handed to its supplier. Run once, by the main loop, which
 * awaits it. A failure is logged and leaves the steps to the staff: the sale
 * itself goes on.
 */
export async function runOrderAutomation(ctx: SaleContext): Promise<void> {
  const s = ctx.state;
  const orderNumber = s.orderNumber!;
  try {
    if (s.orderType === 'cash_sale') {
      await ctx.exclusive(async () => {
        // An Update queued before this step may have cancelled the order or delivered by hand.
        if (s.stage !== 'ordered' || s.deliveryNoteNumbers.length > 0) return;
        const note = await createNote(ctx, undefined, undefined);
        await shipNote(ctx, { number: note.number, carrier: 'Abholung' }, undefined);
        const inv = await invoice(ctx, [note.number], undefined);
        await pay(ctx, { invoiceNumber: inv.number, amount: inv.totals.gross, reference: 'Barzahlung' }, undefined);
      });
    } else if (s.orderType === 'rush') {
      const order = await act.getOrder(orderNumber);
      await act.notify({ recipient: 'role:warehouse', kind: 'rush_order', subject: `Eilauftrag ${order.number}: heute versenden`, documentNumber: order.number, details: { dueDate: order.dueDate }, idempotencyKey: ctx.key(orderNumber, 'rush-alert') });
    } else if (s.orderType === 'drop_ship') {
      const order = await act.getOrder(orderNumber);
      if (order.supplier) {
        await act.notify({
          recipient: `supplier:${order.supplier.name}`, kind: 'drop_ship_order', subject: `Streckengeschäft ${order.number}: Lieferung direkt an ${order.customer.name}`,
          documentNumber: order.number, details: { shipTo: order.customer.shippingAddress, lines: order.lines.filter((l) => l.kind !== 'charge').map((l) => ({ sku: l.sku, quantity: l.quantity, unit: l.unit })) },
          idempotencyKey: ctx.key(orderNumber, 'drop-ship'),
        });
      }
    }
  } catch (err) {
    log.error(`automatic steps of ${s.orderType} order ${orderNumber} failed; staff must finish them`, { error: String(err) });
  }
  ctx.ledger.automationDone = true;
}

/** When the next schedule date begins (Europe/Berlin), or undefined when no line is pending. */
export function nextScheduleStart(ctx: SaleContext): number | undefined {
  const dates = ctx.ledger.pendingSchedule.map((l) => l.date).sort();
  return dates.length ? endOfBerlinDay(addDays(dates[0]!, -1)).getTime() : undefined;
}

/** Surfaces the schedule lines whose date has begun and tells the warehouse, one notice per date. */
export async function surfaceDueSchedule(ctx: SaleContext): Promise<void> {
  const l = ctx.ledger;
  for (;;) {
    const startsAt = nextScheduleStart(ctx);
    if (startsAt === undefined || startsAt > Date.now()) return;
    const date = l.pendingSchedule.map((x) => x.date).sort()[0]!;
    const due = l.pendingSchedule.filter((x) => x.date === date);
    l.pendingSchedule = l.pendingSchedule.filter((x) => x.date !== date);
    ctx.state.dueScheduleLines.push(...due);
    const orderNumber = ctx.state.orderNumber!;
    try {
      await act.notify({ recipient: 'role:warehouse', kind: 'schedule_line_due', subject: `Lieferplan ${orderNumber}: ${due.length} Position(en) fällig am ${date}`, documentNumber: orderNumber, details: { date, lines: due }, idempotencyKey: ctx.key(orderNumber, 'schedule', date) });
    } catch (err) {
      log.error(`warehouse notice for schedule date ${date} of ${orderNumber} failed`, { error: String(err) });
    }
  }
}
