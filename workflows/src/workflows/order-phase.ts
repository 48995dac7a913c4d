import { getExternalWorkflowHandle, log, setHandler } from '@temporalio/workflow';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { ShippingMethod } from '../../../shared/contracts/fulfillment/index.ts';
import { endOfBerlinDay, addDays } from '../../../shared/dates.ts';
import {
  cancelInvoiceUpdate,
  cancelOrderUpdate,
  combinedInvoiceSignal,
  createDeliveryNoteUpdate,
  invoiceCorrectedSignal,
  createInvoiceUpdate,
  issueDraftUpdate,
  recordPaymentUpdate,
  saleWorkflowId,
  shipDeliveryNoteUpdate,
  type DeliveryFacts,
  type InvoiceFacts,
  type OrderFacts,
  type PaymentRequest,
} from '../sale.contract.ts';
import { act, refuse, type SaleContext } from './sale-context.ts';
import { dueAtOf } from './dunning-phase.ts';
import { isSettled, type BilledInvoice } from './sale-progress.ts';
import { adoptProduction } from './production-phase.ts';
import { setAwaitingStock } from './stock-phase.ts';

export const AFTER_ORDER = ['ordered', 'partially_delivered', 'delivered', 'invoiced'] as const;

/** Takes over what the sale needs to know of its order: its type and its schedule (its lines stay with the order service). */
export function adoptOrder(ctx: SaleContext, order: OrderFacts): void {
  ctx.ledger.pendingSchedule.push(...order.schedule);
  ctx.ledger.automationDone = false;
  // Operators filter sales by it: the next stage change (or a direct order's start options) sets KontorOrderType.
  ctx.state.orderType = order.orderType;
  if (order.invoiceOnShipment) ctx.ledger.invoiceOnShipment = true;
  adoptProduction(ctx, order);
}

/** Closes the sale once everything shipped is invoiced and every live invoice is paid. */
export function settleIfDone(ctx: SaleContext): void {
  const l = ctx.ledger;
  if (isSettled(l.delivered, l.shipments, l.invoices)) ctx.moveTo('paid');
}

async function createNote(
  ctx: SaleContext,
  lines: { orderPosition: number; quantity: string }[] | undefined,
  actor: Actor | undefined,
): Promise<DeliveryFacts> {
  const s = ctx.state;
  const note = await act(`Lieferschein zu ${s.orderNumber} anlegen`).createDeliveryNote({
    orderNumber: s.orderNumber!,
    ...(lines ? { lines } : {}),
    actor,
    idempotencyKey: ctx.nextKey(s.orderNumber!, 'delivery'),
  });
  s.deliveryNoteNumbers.push(note.number);
  s.documents.push(note.number);
  return note;
}

async function shipNote(
  ctx: SaleContext,
  req: { number: string; method?: ShippingMethod; carrier: string; trackingNumber?: string },
  actor: Actor | undefined,
): Promise<DeliveryFacts> {
  const note = await act(`Lieferschein ${req.number} versenden (${req.carrier})`).shipDeliveryNote({
    ...req,
    actor,
    idempotencyKey: ctx.key(req.number, 'ship'),
  });
  const l = ctx.ledger;
  if (!l.shipments.includes(note.number)) l.shipments.push(note.number);
  if (note.orderComplete) l.delivered = true;
  // Each shipment says which positions still wait for stock; a plain one says none (and changes nothing).
  setAwaitingStock(ctx, note.awaitingStock ?? []);
  const stage = l.delivered ? 'delivered' : 'partially_delivered';
  if (ctx.state.stage !== 'invoiced' || stage === 'delivered') ctx.moveTo(stage);
  settleIfDone(ctx);
  // Invoice on shipment: the note is billed at once. The goods are shipped either way; a refused invoice is left to accounting.
  if (l.invoiceOnShipment && !l.invoices.some((i) => i.status !== 'cancelled' && i.deliveryNotes.includes(note.number))) {
    try {
      await invoice(ctx, [note.number], actor);
    } catch (err) {
      log.error(`invoice on shipment of ${note.number} failed; accounting invoices it`, { error: String(err) });
    }
  }
  return note;
}

/** An invoice bills delivery notes; after a cancelled invoice the same notes are billed again under a new key. */
function invoiceKey(ctx: SaleContext, notes: string[]): string {
  const again = ctx.ledger.invoices.filter((i) => i.status === 'cancelled' && i.deliveryNotes.some((n) => notes.includes(n))).length;
  return ctx.key(ctx.state.orderNumber!, 'invoice', [...notes].sort().join('+'), ...(again > 0 ? [again + 1] : []));
}

