import type { FilterQuery } from '@mikro-orm/core';
import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import {
  BillingCommands,
  DraftCommands,
  DunningCommands,
  InvoicingCommands,
  SubscriptionCommands,
  TimeCommands,
} from '../../../shared/contracts/invoicing/index.ts';
import { createDraft, discardDraft, editDraft, getDraft, issueDraft, listDrafts, type DraftSources } from './draft.service.ts';
import { billPeriod, changeSubscription, createSubscription, getSubscription } from './subscription.service.ts';
import { dunningSettings, getReminder, overdueInvoices, remind, setDunningSettings } from './dunning.service.ts';
import { QuoteCommands } from '../../../shared/contracts/quote/index.ts';
import { billTime, recordTimeEntry, timeEntryJson } from './time-billing.service.ts';
import { TimeEntryEntity } from './time-entry.entities.ts';
import { BillingPlanCommands, MilestoneCommands, OrderCommands } from '../../../shared/contracts/order/index.ts';
import { FulfillmentCommands, StockCommands } from '../../../shared/contracts/fulfillment/index.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { documentWhere, toPage } from '../../../shared/contracts/lists.ts';
import { InvoiceEntity, type InvoiceRow } from './entities.ts';
import { billFinal, billingStatus, billPlanItem, type PlanFacts } from './plan-billing.service.ts';
import { createInvoice, invoicesJson, loadInvoice } from './invoice.service.ts';
import { createCombinedInvoice } from './combined-invoice.service.ts';
import { cancelInvoice, createCreditNote, recordRefund } from './correction.service.ts';
import { recordPayment } from './payments/record-payment.ts';
import { paymentEndpoints } from './payments/endpoints.ts';

