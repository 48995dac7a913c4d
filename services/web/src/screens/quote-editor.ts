import type { Request, Response, Router } from 'express';
import { ApiError, apiOk, asProblem, callApi, query, type Problem } from '../api.ts';
import { requireRole, tokenOf } from '../auth.ts';
import { redirectWith } from '../render.ts';
import { refusalText } from '../actions.ts';
import { sendPdfAnswer } from './documents.ts';

/** Who writes quotes: the API's sales roles. */
export const QUOTE_AUTHORS = ['sales', 'sales_manager'] as const;

/** One line as the editor holds it: what the user typed, nothing computed. */
export interface EditorLine {
  productId: string;
  label: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
}

/** The editor's state, carried in the form (no server-side draft): a new quote, or an edit of `number` at `expectedVersion`. */
export interface EditorState {
  number: string;
  expectedVersion: string;
  customerId: string;
  customerLabel: string;
  currency: string;
  documentDiscountPercent: string;
  customerSearch: string;
  productSearch: string;
  lines: EditorLine[];
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
const str = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');
/** German decimal commas become points; the API validates and computes (no arithmetic here). */
const decimal = (v: string): string => v.trim().replace(/\s/g, '').replace(',', '.');

/** The editor's state from a posted form. */
export function stateOf(body: Record<string, unknown>): EditorState {
  const ids = list(body.line_productId);
  const at = (name: string, i: number) => str(list(body[name])[i]);
  return {
    number: /^AN-\d{4}-\d{5,20}$/.test(str(body.number)) ? str(body.number) : '',
    expectedVersion: /^\d{1,9}$/.test(str(body.expectedVersion)) ? str(body.expectedVersion) : '',
    customerId: str(body.customerId, 100),
    customerLabel: str(body.customerLabel),
    currency: /^[A-Z]{3}$/.test(str(body.currency)) ? str(body.currency) : 'EUR',
    documentDiscountPercent: str(body.documentDiscountPercent, 20),
    customerSearch: str(body.customerSearch, 100),
    productSearch: str(body.productSearch, 100),
    lines: ids.slice(0, 200).map((productId, i) => ({
      productId: productId.slice(0, 100),
      label: at('line_label', i),
      quantity: at('line_quantity', i),
      unitPrice: at('line_unitPrice', i),
      discountPercent: at('line_discountPercent', i),
    })),
  };
}

/** What the API gets: the content as typed (empty fields left out, so the pricing engine decides them). */
export function contentOf(s: EditorState): Record<string, unknown> {
  return {
    customerId: s.customerId,
    currency: s.currency,
    ...(s.documentDiscountPercent ? { documentDiscountPercent: decimal(s.documentDiscountPercent) } : {}),
    lines: s.lines.map((l) => ({
      productId: l.productId,
      quantity: decimal(l.quantity),
      ...(l.unitPrice ? { unitPrice: decimal(l.unitPrice) } : {}),
      ...(l.discountPercent ? { discountPercent: decimal(l.discountPercent) } : {}),
    })),
  };
}

export const emptyState = (): EditorState => ({
  number: '',
  expectedVersion: '',
  customerId: '',
  customerLabel: '',
  currency: 'EUR',
  documentDiscountPercent: '',
  customerSearch: '',
  productSearch: '',
  lines: [],
});

/** The live totals: the API's price preview of the content (its pricing engine; nothing is computed here), or why it cannot price. */
export async function previewOf(token: string, s: EditorState): Promise<{ preview: unknown; problem: Problem | null }> {
  if (!s.customerId || s.lines.length === 0) return { preview: null, problem: null };
  const answer = await callApi(token, 'POST', '/quotes/preview', contentOf(s));
  if (answer.status === 200) return { preview: answer.body, problem: null };
  if (answer.status === 422 || answer.status === 400 || answer.status === 409) return { preview: null, problem: asProblem(answer) };
  throw new Error(`price preview answered ${answer.status}`);
}

interface Found {
  customers: { id: string; number: string; name: string }[];
  products: { id: string; sku: string; name: string; unit: string; prices: Record<string, string> }[];
}

/** Renders the editor with its preview and, if asked, search results. */
async function renderEditor(res: Response, s: EditorState, found: Partial<Found> = {}, saveProblem: Problem | null = null): Promise<void> {
  const { preview, problem } = await previewOf(tokenOf(res), s);
  res.render('quote-editor', {
    title: s.number ? res.locals.t('quotes.editTitle', { number: s.number }) : res.locals.t('quotes.newTitle'),
    state: s,
    preview,
    problem: saveProblem ?? problem,
    customers: found.customers ?? null,
    products: found.products ?? null,
  });
}

/** One step of the editor (its buttons): searches, picking, adding and removing lines, recomputing, saving. */
async function editorStep(req: Request, res: Response): Promise<void> {
  const token = tokenOf(res);
  const s = stateOf(req.body as Record<string, unknown>);
  const op = str(req.body.op);
  if (op === 'customerSearch') {
    const page = await apiOk<{ items: Found['customers'] }>(token, 'GET', `/customers${query({ search: s.customerSearch, limit: 20 })}`);
    return renderEditor(res, s, { customers: page.items });
  }
  if (op === 'productSearch') {
    const page = await apiOk<{ items: Found['products'] }>(token, 'GET', `/products${query({ search: s.productSearch, limit: 20 })}`);
    return renderEditor(res, s, { products: page.items });
  }
  if (op.startsWith('customer:')) {
    const c = await apiOk<{ id: string; number: string; name: string; currency: string }>(token, 'GET', `/customers/${encodeURIComponent(op.slice(9))}`);
    return renderEditor(res, { ...s, customerId: c.id, customerLabel: `${c.name} (${c.number})`, currency: s.lines.length ? s.currency : c.currency });
  }
  if (op.startsWith('product:')) {
    const p = await apiOk<{ id: string; sku: string; name: string }>(token, 'GET', `/products/${encodeURIComponent(op.slice(8))}`);
    const line = { productId: p.id, label: `${p.sku} · ${p.name}`, quantity: '1', unitPrice: '', discountPercent: '' };
    return renderEditor(res, { ...s, lines: [...s.lines, line], productSearch: '' });
  }
  if (op.startsWith('remove:')) {
    const index = Number(op.slice(7));
    return renderEditor(res, { ...s, lines: s.lines.filter((_, i) => i !== index) });
  }
  if (op === 'save') {
    const body = s.number ? { ...contentOf(s), customerId: undefined, expectedVersion: Number(s.expectedVersion) } : contentOf(s);
    const path = s.number ? `/quotes/${encodeURIComponent(s.number)}/edit` : '/quotes';
    const answer = await callApi<{ number: string; revision: number }>(token, 'POST', path, body);
    if (answer.status >= 400) return renderEditor(res, s, {}, { ...asProblem(answer), detail: refusalText(answer) });
    return redirectWith(
      res,
      `/quotes/${answer.body.number}`,
      'ok',
      res.locals.t('quotes.saved', { number: answer.body.number, revision: answer.body.revision }),
    );
  }
  return renderEditor(res, s);
}

/** 2. The quote editor's routes: new, edit (from a saved quote), its steps, and the live-totals fragment for app scripts. */
export function mountQuoteEditor(router: Router): void {
  router.get('/quotes/new', requireRole(...QUOTE_AUTHORS), (_req, res) => renderEditor(res, emptyState()));
  router.get('/quotes/:number/edit', requireRole(...QUOTE_AUTHORS), async (req, res) => {
    const q = await apiOk<Record<string, any>>(tokenOf(res), 'GET', `/quotes/${encodeURIComponent(String(req.params.number))}`);
    const state: EditorState = {
      ...emptyState(),
      number: q.number,
      expectedVersion: String(q.version),
      customerId: q.customer.id,
      customerLabel: `${q.customer.name} (${q.customer.number})`,
      currency: q.currency,
      documentDiscountPercent: q.documentDiscountPercent === '0' ? '' : q.documentDiscountPercent,
      // The engine's prices are not written back as overrides: an edit keeps pricing them (agreements, tiers).
      lines: (q.lines as Record<string, string>[])
        .filter((l) => l.productId)
        .map((l) => ({
          productId: l.productId!,
          label: `${l.sku} · ${l.description}`,
          quantity: l.quantity!,
          unitPrice: '',
          discountPercent: l.discountPercent === '0' || l.discountPercent === '0.0000' ? '' : l.discountPercent!,
        })),
    };
    return renderEditor(res, state);
  });
  router.post('/quotes/editor', requireRole(...QUOTE_AUTHORS), editorStep);
  // The editor's "PDF-Vorschau": the content as typed (saved or not), rendered by the API as a draft PDF without a number.
  router.post('/quotes/editor/pdf', requireRole(...QUOTE_AUTHORS), async (req, res) => {
    const s = stateOf(req.body as Record<string, unknown>);
    if (!s.customerId || s.lines.length === 0) return renderEditor(res.status(422), s);
    const answer = await callApi(tokenOf(res), 'POST', '/quotes/preview/pdf', contentOf(s), { raw: true });
    if (sendPdfAnswer(res, answer, 'Angebotsentwurf.pdf')) return;
    if (answer.status >= 500) throw new ApiError(asProblem(answer));
    return renderEditor(res.status(answer.status), s, {}, { ...asProblem(answer), detail: refusalText(answer) });
  });
  // The live totals for the page's script: the same preview, as an HTML fragment.
  router.post('/quotes/editor/preview', requireRole(...QUOTE_AUTHORS), async (req, res) => {
    const { preview, problem } = await previewOf(tokenOf(res), stateOf(req.body as Record<string, unknown>));
    res.render('partials/quote-totals', { preview, problem });
  });
}
