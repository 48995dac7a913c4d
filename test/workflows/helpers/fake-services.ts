import { Decimal } from 'decimal.js';
import { ApplicationFailure } from '@temporalio/common';
import {
  deliveryFacts,
  dropShipNotice,
  invoiceFacts,
  orderFacts,
  quoteFacts,
  rushNotice,
  type SaleActivities,
} from '../../../workflows/src/activities/index.ts';
import type { MilestoneFacts, MilestonePlanFacts, SaleTimings } from '../../../workflows/src/sale.contract.ts';
import type { Quote } from '../../../shared/contracts/quote/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';

/**
 * In-memory stand-ins for the services behind the sale's activities. They
 * answer what the services would (numbers, statuses, amounts), refuse what
 * the services' transition tables refuse (with the same coded, non-retryable
 * failures), run a command once per idempotency key, and log every call so a
 * test can say which commands ran how often.
 */
export interface FakeOptions {
  /** First digits of every document number, so files sharing a server never collide. */
  series: number;
  /** The due date every invoice gets (absent: invoices carry none, so the sale never duns). */
  invoiceDueDate?: string;
  /** A recurring contract: its period length and how many periods it runs. */
  subscription?: { periodMs: number; periods: number };
  /** The dunning levels the invoicing service answers with. */
  dunningLevels?: { title: string; afterDue: string }[];
  /** Approval levels a submitted quote needs (none: submitting approves it). */
  approvalLevels?: { level: number; role: string }[];
  /** How long a sent quote stays valid. */
  validityMs?: number;
  timings?: Partial<SaleTimings>;
  /** Extra time some activities take, to hold a step open while another Update arrives. */
  delays?: Partial<Record<keyof SaleActivities, number>>;
}

export interface FakeLine {
  quantity: string;
  unitPrice: string;
  kind?: 'goods' | 'charge';
  /** Made to order, promised for a date whose end `dueInMs` stands for (so a test need not wait for midnight). */
  makeToOrder?: { promisedDate: string; dueInMs: number };
}
type Call = { name: string; input: unknown };
export interface FakeBillingItem {
  key: string;
  kind: 'down_payment' | 'progress';
  percent: string;
  trigger: { on: 'order_confirmed' } | { on: 'milestone_done'; milestoneId: string } | { on: 'positions_shipped'; positions: number[] } | { on: 'manual' };
}

const refusal = (status: number, code: string, message: string) =>
  ApplicationFailure.create({ message, type: code, nonRetryable: true, details: [{ status, code, message }] });

export class FakeServices {
  readonly calls: Call[] = [];
  readonly quotes = new Map<string, Quote>();
  readonly orders = new Map<string, SalesOrder>();
  readonly notes = new Map<string, DeliveryNote>();
  readonly invoices = new Map<string, Invoice>();
  /** Notices the order types' automation sent (rush alert, drop-ship hand-over). */
  readonly notices: Record<string, unknown>[] = [];
  /** Milestone plans as the order service keeps them, reduced to the facts the gateway signals to the sale. */
  readonly plans = new Map<string, MilestonePlanFacts>();
  /** Make-to-order lines whose goods were received (`<order>:<position>`), as the fulfillment service records them. */
  readonly received = new Set<string>();
  /** Periods of recurring contracts billed, in order. */
  readonly periods: { period: number; invoiceNumber: string }[] = [];
  /** Reminders issued, in order. */
  readonly reminders: { number: string; invoiceNumber: string; level: number }[] = [];
  /** Billing plans as the order service keeps them: percent shares of the order's gross, with their triggers. */
  readonly billingPlans = new Map<string, FakeBillingItem[]>();
  /** Cancelled quantities per line (`<order>:<position>`), as the order service records them. */
  readonly cancelled = new Map<string, Decimal>();
  /** Positions per order that find no stock (`<order>:<position>`): a shipment leaves them on backorder until stock arrives. */
  readonly outOfStock = new Set<string>();
  private readonly answers = new Map<string, unknown>();
  private readonly next: Record<string, number> = {};
  private readonly options: Required<FakeOptions>;