async function invoice(ctx: SaleContext, numbers: string[], actor: Actor | undefined): Promise<InvoiceFacts> {
  const s = ctx.state;
  const inv = await act(`Rechnung zu ${numbers.join(', ')} erstellen`).createInvoice({
    orderNumber: s.orderNumber!,
    deliveryNoteNumbers: numbers,
    actor,
    idempotencyKey: invoiceKey(ctx, numbers),
  });
  return adoptDeliveryInvoice(ctx, inv);
}

/** Takes an issued invoice of delivery notes into the sale (a draft issued, or one issued at once). */
function adoptDeliveryInvoice(ctx: SaleContext, inv: InvoiceFacts, partners?: string[]): InvoiceFacts {
  const s = ctx.state;
  if (!s.invoiceNumbers.includes(inv.number)) {
    s.invoiceNumbers.push(inv.number);
    ctx.ledger.invoices.push({
      number: inv.number,
      deliveryNotes: [...inv.deliveryNoteNumbers],
      status: inv.status === 'paid' ? 'paid' : 'open',
      ...dueAtOf(inv),
      ...(partners?.length ? { partners } : {}),
    });
  }
  if (!s.documents.includes(inv.number)) s.documents.push(inv.number);
  ctx.moveTo('invoiced');
  settleIfDone(ctx);
  return inv;
}

async function pay(ctx: SaleContext, req: PaymentRequest, actor: Actor | undefined): Promise<InvoiceFacts> {
  const inv = await act(`${req.kind === 'credit' ? 'Guthaben' : 'Zahlung'} ${req.amount} auf ${req.invoiceNumber} buchen`).recordPayment({
    number: req.invoiceNumber,
    amount: req.amount,
    ...(req.receivedAt ? { receivedAt: req.receivedAt } : {}),
    ...(req.reference ? { reference: req.reference } : {}),
    ...(req.kind ? { kind: req.kind } : {}),
    ...(req.providerEventId ? { providerEventId: req.providerEventId } : {}),
    actor,
    // A provider's payment is the fact "event X": its key stays the same however often the provider sends it.
    idempotencyKey: req.providerEventId ? ctx.key(req.invoiceNumber, 'payment', 'event', req.providerEventId) : ctx.nextKey(req.invoiceNumber, 'payment'),
  });
  const billed = ctx.ledger.invoices.find((i) => i.number === inv.number);
  if (billed && inv.status === 'paid') setInvoiceStatus(ctx, billed, 'paid');
  settleIfDone(ctx);
  return inv;
}

/** A new status of an invoice of the sale; a combined invoice the sale leads has it told to its other orders' sales (by the main loop). */
function setInvoiceStatus(ctx: SaleContext, billed: BilledInvoice, status: 'paid' | 'cancelled'): void {
  billed.status = status;
  if (!billed.partners?.length) return;
  (ctx.ledger.partnerNotices ??= []).push(...billed.partners.map((sale) => ({ sale, invoiceNumber: billed.number, status })));
  ctx.epoch += 1;
}

/** Tells the other orders' sales of the combined invoices this sale leads that one was paid or cancelled (invoiceCorrected, idempotent). */
export async function tellPartners(ctx: SaleContext): Promise<void> {
  const l = ctx.ledger;
  while (l.partnerNotices?.length) {
    const n = l.partnerNotices[0]!;
    try {
      await getExternalWorkflowHandle(saleWorkflowId(n.sale)).signal(invoiceCorrectedSignal, { invoiceNumber: n.invoiceNumber, status: n.status });
    } catch (err) {
      log.error(`sale ${n.sale} was not told that ${n.invoiceNumber} is ${n.status}`, { error: String(err) });
    }
    l.partnerNotices.shift();
  }
}