/** The invoicing service's NATS API: invoices, payments, corrections (ST, RK) and refunds. */
export function invoicingEndpoints(ctx: ServiceContext) {
  // What a draft bills is read from the owners of the order and the notes whenever it is shown or issued.
  const sources: DraftSources = async (orderNumber, noteNumbers) => ({
    order: await call(ctx.nc, OrderCommands.get, { number: orderNumber }),
    notes: await Promise.all(noteNumbers.map((number) => call(ctx.nc, FulfillmentCommands.get, { number }))),
  });
  return [
    // The caller names the order and the notes to bill; what was ordered at which price, and what
    // was shipped, come from the order and fulfillment services.
    endpoint(InvoicingCommands.create, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.create.subject, async (tx) => {
        const order = await call(ctx.nc, OrderCommands.get, { number: input.orderNumber });
        const notes = await Promise.all([...new Set(input.deliveryNoteNumbers)].map((number) => call(ctx.nc, FulfillmentCommands.get, { number })));
        return createInvoice(tx, order, notes, input.actor);
      }).finally(() => ctx.relay.kick()),
    ),
    // A combined invoice (Sammelrechnung): the notes name their orders; each order and note is read from its owner.
    endpoint(InvoicingCommands.createCombined, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.createCombined.subject, async (tx) => {
        const notes = await Promise.all([...new Set(input.deliveryNoteNumbers)].map((number) => call(ctx.nc, FulfillmentCommands.get, { number })));
        const orders = await Promise.all([...new Set(notes.map((n) => n.orderNumber))].map((number) => call(ctx.nc, OrderCommands.get, { number })));
        return createCombinedInvoice(tx, input, notes, orders, input.actor);
      }).finally(() => ctx.relay.kick()),
    ),
    endpoint(InvoicingCommands.billPlanItem, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.billPlanItem.subject, async (tx) =>
        billPlanItem(tx, await planFacts(ctx, input.orderNumber, input.itemKey), input),
      ).finally(() => ctx.relay.kick()),
    ),
    endpoint(InvoicingCommands.billFinal, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.billFinal.subject, async (tx) =>
        billFinal(tx, await call(ctx.nc, OrderCommands.get, { number: input.orderNumber }), input.actor),
      ).finally(() => ctx.relay.kick()),
    ),
    endpoint(DraftCommands.create, (input) => onceByKey(ctx.em(), input.idempotencyKey, DraftCommands.create.subject, (tx) => createDraft(tx, input, sources))),
    endpoint(DraftCommands.get, (input) => getDraft(ctx.em(), input.id, sources)),
    endpoint(DraftCommands.list, (input) => listDrafts(ctx.em(), input.orderNumber, input.status)),
    endpoint(DraftCommands.edit, (input) => onceByKey(ctx.em(), input.idempotencyKey, DraftCommands.edit.subject, (tx) => editDraft(tx, input, sources))),
    endpoint(DraftCommands.discard, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, DraftCommands.discard.subject, (tx) => discardDraft(tx, input.id, input.actor)),
    ),
    endpoint(DraftCommands.issue, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, DraftCommands.issue.subject, (tx) => issueDraft(tx, input.id, sources, input.actor)).finally(() =>
        ctx.relay.kick(),
      ),
    ),
    endpoint(SubscriptionCommands.create, async (input) => {
      const order = await call(ctx.nc, OrderCommands.get, { number: input.orderNumber });
      return onceByKey(ctx.em(), input.idempotencyKey, SubscriptionCommands.create.subject, (tx) => createSubscription(tx, order, input));
    }),
    endpoint(SubscriptionCommands.get, (input) => getSubscription(ctx.em(), input.orderNumber)),
    endpoint(SubscriptionCommands.pause, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, SubscriptionCommands.pause.subject, (tx) =>
        changeSubscription(tx, input.orderNumber, { pause: true }, input.actor),
      ),
    ),
    endpoint(SubscriptionCommands.resume, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, SubscriptionCommands.resume.subject, (tx) =>
        changeSubscription(tx, input.orderNumber, { resume: true }, input.actor),
      ),
    ),
    endpoint(SubscriptionCommands.end, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, SubscriptionCommands.end.subject, (tx) =>
        changeSubscription(tx, input.orderNumber, { endDate: input.endDate }, input.actor),
      ),
    ),
    endpoint(SubscriptionCommands.changePrices, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, SubscriptionCommands.changePrices.subject, (tx) =>
        changeSubscription(tx, input.orderNumber, { from: input.from, lines: input.lines, reason: input.reason }, input.actor),
      ),
    ),
    endpoint(SubscriptionCommands.billPeriod, async (input) => {
      const order = await call(ctx.nc, OrderCommands.get, { number: input.orderNumber });
      return onceByKey(ctx.em(), input.idempotencyKey, SubscriptionCommands.billPeriod.subject, (tx) =>
        billPeriod(tx, order, input.period, input.actor),
      ).finally(() => ctx.relay.kick());
    }),
    endpoint(DunningCommands.settings, () => dunningSettings(ctx.em())),
    endpoint(DunningCommands.setSettings, ({ idempotencyKey, actor, ...settings }) =>
      onceByKey(ctx.em(), idempotencyKey, DunningCommands.setSettings.subject, (tx) => setDunningSettings(tx, settings, actor)),
    ),
    endpoint(DunningCommands.remind, async (input) => {
      // Interest per § 288 BGB depends on whether the customer is a business or a consumer: the quote service knows.
      const invoice = await loadInvoice(ctx.em(), input.invoiceNumber);
      const customer = await call(ctx.nc, QuoteCommands.customerGet, { id: invoice.customer.id });
      return onceByKey(ctx.em(), input.idempotencyKey, DunningCommands.remind.subject, (tx) => remind(tx, { ...input, customerType: customer.type })).finally(
        () => ctx.relay.kick(),
      );
    }),
    endpoint(DunningCommands.getReminder, (input) => getReminder(ctx.em(), input.number)),
    endpoint(DunningCommands.overdue, (q) => overdueInvoices(ctx.em(), q.level)),
    endpoint(TimeCommands.record, async (input) => {
      const [order, product] = await Promise.all([
        call(ctx.nc, OrderCommands.get, { number: input.orderNumber }),
        call(ctx.nc, QuoteCommands.productGet, { id: input.productId }),
      ]);
      return onceByKey(ctx.em(), input.idempotencyKey, TimeCommands.record.subject, (tx) => recordTimeEntry(tx, order, product.name, input));
    }),
    endpoint(TimeCommands.list, async (q) => {
      const rows = await ctx.em().find(
        TimeEntryEntity,
        {
          orderNumber: q.orderNumber,
          ...(q.billed ? { invoiceNumber: q.billed === 'true' ? { $ne: null } : null } : {}),
          ...(q.from || q.to ? { date: { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) } } : {}),
        },
        { orderBy: { date: 'asc', createdAt: 'asc' } },
      );
      return rows.map(timeEntryJson);
    }),
    endpoint(TimeCommands.bill, async (input) => {
      const order = await call(ctx.nc, OrderCommands.get, { number: input.orderNumber });
      // Priced like a quote of the order's customer: the activity's customer price (or the entry's rate) and the VAT of the destination.
      const price = (lines: { productId: string; quantity: string; unitPrice?: string; description: string }[]) =>
        call(ctx.nc, QuoteCommands.price, {
          customerId: order.customer.id,
          currency: order.currency,
          lines,
          paymentTermsDays: order.paymentTermsDays,
          actor: input.actor,
        });
      return onceByKey(ctx.em(), input.idempotencyKey, TimeCommands.bill.subject, (tx) => billTime(tx, order, input, price, input.actor)).finally(() =>
        ctx.relay.kick(),
      );
    }),
    endpoint(BillingCommands.status, async (input) => {
      const [order, plan] = await Promise.all([
        call(ctx.nc, OrderCommands.get, { number: input.orderNumber }),
        call(ctx.nc, BillingPlanCommands.get, { orderNumber: input.orderNumber }),
      ]);
      return billingStatus(ctx.em(), order, plan);
    }),
    endpoint(InvoicingCommands.get, (input) => loadInvoice(ctx.em(), input.number)),
    endpoint(InvoicingCommands.list, async (q) => {
      const em = ctx.em();
      // An order's invoices include the combined invoices (Sammelrechnungen) that bill it beside other orders.
      const combined = q.orderNumber
        ? await em.execute<{ number: string }[]>(`select number from invoice where order_numbers @> ?::jsonb`, [JSON.stringify([q.orderNumber])])
        : [];
      const where = {
        ...documentWhere(q),
        ...(q.status ? { status: q.status } : {}),
        ...(q.orderNumber ? { $and: [{ $or: [{ orderNumber: q.orderNumber }, { number: { $in: combined.map((r) => r.number) } }] }] } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.refersTo ? { refersTo: q.refersTo } : {}),
      };
      const rows = await em.find(InvoiceEntity, where as FilterQuery<InvoiceRow>, { orderBy: { number: 'desc' }, limit: q.limit + 1, offset: q.offset });
      const page = await invoicesJson(em, rows.slice(0, q.limit));
      return toPage(rows, q, (r) => page.find((i) => i.number === r.number)!);
    }),
    endpoint(InvoicingCommands.recordPayment, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.recordPayment.subject, (tx) => recordPayment(tx, input)).finally(() => ctx.relay.kick()),
    ),
    endpoint(InvoicingCommands.cancel, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.cancel.subject, (tx) => cancelInvoice(tx, input.number, input.reason, input.actor)).finally(
        () => ctx.relay.kick(),
      ),
    ),
    endpoint(InvoicingCommands.creditNote, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.creditNote.subject, (tx) =>
        createCreditNote(tx, input.number, input.reason, input.lines, input.actor),
      ).finally(() => ctx.relay.kick()),
    ),
    endpoint(InvoicingCommands.recordRefund, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, InvoicingCommands.recordRefund.subject, (tx) =>
        recordRefund(tx, input.number, input.amount, input.refundedAt, input.reference, input.actor),
      ).finally(() => ctx.relay.kick()),
    ),
    ...paymentEndpoints(ctx),
  ];
}

/** The order, its billing plan and what the item's trigger depends on, each from its owner. */
async function planFacts(ctx: ServiceContext, orderNumber: string, itemKey: string): Promise<PlanFacts> {
  const [order, plan] = await Promise.all([call(ctx.nc, OrderCommands.get, { number: orderNumber }), call(ctx.nc, BillingPlanCommands.get, { orderNumber })]);
  const trigger = plan.items.find((i) => i.key === itemKey)?.trigger;
  return {
    order,
    plan,
    ...(trigger?.on === 'milestone_done' ? { milestones: await call(ctx.nc, MilestoneCommands.get, { orderNumber }) } : {}),
    ...(trigger?.on === 'positions_shipped' ? { fulfilment: await call(ctx.nc, StockCommands.orderFulfilment, { number: orderNumber }) } : {}),
  };
}