  constructor(options: FakeOptions) {
    this.options = {
      approvalLevels: [],
      validityMs: 3_600_000,
      invoiceDueDate: '',
      subscription: { periodMs: 1_000, periods: 0 },
      dunningLevels: [],
      delays: {},
      ...options,
      timings: {
        approvalReminderAfter: '600ms',
        approvalEscalateAfter: '1200ms',
        escalationRole: 'director',
        expiryReminderBefore: '1000ms',
        ...options.timings,
      },
    };
  }

  private orderGross(o: SalesOrder): string {
    return o.lines.reduce((a, l) => a.plus(new Decimal(l.quantity).times(l.unitPrice)), new Decimal(0)).toFixed(2);
  }

  private issue(orderNumber: string, kind: string, gross: string): Invoice {
    const inv = {
      number: this.number('RE'),
      status: 'issued',
      kind,
      orderNumber,
      deliveryNoteNumbers: [],
      totals: { net: gross, vat: '0.00', gross, taxGroups: [] },
      paidAmount: '0.00',
      openAmount: gross,
      payments: [],
      version: 1,
    } as unknown as Invoice;
    this.invoices.set(inv.number, inv);
    return inv;
  }

  private number(prefix: string): string {
    const n = (this.next[prefix] ?? 0) + 1;
    this.next[prefix] = n;
    return `${prefix}-2026-${this.options.series}${String(n).padStart(3, '0')}`;
  }

