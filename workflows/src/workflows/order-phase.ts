import { setHandler, sleep } from '@temporalio/workflow';
import type { SalesOrder } from '../../../shared/contracts/order.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment.ts';
import { endOfBerlinDay, addDays } from '../../../shared/dates.ts';
import {
  cancelInvoiceUpdate, cancelOrderUpdate, createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate,
} from '../sale.contract.ts';
import { act, refuse, type SaleContext } from './sale-context.ts';
import { deliveryStage, isSettled } from './sale-progress.ts';

const AFTER_ORDER = ['ordered', 'partially_delivered', 'delivered', 'invoiced'] as const;

async function createNote(ctx: SaleContext, lines: { orderPosition: number; quantity: string }[] | undefined, actor: { id: string; role: string } | undefined): Promise<DeliveryNote> {
  const s = ctx.state;
  const order = await act.getOrder(s.orderNumber!);
  const note = await act.createDeliveryNote({ order, ...(lines ? { lines } : {}), actor, idempotencyKey: ctx.key('create-delivery') });
  s.deliveryNoteNumbers.push(note.number);
  s.documents.push(note.number);
  return note;
}

async function shipNote(ctx: SaleContext, req: { number: string; carrier: string; trackingNumber?: string }, actor: { id: string; role: string } | undefined): Promise<DeliveryNote> {
  const note = await act.shipDeliveryNote({ ...req, actor, idempotencyKey: ctx.key('ship') });
  ctx.shipped.push(...note.lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })));
  const stage = deliveryStage(ctx.orderLines, ctx.shipped);
  if (ctx.state.stage !== 'invoiced' || stage === 'delivered') ctx.moveTo(stage);
  return note;
}

async function invoice(ctx: SaleContext, numbers: string[], actor: { id: string; role: string } | undefined) {
  const s = ctx.state;
  const order = await act.getOrder(s.orderNumber!);
  const notes: DeliveryNote[] = [];
  for (const n of numbers) notes.push(await act.getDeliveryNote(n));
  const inv = await act.createInvoice({ order, deliveryNotes: notes, actor, idempotencyKey: ctx.key('create-invoice') });
  s.invoiceNumbers.push(inv.number);
  s.documents.push(inv.number);
  ctx.moveTo('invoiced');
  return inv;
}

async function pay(ctx: SaleContext, req: { invoiceNumber: string; amount: string; receivedAt?: string; reference?: string }, actor: { id: string; role: string } | undefined) {
  const inv = await act.recordPayment({ number: req.invoiceNumber, amount: req.amount, ...(req.receivedAt ? { receivedAt: req.receivedAt } : {}), ...(req.reference ? { reference: req.reference } : {}), actor, idempotencyKey: ctx.key('payment') });
  if (inv.status === 'paid') ctx.paidInvoices.add(inv.number);
  if (isSettled(ctx.orderLines, ctx.shipped, ctx.state.invoiceNumbers, ctx.paidInvoices, ctx.cancelledInvoices)) ctx.moveTo('paid');
  return inv;
}

