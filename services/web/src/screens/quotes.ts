import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { QUOTE_STATUSES } from '../../../../shared/contracts/quote/types.ts';
import { postAction, refusalText } from '../actions.ts';
import { redirectWith } from '../render.ts';
import { ApiError, asProblem, bodyOf, callApi, query, readAll } from '../api.ts';
import { requireRole, tokenOf } from '../auth.ts';
import { filterValues, withParams, type FilterField } from '../list-filters.ts';
import type { Screen } from '../screen.ts';
import { QUOTE_AUTHORS, mountQuoteEditor } from './quote-editor.ts';
import { pdfRefusal, sendPdfAnswer } from './documents.ts';
import './quotes.words.ts';

/** Which step the quote's status allows, and who may take it: the API's rules, shown so that nobody sees a button that must fail. */
export function quoteActions(q: { status: string; approvals: { status: string }[] }): string[] {
  const pending = q.approvals.some((a) => a.status !== 'approved');
  switch (q.status) {
    case 'draft':
      return ['edit', pending ? 'submit' : 'send', 'cancel'];
    case 'approved':
      return ['edit', 'send', 'cancel'];
    case 'pending_approval':
      return ['cancel'];
    case 'sent':
      return ['edit', 'accept', 'reject', 'cancel'];
    case 'expired':
      return ['edit'];
    case 'accepted':
      return ['convert'];
    default:
      return [];
  }
}

/** Quote statuses whose revision has a PDF (it is rendered when the quote is sent). */
const SENT_STATES = ['sent', 'accepted', 'rejected', 'expired', 'converted'];

export const QUOTE_FILTERS: FilterField[] = [
  { name: 'number', label: 'quotes.number', kind: 'text', placeholder: 'AN-2026-00001' },
  { name: 'customer', label: 'quotes.customer', kind: 'text', placeholder: 'K-10001' },
  { name: 'status', label: 'quotes.status', kind: 'select', options: QUOTE_STATUSES, labelPrefix: 'quoteStatus.' },
  { name: 'from', label: 'orders.from', kind: 'date' },
  { name: 'to', label: 'orders.to', kind: 'date' },
];
const READERS = [...QUOTE_AUTHORS, 'director'] as const;

/** 2. Quotes: the list, each quote with its lines, totals per VAT rate, approvals and revisions, its steps by role; the editor. */
export const quotesScreen: Screen = {
  nav: { path: '/quotes', label: 'nav.quotes', roles: READERS },
  mount(router: Router) {
    mountQuoteEditor(router);
    router.get('/quotes', requireRole(...READERS), async (req, res) => {
      const filters = filterValues(req, QUOTE_FILTERS, ['offset']);
      const answer = await callApi<{ items: unknown[]; hasMore: boolean; nextOffset: number | null }>(
        tokenOf(res),
        'GET',
        `/quotes${query({ ...filters, limit: 50 })}`,
      );
      const problem = answer.status === 400 ? asProblem(answer) : null;
      if (answer.status >= 400 && !problem) throw new ApiError(asProblem(answer));
      const page = problem ? { items: [], hasMore: false, nextOffset: null } : answer.body;
      res.render('quotes', {
        title: res.locals.t('quotes.title'),
        fields: QUOTE_FILTERS,
        filters,
        problem,
        page,
        authors: QUOTE_AUTHORS,
        nextUrl: page.hasMore && page.nextOffset !== null ? withParams('/quotes', filters, { offset: String(page.nextOffset) }) : null,
      });
    });
    router.get('/quotes/:number', requireRole(...READERS), async (req, res) => {
      const token = tokenOf(res);
      const number = encodeURIComponent(String(req.params.number));
      const reads = await readAll(token, [`/quotes/${number}`, `/quotes/${number}/revisions`]);
      const quote = bodyOf<Record<string, any>>(reads[0]!);
      const revisions = bodyOf<Record<string, any>[]>(reads[1]!);
      res.render('quote', {
        title: `${res.locals.t('quotes.quote')} ${quote.number}`,
        quote,
        revisions,
        actions: quoteActions(quote as { status: string; approvals: { status: string }[] }),
        authors: QUOTE_AUTHORS,
        hasPdf: (r: { status: string }) => SENT_STATES.includes(r.status),
        // The current revision is not sent yet: the page offers its draft PDF.
        draftPdf: !SENT_STATES.includes(quote.status) && quote.status !== 'cancelled',
        key: () => randomUUID(),
      });
    });
    // A quote not sent yet: its draft PDF as it is now (marked ENTWURF, not archived).
    router.get('/quotes/:number/preview.pdf', requireRole(...READERS), async (req, res) => {
      const number = String(req.params.number);
      const answer = await callApi(tokenOf(res), 'GET', `/quotes/${encodeURIComponent(number)}/preview/pdf`, undefined, { raw: true });
      if (!sendPdfAnswer(res, answer, `Angebotsentwurf-${number}.pdf`)) pdfRefusal(res, answer);
    });
    const step = (action: string, done: string, body?: (b: Record<string, unknown>) => unknown) =>
      router.post(`/quotes/:number/${action}`, requireRole(...QUOTE_AUTHORS), (req, res) => {
        const n = String(req.params.number);
        return postAction(req, res, {
          path: `/quotes/${encodeURIComponent(n)}/${action}`,
          body: body ? body(req.body as Record<string, unknown>) : {},
          back: `/quotes/${encodeURIComponent(n)}`,
          done: res.locals.t(done, { number: n }),
        });
      });
    const reason = (b: Record<string, unknown>) => (String(b.reason ?? '').trim() ? { reason: String(b.reason).trim() } : {});
    step('submit', 'quotes.submitted');
    step('send', 'quotes.sent');
    step('accept', 'quotes.accepted');
    step('reject', 'quotes.rejected', reason);
    step('cancel', 'quotes.cancelled', reason);
    router.post('/quotes/:number/convert', requireRole(...QUOTE_AUTHORS), async (req, res) => {
      const n = String(req.params.number);
      const key = typeof req.body._key === 'string' && /^[\w-]{8,100}$/.test(req.body._key) ? req.body._key : undefined;
      const answer = await callApi<{ number: string }>(tokenOf(res), 'POST', `/quotes/${encodeURIComponent(n)}/convert`, {}, { idempotencyKey: key });
      if (answer.status >= 400) return redirectWith(res, `/quotes/${encodeURIComponent(n)}`, 'error', refusalText(answer));
      // The order page is where the sale goes on.
      return redirectWith(res, `/orders/${encodeURIComponent(answer.body.number)}`, 'ok', res.locals.t('quotes.converted', { number: answer.body.number }));
    });
  },
};