  /** Calls of one activity, in order. */
  called(name: keyof SaleActivities): any[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input);
  }

  /** Runs a command once per key, like the services' idempotency table; refusals are not stored. */
  private async once<T>(key: string, run: () => T): Promise<T> {
    await new Promise((r) => setTimeout(r, 5)); // a NATS round trip: lets concurrent handlers interleave
    if (this.answers.has(key)) return structuredClone(this.answers.get(key)) as T;
    const result = run();
    this.answers.set(key, structuredClone(result));
    return structuredClone(result);
  }

  private lines(lines: FakeLine[]) {
    return lines.map((l, i) => {
      const net = new Decimal(l.quantity).times(l.unitPrice).toFixed(2);
      const mto = l.makeToOrder
        ? { makeToOrder: true, promisedDate: l.makeToOrder.promisedDate, fakeDueAt: new Date(Date.now() + l.makeToOrder.dueInMs).toISOString() }
        : {};
      return { position: i + 1, kind: l.kind ?? 'goods', sku: `SKU-${i + 1}`, unit: 'Stk', quantity: l.quantity, unitPrice: l.unitPrice, net, ...mto };
    });
  }

  private totals(lines: { net: string }[]) {
    const gross = lines.reduce((a, l) => a.plus(l.net), new Decimal(0)).toFixed(2);
    return { net: gross, vat: '0.00', gross, taxGroups: [] };
  }

  /** A quote as the quote service creates it, before the sale workflow starts. */
  createQuote(
    lines: FakeLine[],
    extra: { orderType?: string; schedule?: { date: string; orderPosition: number; quantity: string }[]; supplier?: { name: string } } = {},
  ): Quote {
    const priced = this.lines(lines);
    const q = {
      number: this.number('AN'),
      status: 'draft',
      revision: 1,
      createdBy: 'anna',
      assignee: 'anna',
      approvals: [],
      version: 1,
      validUntil: '2099-12-31',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      orderNumber: null,
      customer: {
        number: 'K-00001',
        name: 'Krause KG',
        shippingAddress: { name: 'Krause KG', street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      },
      currency: 'EUR',
      lines: priced,
      totals: this.totals(priced),
      grossBase: this.totals(priced).gross,
      orderType: extra.orderType ?? 'standard',
      schedule: extra.schedule ?? [],
      supplier: extra.supplier ?? null,
      paymentTermsDays: 14,
      createdAt: new Date().toISOString(),
    } as unknown as Quote;
    this.quotes.set(q.number, q);
    return structuredClone(q);
  }

  /**
   * A milestone plan for an order, as the gateway would signal it after the order service stored it.
   * `dueInMs` stands for the end of the planned day, so a test need not wait for midnight.
   */
  planMilestones(orderNumber: string, milestones: (Pick<MilestoneFacts, 'name' | 'plannedDate' | 'responsible'> & { dueInMs: number })[]): MilestonePlanFacts {
    const plan: MilestonePlanFacts = {
      planVersion: (this.plans.get(orderNumber)?.planVersion ?? 0) + 1,
      milestones: milestones.map((m, i) => ({
        id: `ms_${this.options.series}_${i + 1}`,
        name: m.name,
        plannedDate: m.plannedDate,
        responsible: m.responsible,
        status: 'planned',
        dueAt: new Date(Date.now() + m.dueInMs).toISOString(),
      })),
    };
    this.plans.set(orderNumber, plan);
    return structuredClone(plan);
  }

  /** One change of a milestone (a date move, a status step): the plan's next version. */
  changeMilestone(orderNumber: string, id: string, change: Partial<Pick<MilestoneFacts, 'plannedDate' | 'status'>> & { dueInMs?: number }): MilestonePlanFacts {
    const plan = this.plans.get(orderNumber)!;
    const { dueInMs, ...facts } = change;
    const next: MilestonePlanFacts = {
      planVersion: plan.planVersion + 1,
      milestones: plan.milestones.map((m) =>
        m.id === id ? { ...m, ...facts, ...(dueInMs === undefined ? {} : { dueAt: new Date(Date.now() + dueInMs).toISOString() }) } : m,
      ),
    };
    this.plans.set(orderNumber, next);
    return structuredClone(next);
  }

  /** The goods of a make-to-order line arrived: from now on it ships (the gateway then signals the sale). */
  receiveGoods(orderNumber: string, position: number): { position: number } {
    this.received.add(`${orderNumber}:${position}`);
    return { position };
  }

  /** Positions of an order without stock: delivery notes leave them out, shipments report them as waiting for stock. */
  outOfStockFor(orderNumber: string, ...positions: number[]): void {
    for (const p of positions) this.outOfStock.add(`${orderNumber}:${p}`);
  }

  /** A goods receipt reserved stock for these backordered positions (the gateway then signals the sale). */
  receiveStock(orderNumber: string, ...positions: number[]): { positions: number[] } {
    for (const p of positions) this.outOfStock.delete(`${orderNumber}:${p}`);
    return { positions };
  }

  private cancelledOf(orderNumber: string, position: number): Decimal {
    return this.cancelled.get(`${orderNumber}:${position}`) ?? new Decimal(0);
  }

  /** Quantity of a position on delivery notes (shipped or not). */
  private noted(orderNumber: string, position: number, shippedOnly = false): Decimal {
    return [...this.notes.values()]
      .filter((n) => n.orderNumber === orderNumber && (!shippedOnly || n.status === 'shipped'))
      .flatMap((n) => n.lines)
      .filter((l) => l.orderPosition === position)
      .reduce((s, l) => s.plus(l.quantity), new Decimal(0));
  }

  /** Whether shipped and cancelled quantities cover every goods line, as the fulfillment service decides it. */
  private complete(o: SalesOrder): boolean {
    return o.lines
      .filter((l) => l.kind !== 'charge')
      .every((l) => this.noted(o.number, l.position, true).plus(this.cancelledOf(o.number, l.position)).gte(l.quantity));
  }

  /** Make-to-order lines of an order whose goods have not arrived. */
  private awaiting(o: SalesOrder): number[] {
    return o.lines
      .filter((l) => l.makeToOrder && !this.received.has(`${o.number}:${l.position}`) && this.cancelledOf(o.number, l.position).lt(l.quantity))
      .map((l) => l.position);
  }

  /** The order's facts as the activity answers them, with the test's stand-in for the end of each promised day. */
  private orderFacts(o: SalesOrder) {
    const facts = orderFacts(o);
    if (facts.makeToOrder) {
      const dueAt = (pos: number) => (o.lines.find((l) => l.position === pos) as unknown as { fakeDueAt?: string }).fakeDueAt;
      facts.makeToOrder = facts.makeToOrder.map((p) => ({ ...p, dueAt: dueAt(p.position) ?? p.dueAt }));
    }
    return facts;
  }

  /** A direct order as the order service creates it (phone or counter sale). */
  createDirectOrder(
    lines: FakeLine[],
    extra: { orderType?: string; schedule?: { date: string; orderPosition: number; quantity: string }[]; supplier?: { name: string } } = {},
  ): SalesOrder {
    const q = this.createQuote(lines, extra);
    this.quotes.delete(q.number);
    return this.makeOrder(q, null);
  }

  private makeOrder(q: Quote, quoteNumber: string | null): SalesOrder {
    const o = {
      number: this.number('AB'),
      status: 'confirmed',
      quoteNumber,
      quoteRevision: quoteNumber ? q.revision : null,
      orderType: q.orderType ?? 'standard',
      priority: q.orderType === 'rush' ? 'rush' : 'normal',
      dueDate: null,
      schedule: q.schedule,
      supplier: q.supplier,
      customer: q.customer,
      lines: q.lines,
      totals: q.totals,
      grossBase: q.grossBase,
      currency: q.currency,
      createdBy: 'anna',
      delivered: [],
      version: 1,
    } as unknown as SalesOrder;
    this.orders.set(o.number, o);
    return structuredClone(o);
  }

  private quote(number: string): Quote {
    const q = this.quotes.get(number);
    if (!q) throw refusal(404, 'not_found', `quote ${number} not found`);
    return q;
  }

  private transition(q: Quote, from: string[], to: string, action: string): void {
    if (!from.includes(q.status)) throw refusal(409, 'invalid_transition', `quote in state '${q.status}' cannot '${action}'`);
    q.status = to as Quote['status'];
    q.version += 1;
  }

  /** The activities, each logging its call. */
  activities(): SaleActivities {
    const log =
      <A extends unknown[], R>(name: keyof SaleActivities, fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        this.calls.push({ name, input: args[0] });
        const delay = this.options.delays[name];
        if (delay) await new Promise((r) => setTimeout(r, delay));
        return fn(...args);
      };
    const quoteStep = (from: string[], to: string, action: string, after?: (q: Quote) => void) => (i: { number: string; idempotencyKey: string }) =>
      this.once(i.idempotencyKey, () => {
        const q = this.quote(i.number);
        this.transition(q, from, to, action);
        after?.(q);
        return quoteFacts(q);
      });
    const a: SaleActivities = {
      getTimings: async () => this.options.timings as SaleTimings,
      editQuote: (i) =>
        this.once(i.idempotencyKey, () => {
          const q = this.quote(i.number);
          const newRevision = q.status === 'sent' || q.status === 'expired';
          this.transition(q, ['draft', 'approved', 'sent', 'expired'], 'draft', 'edit');
          if (newRevision) q.revision += 1;
          q.approvals = [];
          return quoteFacts(q);
        }),
      submitQuote: (i) =>
        this.once(i.idempotencyKey, () => {
          const q = this.quote(i.number);
          const levels = this.options.approvalLevels;
          this.transition(q, ['draft'], levels.length ? 'pending_approval' : 'approved', 'submit');
          q.approvals = levels.map((l, n) => ({ ...l, reasons: [], status: n === 0 ? 'pending' : 'pending', decidedBy: null, decidedAt: null, comment: null }));
          return quoteFacts(q);
        }),
      decideApproval: (i) =>
        this.once(i.idempotencyKey, () => {
          const q = this.quote(i.number);
          const step = q.approvals.find((s) => s.status === 'pending');
          if (q.status !== 'pending_approval' || !step || step.level !== i.level)
            throw refusal(409, 'no_pending_approval', `no approval pending at level ${i.level}`);
          step.status = i.decision === 'approve' ? 'approved' : 'rejected';
          step.decidedBy = i.actor?.id ?? null;
          if (i.decision === 'reject') q.status = 'draft';
          else if (!q.approvals.some((s) => s.status === 'pending')) q.status = 'approved';
          q.version += 1;
          return quoteFacts(q);
        }),
      expireQuote: quoteStep(['sent'], 'expired', 'expire'),
      notify: (i) => this.once(i.idempotencyKey, () => ({ id: `N-${this.calls.length}` })),
      sendQuote: quoteStep(['draft', 'approved'], 'sent', 'send', (q) => {
        q.expiresAt = new Date(Date.now() + this.options.validityMs).toISOString();
      }),
      acceptQuote: quoteStep(['sent'], 'accepted', 'accept'),
      rejectQuote: quoteStep(['sent'], 'rejected', 'reject'),
      cancelQuote: quoteStep(['draft', 'pending_approval', 'approved', 'sent'], 'cancelled', 'cancel'),
      // Like the order service, which reads the quote from its owner: only an accepted quote of this revision becomes an order.
      convertQuote: async (i) => {
        const order = await this.once(i.idempotencyKey, () => {
          const q = this.quote(i.quoteNumber);
          if (q.status !== 'accepted') throw refusal(409, 'quote_not_accepted', `quote ${q.number} is '${q.status}'; only an accepted quote becomes an order`);
          if (q.revision !== i.revision) throw refusal(409, 'revision_superseded', `revision ${i.revision} is superseded by revision ${q.revision}`);
          return this.makeOrder(q, q.number);
        });
        await this.once(i.markKey, () => {
          const q = this.quote(i.quoteNumber);
          this.transition(q, ['accepted'], 'converted', 'convert');
          q.orderNumber = order.number;
        });
        return this.orderFacts(order);
      },
      getOrder: async (number) => {
        const o = this.orders.get(number);
        if (!o) throw refusal(404, 'not_found', `order ${number} not found`);
        return this.orderFacts(o);
      },
      alertRushOrder: (i) =>
        this.once(i.idempotencyKey, () => {
          this.notices.push(rushNotice(this.orders.get(i.orderNumber)!));
        }),
      handOverDropShip: (i) =>
        this.once(i.idempotencyKey, () => {
          const o = this.orders.get(i.orderNumber)!;
          if (o.supplier) this.notices.push(dropShipNotice({ ...o, supplier: o.supplier }));
        }),
      // Like the order service, whose delivered quantities are a projection that may lag: it does not know about a shipment yet.
      cancelOrder: (i) =>
        this.once(i.idempotencyKey, () => {
          const o = this.orders.get(i.number)!;
          if (o.status === 'cancelled') throw refusal(409, 'invalid_transition', `order in state 'cancelled' cannot 'cancel'`);
          o.status = 'cancelled' as SalesOrder['status'];
          return orderFacts(o);
        }),
      // Like the order service, which asks the warehouse what shipped or is on a note: only the rest can be cancelled.
      cancelOrderLine: (i) =>
        this.once(i.idempotencyKey, () => {
          const o = this.orders.get(i.orderNumber)!;
          const line = o.lines.find((l) => l.position === i.position);
          if (!line) throw refusal(422, 'validation_failed', `no position ${i.position}`);
          const open = new Decimal(line.quantity).minus(this.cancelledOf(o.number, i.position)).minus(this.noted(o.number, i.position));
          const quantity = new Decimal(i.quantity ?? open);
          if (!open.gt(0) || quantity.gt(open)) throw refusal(409, open.gt(0) ? 'exceeds_open' : 'nothing_open', `at most ${open.toString()} can be cancelled`);
          this.cancelled.set(`${o.number}:${i.position}`, this.cancelledOf(o.number, i.position).plus(quantity));
          const lineOpen = open.minus(quantity).gt(0);
          return {
            ...this.orderFacts(o),
            position: i.position,
            lineOpen,
            orderComplete: this.complete(o),
            awaitingStock: lineOpen && this.outOfStock.has(`${o.number}:${i.position}`),
          };
        }),
      createDeliveryNote: (i) =>
        this.once(i.idempotencyKey, () => {
          const o = this.orders.get(i.orderNumber)!;
          if (o.status === 'cancelled') throw refusal(409, 'invalid_transition', `order ${o.number} is cancelled`);
          const noted = (pos: number) =>
            [...this.notes.values()]
              .filter((n) => n.orderNumber === o.number)
              .flatMap((n) => n.lines)
              .filter((l) => l.orderPosition === pos)
              .reduce((s, l) => s.plus(l.quantity), new Decimal(0));
          // Like the fulfillment service: make-to-order lines wait for their goods.
          const awaiting = this.awaiting(o);
          const waiting = i.lines?.find((l) => awaiting.includes(l.orderPosition));
          if (waiting) throw refusal(409, 'awaiting_production', `position ${waiting.orderPosition} awaits production`);
          const lines =
            i.lines ??
            o.lines
              .filter((l) => l.kind !== 'charge' && !awaiting.includes(l.position) && !this.outOfStock.has(`${o.number}:${l.position}`))
              .map((l) => ({
                orderPosition: l.position,
                quantity: new Decimal(l.quantity).minus(noted(l.position)).minus(this.cancelledOf(o.number, l.position)).toString(),
              }))
              .filter((l) => new Decimal(l.quantity).gt(0));
          if (lines.length === 0) throw refusal(409, 'nothing_to_deliver', `order ${o.number} has nothing left to deliver`);
          const note = {
            number: this.number('LS'),
            orderNumber: o.number,
            status: 'created',
            lines,
            carrier: null,
            trackingNumber: null,
            shippedAt: null,
            version: 1,
          } as unknown as DeliveryNote;
          this.notes.set(note.number, note);
          return deliveryFacts(note);
        }),
      shipDeliveryNote: (i) =>
        this.once(i.idempotencyKey, () => {
          const n = this.notes.get(i.number)!;
          if (n.status === 'shipped') throw refusal(409, 'invalid_transition', `delivery note in state 'shipped' cannot 'ship'`);
          Object.assign(n, { status: 'shipped', carrier: i.carrier, shippedAt: new Date().toISOString() });
          // Like the fulfillment service: do the shipped notes (and cancelled quantities) of the order now cover every ordered goods position?
          const o = this.orders.get(n.orderNumber)!;
          const complete = this.complete(o);
          const waiting = o.lines
            .filter((l) => this.outOfStock.has(`${o.number}:${l.position}`))
            .filter((l) => new Decimal(l.quantity).minus(this.cancelledOf(o.number, l.position)).gt(this.noted(o.number, l.position)))
            .map((l) => l.position);
          return deliveryFacts(n, complete, waiting);
        }),
      createInvoice: (i) =>
        this.once(i.idempotencyKey, () => {
          const o = this.orders.get(i.orderNumber)!;
          for (const n of i.deliveryNoteNumbers) {
            if (this.notes.get(n)!.status !== 'shipped') throw refusal(409, 'not_shipped', `delivery note ${n} is not shipped yet`);
            const billed = [...this.invoices.values()].find((inv) => inv.status !== 'cancelled' && inv.deliveryNoteNumbers.includes(n));
            if (billed) throw refusal(409, 'already_invoiced', `delivery note ${n} is billed by ${billed.number}`);
          }
          const gross = i.deliveryNoteNumbers
            .flatMap((n) => this.notes.get(n)!.lines)
            .reduce((s, l) => s.plus(new Decimal(l.quantity).times(o.lines.find((x) => x.position === l.orderPosition)!.unitPrice)), new Decimal(0))
            .toFixed(2);
          const inv = {
            number: this.number('RE'),
            status: 'issued',
            kind: 'invoice',
            ...(this.options.invoiceDueDate ? { dueDate: this.options.invoiceDueDate } : {}),
            orderNumber: o.number,
            deliveryNoteNumbers: [...i.deliveryNoteNumbers],
            totals: { net: gross, vat: '0.00', gross, taxGroups: [] },
            paidAmount: '0.00',
            openAmount: gross,
            payments: [],
            version: 1,
          } as unknown as Invoice;
          this.invoices.set(inv.number, inv);
          return invoiceFacts(inv);
        }),
      // Like the invoicing service: one invoice over shipped, unbilled notes of orders of one customer and currency, lines per order.
      createCombinedInvoice: (i) =>
        this.once(i.idempotencyKey, () => {
          const notes = i.deliveryNoteNumbers.map((n) => this.notes.get(n)!);
          const orders = [...new Set(notes.map((n) => n.orderNumber))].map((n) => this.orders.get(n)!);
          notes.forEach((n, k) => {
            if (n.status !== 'shipped') throw refusal(409, 'not_shipped', `delivery note ${n.number} is not shipped yet (deliveryNoteNumbers[${k}])`);
            const billed = [...this.invoices.values()].find((inv) => inv.status !== 'cancelled' && inv.deliveryNoteNumbers.includes(n.number));
            if (billed) throw refusal(409, 'already_invoiced', `delivery note ${n.number} is billed by ${billed.number}`);
          });
          const odd = orders.find((o) => o.currency !== orders[0]!.currency || o.customer.id !== orders[0]!.customer.id);
          if (odd) throw refusal(422, 'currency_mismatch', `order ${odd.number} differs from order ${orders[0]!.number}`);
          const gross = notes
            .flatMap((n) => n.lines.map((l) => ({ l, o: this.orders.get(n.orderNumber)! })))
            .reduce((s, { l, o }) => s.plus(new Decimal(l.quantity).times(o.lines.find((x) => x.position === l.orderPosition)!.unitPrice)), new Decimal(0))
            .toFixed(2);
          const inv = {
            ...this.issue(orders[0]!.number, 'invoice', gross),
            ...(this.options.invoiceDueDate ? { dueDate: this.options.invoiceDueDate } : {}),
            orderNumbers: orders.map((o) => o.number),
            deliveryNoteNumbers: notes.map((n) => n.number),
          } as Invoice;
          this.invoices.set(inv.number, inv);
          const parts = orders.map((o) => ({
            orderNumber: o.number,
            saleNumber: o.quoteNumber ?? o.number,
            deliveryNoteNumbers: notes.filter((n) => n.orderNumber === o.number).map((n) => n.number),
          }));
          return { invoice: invoiceFacts(inv), parts };
        }),
      recordPayment: (i) =>
        this.once(i.idempotencyKey, () => {
          const inv = this.invoices.get(i.number)!;
          if (inv.status === 'cancelled' || inv.status === 'paid') throw refusal(409, 'invalid_transition', `invoice in state '${inv.status}' cannot 'pay'`);
          const paid = new Decimal(inv.paidAmount).plus(i.amount);
          Object.assign(inv, {
            paidAmount: paid.toFixed(2),
            openAmount: new Decimal(inv.totals.gross).minus(paid).toFixed(2),
            status: paid.gte(inv.totals.gross) ? 'paid' : 'partially_paid',
          });
          inv.payments.push({ id: `P-${inv.payments.length + 1}`, amount: i.amount, receivedAt: new Date().toISOString(), reference: i.reference ?? null });
          return invoiceFacts(inv);
        }),
      billPlanItem: (i) =>
        this.once(i.idempotencyKey, () => {
          const o = this.orders.get(i.orderNumber)!;
          const item = (this.billingPlans.get(o.number) ?? []).find((x) => x.key === i.itemKey);
          if (!item) throw refusal(404, 'not_found', `no billing plan item ${i.itemKey}`);
          // Like the invoicing service: the trigger must be reached, or overridden with a reason.
          const t = item.trigger;
          const shipped = (p: number) =>
            [...this.notes.values()]
              .filter((n) => n.orderNumber === o.number && n.status === 'shipped')
              .flatMap((n) => n.lines)
              .filter((l) => l.orderPosition === p)
              .reduce((a, l) => a.plus(l.quantity), new Decimal(0));
          const reached =
            t.on === 'order_confirmed' ||
            t.on === 'manual' ||
            (t.on === 'milestone_done' && this.plans.get(o.number)?.milestones.some((m) => m.id === t.milestoneId && m.status === 'done')) ||
            (t.on === 'positions_shipped' && t.positions.every((p) => shipped(p).gte(o.lines.find((l) => l.position === p)!.quantity)));
          if (!reached && !i.overrideReason) throw refusal(409, 'trigger_not_reached', `billing plan item ${item.key} cannot be billed yet`);
          const gross = new Decimal(this.orderGross(o)).times(item.percent).div(100).toFixed(2);
          return invoiceFacts(this.issue(o.number, item.kind, gross));
        }),
      billFinal: (i) =>
        this.once(i.idempotencyKey, () => {
          const o = this.orders.get(i.orderNumber)!;
          const earlier = [...this.invoices.values()].filter((x) => x.orderNumber === o.number && x.status !== 'cancelled');
          const gross = earlier.reduce((a, x) => a.minus(x.totals.gross), new Decimal(this.orderGross(o))).toFixed(2);
          return invoiceFacts(this.issue(o.number, 'final', gross));
        }),
      issueDraft: (i) => this.once(i.idempotencyKey, () => invoiceFacts(this.issue('', 'invoice', '0.00'))),
      billPeriod: (i) =>
        this.once(i.idempotencyKey, () => {
          // Like the invoicing service: each period once, the next one `periodMs` later, none after the last.
          const inv = this.issue(i.orderNumber, 'recurring', '100.00');
          this.periods.push({ period: i.period, invoiceNumber: inv.number });
          const { periodMs, periods } = this.options.subscription;
          const next = i.period + 1 < periods ? { period: i.period + 1, startsAt: new Date(Date.now() + periodMs).toISOString() } : null;
          return { outcome: 'invoiced' as const, invoiceNumber: inv.number, dueDate: null, next };
        }),
      getDunningLevels: async () => structuredClone(this.options.dunningLevels),
      remind: (i) =>
        this.once(i.idempotencyKey, () => {
          // Like the invoicing service: a settled invoice gets no reminder.
          const inv = this.invoices.get(i.invoiceNumber)!;
          if (inv.status === 'paid' || inv.status === 'cancelled') return { reason: 'settled', number: null };
          const number = this.number('MA');
          this.reminders.push({ number, invoiceNumber: i.invoiceNumber, level: i.level });
          return { reason: 'issued', number };
        }),
      billTime: (i) => this.once(i.idempotencyKey, () => invoiceFacts(this.issue(i.orderNumber, 'time_material', '950.00'))),
      cancelInvoice: (i) =>
        this.once(i.idempotencyKey, () => {
          const inv = this.invoices.get(i.number)!;
          if (inv.status !== 'issued') throw refusal(409, 'invalid_transition', `invoice in state '${inv.status}' cannot 'cancel'`);
          Object.assign(inv, { status: 'cancelled', cancellationReason: i.reason });
          return invoiceFacts(inv);
        }),
    };
    return Object.fromEntries(Object.entries(a).map(([name, fn]) => [name, log(name as keyof SaleActivities, fn as any)])) as SaleActivities;
  }
}
