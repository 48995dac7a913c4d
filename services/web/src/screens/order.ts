import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { postAction } from '../actions.ts';
import { bodyOf, bodyOr, callApi, query, readAll } from '../api.ts';
import { requireRole, tokenOf } from '../auth.ts';
import { webConfig } from '../config.ts';
import type { Screen } from '../screen.ts';
import './order.words.ts';
import { auditLabel } from './audit.words.ts';
import { pdfRefusal, sendPdfAnswer } from './documents.ts';
import {
  berlinToday,
  billableItems,
  deliverableLines,
  invoiceableNotes,
  timeline,
  type DeliveryNote,
  type FulfilmentLine,
  type Invoice,
  type InvoiceDraft,
  type Milestone,
  type PlanItem,
  type Revision,
} from './order-timeline.ts';

/** Who may press what on the order page: the same roles the API allows (admins may do all). */
export const ORDER_ACTIONS = {
  deliver: ['warehouse'],
  ship: ['warehouse'],
  invoice: ['accounting', 'project_manager'],
  pay: ['accounting'],
  billPlanItem: ['project_manager'],
  finalInvoice: ['project_manager', 'accounting'],
  /** Drafts: created, issued and discarded by who invoices (POST /invoices with draft, /invoice-drafts/{id}/issue|discard). */
  draft: ['accounting', 'project_manager'],
  markDelivered: ['warehouse'],
} as const;

export const SHIPPING_METHODS = ['parcel', 'freight', 'pickup', 'courier'] as const;

/** A read that may be refused or absent (no plan, no quote) without failing the page. */
async function optional<T>(token: string, path: string, fallback: T): Promise<T> {
  const res = await callApi<T>(token, 'GET', path);
  return res.status === 200 ? res.body : fallback;
}

const positive = (v: unknown) => typeof v === 'string' && v.trim() !== '' && !/^0*([.,]0*)?$/.test(v.trim());