/** Warehouse and accounting steps: delivery notes, shipping, invoices, payments. */
export function registerOrderHandlers(ctx: SaleContext): void {
  const s = ctx.state;
  const partOfSale = (list: string[], n: string, what: string) => {
    if (!list.includes(n)) refuse(422, 'not_part_of_sale', `${what} ${n} is not part of sale ${s.saleNumber}`);
  };

  // Only an order with nothing shipped yet can be cancelled; later, returns and credit notes correct it.
  setHandler(cancelOrderUpdate, (req) => ctx.exclusive(async () => {
    const order = await act.cancelOrder({ number: s.orderNumber!, reason: req.reason, actor: req.actor, idempotencyKey: ctx.key('cancel-order') });
    ctx.moveTo('cancelled');
    return order;
  }), { validator: (..._args: unknown[]) => ctx.requireStage('ordered') });

  setHandler(createDeliveryNoteUpdate, (req) => ctx.exclusive(() => createNote(ctx, req.lines, req.actor)), { validator: (..._args: unknown[]) => ctx.requireStage(...AFTER_ORDER) });
  setHandler(shipDeliveryNoteUpdate, (req) => ctx.exclusive(() => shipNote(ctx, req, req.actor)), { validator: (req) => partOfSale(s.deliveryNoteNumbers, req.number, 'delivery note') });
  setHandler(createInvoiceUpdate, (req) => ctx.exclusive(() => invoice(ctx, req.deliveryNoteNumbers, req.actor)), {
    validator: (req) => {
      ctx.requireStage(...AFTER_ORDER);
      req.deliveryNoteNumbers.forEach((n: string) => partOfSale(s.deliveryNoteNumbers, n, 'delivery note'));
    },
  });
  setHandler(recordPaymentUpdate, (req) => ctx.exclusive(() => pay(ctx, req, req.actor)), { validator: (req) => partOfSale(s.invoiceNumbers, req.invoiceNumber, 'invoice') });
  setHandler(cancelInvoiceUpdate, (req) => ctx.exclusive(async () => {
    const inv = await act.cancelInvoice({ number: req.invoiceNumber, reason: req.reason, actor: req.actor, idempotencyKey: ctx.key('cancel-invoice') });
    ctx.cancelledInvoices.add(inv.number);
    return inv;
  }), { validator: (req) => partOfSale(s.invoiceNumbers, req.invoiceNumber, 'invoice') });
}

/**
 * What each order type does by itself once the order exists: a cash sale is
 * handed over and paid at once; a rush order alerts the warehouse; a
 * scheduled delivery surfaces each schedule line on its date; a drop-ship
 * order is handed to its supplier.
 */
export function startOrderAutomation(ctx: SaleContext, order: SalesOrder): void {
  const s = ctx.state;
  s.orderType = order.orderType;
  if (order.orderType === 'cash_sale') {
    void ctx.exclusive(async () => {
      const note = await createNote(ctx, undefined, undefined);
      await shipNote(ctx, { number: note.number, carrier: 'Abholung' }, undefined);
      const inv = await invoice(ctx, [note.number], undefined);
      await pay(ctx, { invoiceNumber: inv.number, amount: inv.totals.gross, reference: 'Barzahlung' }, undefined);
    });
  }
  if (order.orderType === 'rush') {
    void act.notify({ recipient: 'role:warehouse', kind: 'rush_order', subject: `Eilauftrag ${order.number}: heute versenden`, documentNumber: order.number, details: { dueDate: order.dueDate }, idempotencyKey: ctx.key('rush') });
  }
  if (order.orderType === 'drop_ship' && order.supplier) {
    void act.notify({
      recipient: `supplier:${order.supplier.name}`, kind: 'drop_ship_order', subject: `Streckengeschäft ${order.number}: Lieferung direkt an ${order.customer.name}`,
      documentNumber: order.number, details: { shipTo: order.customer.shippingAddress, lines: order.lines.filter((l) => l.kind !== 'charge').map((l) => ({ sku: l.sku, quantity: l.quantity, unit: l.unit })) },
      idempotencyKey: ctx.key('drop-ship'),
    });
  }
  if (order.orderType === 'scheduled') void surfaceSchedule(ctx, order);
}

/** Sleeps until each schedule date begins (Europe/Berlin) and surfaces the lines due that day. */
async function surfaceSchedule(ctx: SaleContext, order: SalesOrder): Promise<void> {
  const dates = [...new Set(order.schedule.map((l) => l.date))].sort();
  for (const date of dates) {
    const startsAt = endOfBerlinDay(addDays(date, -1)).getTime();
    if (startsAt > Date.now()) await sleep(startsAt - Date.now());
    const due = order.schedule.filter((l) => l.date === date);
    ctx.state.dueScheduleLines.push(...due);
    await act.notify({ recipient: 'role:warehouse', kind: 'schedule_line_due', subject: `Lieferplan ${order.number}: ${due.length} Position(en) fällig am ${date}`, documentNumber: order.number, details: { date, lines: due }, idempotencyKey: ctx.key(`schedule-${date}`) });
  }
}
