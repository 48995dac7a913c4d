import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SaleActivities } from '../activities/index.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment.ts';
import {
  SearchKeys,
  acceptQuoteUpdate,
  cancelInvoiceUpdate,
  convertToOrderUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  rejectQuoteUpdate,
  sendQuoteUpdate,
  shipDeliveryNoteUpdate,
  stateQuery,
  type SaleInput,
  type SaleStage,
  type SaleState,
} from '../sale.contract.ts';
import { deliveryStage, isSettled } from './sale-progress.ts';

// NATS round trips take milliseconds; 15 s leaves room for a busy database
// without waiting long on a worker that died mid-activity. Retries back off
// to 10 s and stop after 10 minutes, when an operator should look.
const act = proxyActivities<SaleActivities>({
  startToCloseTimeout: '15 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
// Rendering may wait for Chromium; give it longer per attempt.
const render = proxyActivities<Pick<SaleActivities, 'renderDocument'>>({
  startToCloseTimeout: '60 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '15 seconds' },
}).renderDocument;

/** One sale from quote to payment: AN → AB → LS… → RE… → paid, driven by Updates from the gateway. */
export async function saleWorkflow(input: SaleInput): Promise<SaleState> {
  // Handlers are registered before the first await, so an Update sent right
  // after the start finds them.
  const state: SaleState = {
    stage: 'quote_draft',
    stagesReached: [],
    quoteNumber: input.quoteNumber,
    customer: input.customerNumber,
    totalBase: input.totalBase,
    orderNumber: null,
    deliveryNoteNumbers: [],
    invoiceNumbers: [],
    documents: [],
  };
  const paidInvoices = new Set<string>();
  const cancelledInvoices = new Set<string>();
  const shipped: { orderPosition: number; quantity: string }[] = [];
  let orderLines: { position: number; quantity: string }[] = [];
  let step = 0;
  let busy = false;

  /** Idempotency key of the next command: stable across replays and activity retries. */
  const key = (what: string) => `${workflowInfo().workflowId}:${++step}:${what}`;

  const moveTo = (stage: SaleStage) => {
    state.stage = stage;
    if (!state.stagesReached.includes(stage)) state.stagesReached.push(stage);
    upsertSearchAttributes([
      { key: SearchKeys.stage, value: stage },
      { key: SearchKeys.documents, value: [state.quoteNumber, ...(state.orderNumber ? [state.orderNumber] : []), ...state.deliveryNoteNumbers, ...state.invoiceNumbers] },
    ]);
  };

  /** Runs one update at a time (handlers would otherwise interleave at every await) and hands refusals back to the caller. */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
      throw err;
    } finally {
      busy = false;
    }
  }

  const requireStage = (...allowed: SaleStage[]) => (..._args: unknown[]) => {
    if (!allowed.includes(state.stage)) throw new Error(`sale ${state.quoteNumber} is at stage '${state.stage}'`);
  };

  setHandler(stateQuery, () => state);

  setHandler(sendQuoteUpdate, (req) => exclusive(async () => {
    const q = await act.sendQuote({ number: state.quoteNumber, actor: req?.actor, idempotencyKey: key('send') });
    await render({ kind: 'quote', document: q });
    state.documents.push(q.number);
    moveTo('quote_sent');
    return q;
  }), { validator: requireStage('quote_draft') });

  setHandler(acceptQuoteUpdate, (req) => exclusive(async () => {
    const q = await act.acceptQuote({ number: state.quoteNumber, actor: req?.actor, idempotencyKey: key('accept') });
    moveTo('quote_accepted');
    return q;
  }), { validator: requireStage('quote_sent') });

  setHandler(rejectQuoteUpdate, (req) => exclusive(async () => {
    const q = await act.rejectQuote({ number: state.quoteNumber, actor: req.actor, reason: req.reason, idempotencyKey: key('reject') });
    moveTo('rejected');
    return q;
  }), { validator: requireStage('quote_sent') });

  setHandler(convertToOrderUpdate, (req) => exclusive(async () => {
    const accepted = await act.getQuote(state.quoteNumber);
    const order = await act.createOrder({ quote: accepted, actor: req?.actor, idempotencyKey: key('create-order') });
    await act.markQuoteConverted({ number: state.quoteNumber, orderNumber: order.number, actor: req?.actor, idempotencyKey: key('mark-converted') });
    state.orderNumber = order.number;
    orderLines = order.lines.map((l) => ({ position: l.position, quantity: l.quantity }));
    await render({ kind: 'order', document: order });
    state.documents.push(order.number);
    moveTo('ordered');
    return order;
  }), { validator: requireStage('quote_accepted', 'quote_sent') });

  setHandler(createDeliveryNoteUpdate, (req) => exclusive(async () => {
    const order = await act.getOrder(state.orderNumber!);
    const note = await act.createDeliveryNote({ order, ...(req.lines ? { lines: req.lines } : {}), actor: req.actor, idempotencyKey: key('create-delivery') });
    state.deliveryNoteNumbers.push(note.number);
    await render({ kind: 'delivery_note', document: note });
    state.documents.push(note.number);
    return note;
  }), { validator: requireStage('ordered', 'partially_delivered', 'delivered', 'invoiced') });

  setHandler(shipDeliveryNoteUpdate, (req) => exclusive(async () => {
    const note = await act.shipDeliveryNote({ ...req, idempotencyKey: key('ship') });
    shipped.push(...note.lines.map((l) => ({ orderPosition: l.orderPosition, quantity: l.quantity })));
    const stage = deliveryStage(orderLines, shipped);
    if (state.stage !== 'invoiced' || stage === 'delivered') moveTo(stage);
    return note;
  }), { validator: (req) => {
    if (!state.deliveryNoteNumbers.includes(req.number)) throw new Error(`delivery note ${req.number} is not part of sale ${state.quoteNumber}`);
  } });

  setHandler(createInvoiceUpdate, (req) => exclusive(async () => {
    const order = await act.getOrder(state.orderNumber!);
    const notes: DeliveryNote[] = [];
    for (const n of req.deliveryNoteNumbers) notes.push(await act.getDeliveryNote(n));
    const invoice = await act.createInvoice({ order, deliveryNotes: notes, actor: req.actor, idempotencyKey: key('create-invoice') });
    state.invoiceNumbers.push(invoice.number);
    await render({ kind: 'invoice', document: invoice });
    state.documents.push(invoice.number);
    moveTo('invoiced');
    return invoice;
  }), { validator: (req) => {
    requireStage('ordered', 'partially_delivered', 'delivered', 'invoiced')();
    const foreign = req.deliveryNoteNumbers.find((n: string) => !state.deliveryNoteNumbers.includes(n));
    if (foreign) throw new Error(`delivery note ${foreign} is not part of sale ${state.quoteNumber}`);
  } });

  setHandler(recordPaymentUpdate, (req) => exclusive(async () => {
    const invoice = await act.recordPayment({ number: req.invoiceNumber, amount: req.amount, ...(req.receivedAt ? { receivedAt: req.receivedAt } : {}), ...(req.reference ? { reference: req.reference } : {}), actor: req.actor, idempotencyKey: key('payment') });
    if (invoice.status === 'paid') paidInvoices.add(invoice.number);
    if (isSettled(orderLines, shipped, state.invoiceNumbers, paidInvoices, cancelledInvoices)) moveTo('paid');
    return invoice;
  }), { validator: (req) => {
    if (!state.invoiceNumbers.includes(req.invoiceNumber)) throw new Error(`invoice ${req.invoiceNumber} is not part of sale ${state.quoteNumber}`);
  } });

  setHandler(cancelInvoiceUpdate, (req) => exclusive(async () => {
    const invoice = await act.cancelInvoice({ number: req.invoiceNumber, reason: req.reason, actor: req.actor, idempotencyKey: key('cancel-invoice') });
    cancelledInvoices.add(invoice.number);
    return invoice;
  }), { validator: (req) => {
    if (!state.invoiceNumbers.includes(req.invoiceNumber)) throw new Error(`invoice ${req.invoiceNumber} is not part of sale ${state.quoteNumber}`);
  } });

  upsertSearchAttributes([
    { key: SearchKeys.documentNumber, value: state.quoteNumber },
    { key: SearchKeys.customer, value: state.customer },
    { key: SearchKeys.totalBase, value: Number(state.totalBase) },
  ]);
  moveTo('quote_draft');

  await condition(() => state.stage === 'paid' || state.stage === 'rejected' || state.stage === 'cancelled');
  await condition(allHandlersFinished);
  return state;
}
