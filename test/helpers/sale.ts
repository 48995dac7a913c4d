import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, ok } from '../../scripts/api-client.ts';

/** Builders for test data through the public API; every name is unique per run. */
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export async function newCustomer(overrides: Record<string, unknown> = {}) {
  const name = (overrides.name as string) ?? `Testkunde ${unique('K')}`;
  return ok('sales', 'POST', '/api/v1/customers', {
    name,
    billingAddress: { name, street: 'Lindenstraße 5', postalCode: '50674', city: 'Köln', country: 'DE' },
    paymentTermsDays: 14,
    ...overrides,
  });
}

export async function newProduct(price: string, taxCategory: 'standard' | 'reduced' = 'standard', name = 'Testartikel') {
  return ok('sales_manager', 'POST', '/api/v1/products', { sku: unique('SKU'), name, unit: 'Stk', prices: { EUR: price }, taxCategory });
}

/** A quote taken through send and accept to an order. */
export async function orderedSale(lines: { productId: string; quantity: string; discountPercent?: string }[], customerId?: string) {
  const customer = customerId ?? (await newCustomer()).id;
  const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer, currency: 'EUR', lines });
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
  const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
  return { quote, order };
}

/** Extracts the text of a PDF with poppler's pdftotext. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-pdf-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The letters of the diagonal draft mark (ENTWURF), as pdftotext reads them: a letter per line, bottom to top ("FRUWTNE"). */
export function draftMark(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[A-Z]$/.test(l))
    .join('');
}

/**
 * Downloads a PDF, waiting (bounded) while it answers pdf_not_ready: the document
 * service renders after the business step has answered, not within it.
 */
export async function downloadPdf(number: string, opts: { revision?: number; kind?: 'pick_list' | 'receipt'; timeoutMs?: number } = {}): Promise<Buffer> {
  const query = new URLSearchParams({ ...(opts.revision ? { revision: String(opts.revision) } : {}), ...(opts.kind ? { kind: opts.kind } : {}) }).toString();
  const path = `/api/v1/documents/${number}/pdf${query ? `?${query}` : ''}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const res = await api('accounting', 'GET', path);
    if (res.status === 200) return res.body as Buffer;
    const notReady = res.body?.code === 'pdf_not_ready';
    if (!notReady || Date.now() > deadline) throw new Error(`PDF ${number}: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export { api, ok };