/** Warehouse and accounting steps: delivery notes, shipping, invoices, payments. */
export function registerOrderHandlers(ctx: SaleContext): void {
  const s = ctx.state;
  const partOfSale = (list: string[], n: string, what: string) => {
    if (!list.includes(n)) refuse(422, 'not_part_of_sale', `${what} ${n} is not part of sale ${s.saleNumber}`);
  };

  // Only an order with nothing shipped yet can be cancelled; later, returns and credit notes correct it.
  ctx.step(
    cancelOrderUpdate,
    () => {
      ctx.requireStage('ordered');
      if (ctx.ledger.shipments.length > 0) refuse(409, 'invalid_stage', `order ${s.orderNumber} has shipped goods and can no longer be cancelled`);
    },
    async (req) => {
      const order = await act(`Auftrag ${s.orderNumber} stornieren`).cancelOrder({
        number: s.orderNumber!,
        reason: req.reason,
        actor: req.actor,
        idempotencyKey: ctx.key(s.orderNumber!, 'cancel'),
      });
      ctx.moveTo('cancelled');
      return order;
    },
  );

  ctx.step(
    createDeliveryNoteUpdate,
    () => ctx.requireStage(...AFTER_ORDER),
    (req) => createNote(ctx, req.lines, req.actor),
  );

  ctx.step(
    shipDeliveryNoteUpdate,
    (req) => {
      ctx.requireStage(...AFTER_ORDER);
      partOfSale(s.deliveryNoteNumbers, req.number, 'delivery note');
    },
    (req) => shipNote(ctx, req, req.actor),
  );

  ctx.step(
    createInvoiceUpdate,
    (req) => {
      ctx.requireStage(...AFTER_ORDER);
      req.deliveryNoteNumbers.forEach((n: string) => partOfSale(s.deliveryNoteNumbers, n, 'delivery note'));
    },
    (req) => invoice(ctx, req.deliveryNoteNumbers, req.actor),
  );

  // A draft (editable, no number) becomes an invoice here, so the sale knows it like any other invoice of its notes.
  ctx.step(
    issueDraftUpdate,
    () => ctx.requireStage(...AFTER_ORDER),
    async (req) => {
      const inv = await act(`Rechnungsentwurf zu ${s.orderNumber} ausstellen`).issueDraft({
        id: req.draftId,
        actor: req.actor,
        idempotencyKey: ctx.key(s.orderNumber!, 'draft', req.draftId),
      });
      // The invoicing service checked that the draft's notes are this order's shipped notes.
      return adoptDeliveryInvoice(ctx, inv);
    },
  );

  ctx.step(
    recordPaymentUpdate,
    (req) => {
      ctx.requireStage(...AFTER_ORDER);
      partOfSale(s.invoiceNumbers, req.invoiceNumber, 'invoice');
    },
    (req) => pay(ctx, req, req.actor),
  );

  ctx.step(
    cancelInvoiceUpdate,
    (req) => {
      ctx.requireStage(...AFTER_ORDER);
      partOfSale(s.invoiceNumbers, req.invoiceNumber, 'invoice');
    },
    async (req) => {
      const inv = await act(`Rechnung ${req.invoiceNumber} stornieren`).cancelInvoice({
        number: req.invoiceNumber,
        reason: req.reason,
        actor: req.actor,
        idempotencyKey: ctx.key(req.invoiceNumber, 'cancel'),
      });
      const billed = ctx.ledger.invoices.find((i) => i.number === inv.number);
      if (billed) setInvoiceStatus(ctx, billed, 'cancelled');
      settleIfDone(ctx);
      return inv;
    },
  );

  // A credit note that leaves nothing open settles its invoice like a payment does; the sale leading a
  // combined invoice says so too, and that it was cancelled (its notes are then to be billed again).
  setHandler(invoiceCorrectedSignal, ({ invoiceNumber, status }) => {
    const billed = ctx.ledger.invoices.find((i) => i.number === invoiceNumber);
    if (!billed || billed.status !== 'open' || (status !== 'paid' && status !== 'cancelled')) return;
    setInvoiceStatus(ctx, billed, status);
    if (AFTER_ORDER.includes(s.stage as (typeof AFTER_ORDER)[number])) settleIfDone(ctx);
  });

  // A combined invoice billed notes of this order: the sale keeps it like its own invoice of those notes.
  setHandler(combinedInvoiceSignal, (n) => {
    if (!AFTER_ORDER.includes(s.stage as (typeof AFTER_ORDER)[number])) return;
    adoptDeliveryInvoice(
      ctx,
      {
        kind: 'invoice',
        number: n.invoiceNumber,
        status: n.status,
        gross: n.gross,
        deliveryNoteNumbers: n.deliveryNoteNumbers,
        ...(n.dueDate ? { dueDate: n.dueDate } : {}),
      },
      n.partners,
    );
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
        await shipNote(ctx, { number: note.number, method: 'pickup', carrier: 'Abholung' }, undefined);
        const inv = await invoice(ctx, [note.number], undefined);
        await pay(ctx, { invoiceNumber: inv.number, amount: inv.gross, reference: 'Barzahlung' }, undefined);
      });
    } else if (s.orderType === 'rush') {
      await act(`Lager über Eilauftrag ${orderNumber} informieren`).alertRushOrder({ orderNumber, idempotencyKey: ctx.key(orderNumber, 'rush-alert') });
    } else if (s.orderType === 'drop_ship') {
      await act(`Streckengeschäft ${orderNumber} an den Lieferanten übergeben`).handOverDropShip({
        orderNumber,
        idempotencyKey: ctx.key(orderNumber, 'drop-ship'),
      });
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
      await act(`Lager: Lieferplan ${orderNumber} fällig am ${date}`).notify({
        recipient: 'role:warehouse',
        kind: 'schedule_line_due',
        subject: `Lieferplan ${orderNumber}: ${due.length} Position(en) fällig am ${date}`,
        documentNumber: orderNumber,
        details: { date, lines: due },
        idempotencyKey: ctx.key(orderNumber, 'schedule', date),
      });
    } catch (err) {
      log.error(`warehouse notice for schedule date ${date} of ${orderNumber} failed`, { error: String(err) });
    }
  }
}