/** 4. The order page: the order as a timeline of its documents, with the actions the user's roles may take. */
export const orderScreen: Screen = {
  mount(router: Router) {
    router.get('/orders/:number', async (req, res) => {
      const token = tokenOf(res);
      const number = encodeURIComponent(String(req.params.number));
      // Everything keyed by the order number in one round trip; only the quote's revisions wait for the order.
      const reads = await readAll(token, [
        `/orders/${number}`,
        `/orders/${number}/delivery-notes`,
        `/invoices${query({ orderNumber: String(req.params.number), limit: 200 })}`,
        `/orders/${number}/milestones`,
        `/orders/${number}/billing`,
        `/orders/${number}/fulfilment`,
        `/audit/${number}`,
        `/orders/${number}/invoice-drafts?status=open`,
      ]);
      const order = bodyOf<Record<string, any>>(reads[0]!);
      const notes = bodyOr<DeliveryNote[]>(reads[1]!, []);
      const invoices = bodyOr<{ items: Invoice[] }>(reads[2]!, { items: [] });
      const plan = bodyOr<{ milestones: Milestone[] }>(reads[3]!, { milestones: [] });
      const billing = bodyOr<{ items: PlanItem[]; finalInvoice: string | null } | null>(reads[4]!, null);
      const fulfilment = bodyOr<{ lines: FulfilmentLine[] } | null>(reads[5]!, null);
      const audit = bodyOr<{ at: string; action: string; actor: { id: string; role: string }; details: unknown }[]>(reads[6]!, []);
      const drafts = bodyOr<InvoiceDraft[]>(reads[7]!, []);
      const revisions = order.quoteNumber ? await optional<Revision[]>(token, `/quotes/${encodeURIComponent(order.quoteNumber)}/revisions`, []) : [];
      const today = berlinToday();
      const saleId = `sale:${order.quoteNumber ?? order.number}`;
      res.render('order', {
        title: `${res.locals.t('order.title')} ${order.number}`,
        order,
        entries: timeline({
          order: { number: order.number, createdAt: order.createdAt },
          revisions,
          notes,
          invoices: invoices.items,
          milestones: plan.milestones,
          today,
          counterSale: order.orderType === 'cash_sale',
        }),
        deliverable: fulfilment ? deliverableLines(fulfilment.lines) : [],
        fulfilment: fulfilment?.lines ?? [],
        openNotes: notes.filter((n) => n.status === 'open'),
        invoiceable: invoiceableNotes(notes, invoices.items, drafts),
        drafts,
        payable: invoices.items.filter((i) => !i.refersTo && i.status !== 'cancelled' && positive(i.openAmount)),
        billable: billing ? billableItems(billing.items ?? [], plan.milestones) : [],
        hasPlan: Boolean(billing?.items?.length),
        finalInvoice: billing?.finalInvoice ?? null,
        audit: audit
          .slice()
          .reverse()
          .map((a) => ({ ...a, label: auditLabel(res.locals.t, a.action) })),
        actions: ORDER_ACTIONS,
        methods: SHIPPING_METHODS,
        key: () => randomUUID(),
        today,
        temporalLink: `${webConfig.temporalUi}/namespaces/${encodeURIComponent(webConfig.temporalNamespace)}/workflows/${encodeURIComponent(saleId)}`,
      });
    });

    const back = (n: string) => `/orders/${encodeURIComponent(n)}`;
    router.post('/orders/:number/delivery-notes', requireRole(...ORDER_ACTIONS.deliver), (req, res) => {
      const n = String(req.params.number);
      const lines = Object.entries(req.body as Record<string, unknown>)
        .filter(([k, v]) => /^qty_\d+$/.test(k) && positive(v))
        .map(([k, v]) => ({ orderPosition: Number(k.slice(4)), quantity: String(v).trim().replace(',', '.') }));
      return postAction(req, res, {
        path: `/orders/${encodeURIComponent(n)}/delivery-notes`,
        body: lines.length ? { lines } : {},
        back: back(n),
        done: res.locals.t('order.deliveryCreated'),
      });
    });
    router.post('/orders/:number/delivery-notes/:note/ship', requireRole(...ORDER_ACTIONS.ship), (req, res) =>
      postAction(req, res, {
        path: `/delivery-notes/${encodeURIComponent(String(req.params.note))}/ship`,
        body: {
          method: String(req.body.method ?? 'parcel'),
          carrier: String(req.body.carrier ?? '').trim(),
          ...(String(req.body.trackingNumber ?? '').trim() ? { trackingNumber: String(req.body.trackingNumber).trim() } : {}),
        },
        back: back(String(req.params.number)),
        done: res.locals.t('order.shipped', { number: String(req.params.note) }),
      }),
    );
    // One form, two buttons: issue at once, or (draft=1) keep it as a draft to look at and issue later.
    router.post('/orders/:number/invoices', requireRole(...ORDER_ACTIONS.invoice), (req, res) => {
      const draft = req.body.draft === '1';
      return postAction(req, res, {
        path: '/invoices',
        body: { deliveryNoteNumbers: ([] as unknown[]).concat(req.body.deliveryNoteNumbers ?? []).map(String), ...(draft ? { draft: true } : {}) },
        back: back(String(req.params.number)),
        done: res.locals.t(draft ? 'order.draftCreated' : 'order.invoiced'),
      });
    });
    for (const [step, done] of [
      ['issue', 'order.draftIssued'],
      ['discard', 'order.draftDiscarded'],
    ] as const)
      router.post(`/orders/:number/invoice-drafts/:id/${step}`, requireRole(...ORDER_ACTIONS.draft), (req, res) =>
        postAction(req, res, {
          path: `/invoice-drafts/${encodeURIComponent(String(req.params.id))}/${step}`,
          back: back(String(req.params.number)),
          done: res.locals.t(done),
        }),
      );
    router.get('/invoice-drafts/:id/preview.pdf', async (req, res) => {
      const id = String(req.params.id);
      const answer = await callApi(tokenOf(res), 'GET', `/invoice-drafts/${encodeURIComponent(id)}/pdf`, undefined, { raw: true });
      if (!sendPdfAnswer(res, answer, 'Rechnungsentwurf.pdf')) pdfRefusal(res, answer);
    });
    router.post('/orders/:number/delivery-notes/:note/delivered', requireRole(...ORDER_ACTIONS.markDelivered), (req, res) =>
      postAction(req, res, {
        path: `/delivery-notes/${encodeURIComponent(String(req.params.note))}/delivered`,
        body: { deliveredOn: String(req.body.deliveredOn ?? '').trim() },
        back: back(String(req.params.number)),
        done: res.locals.t('order.markedDelivered', { number: String(req.params.note) }),
      }),
    );
    router.post('/orders/:number/invoices/:invoice/payments', requireRole(...ORDER_ACTIONS.pay), (req, res) =>
      postAction(req, res, {
        path: `/invoices/${encodeURIComponent(String(req.params.invoice))}/payments`,
        body: {
          amount: String(req.body.amount ?? '')
            .trim()
            .replace(',', '.'),
          ...(req.body.receivedAt ? { receivedAt: String(req.body.receivedAt) } : {}),
          ...(String(req.body.reference ?? '').trim() ? { reference: String(req.body.reference).trim() } : {}),
        },
        back: back(String(req.params.number)),
        done: res.locals.t('order.paid', { number: String(req.params.invoice) }),
      }),
    );
    router.post('/orders/:number/billing-plan/:item/invoice', requireRole(...ORDER_ACTIONS.billPlanItem), (req, res) =>
      postAction(req, res, {
        path: `/orders/${encodeURIComponent(String(req.params.number))}/billing-plan/${encodeURIComponent(String(req.params.item))}/invoice`,
        body: String(req.body.overrideReason ?? '').trim() ? { overrideReason: String(req.body.overrideReason).trim() } : {},
        back: back(String(req.params.number)),
        done: res.locals.t('order.invoiced'),
      }),
    );
    router.post('/orders/:number/final-invoice', requireRole(...ORDER_ACTIONS.finalInvoice), (req, res) =>
      postAction(req, res, {
        path: `/orders/${encodeURIComponent(String(req.params.number))}/final-invoice`,
        back: back(String(req.params.number)),
        done: res.locals.t('order.invoiced'),
      }),
    );
  },
};
