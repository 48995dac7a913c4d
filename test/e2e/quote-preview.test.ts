import { api, draftMark, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { parseDocumentNumber } from '../../shared/numbering.ts';

/*
 * A quote's draft PDF: the editor's unsaved content (POST /quotes/preview/pdf) or a saved quote not sent yet
 * (GET /quotes/{number}/preview/pdf), marked ENTWURF, titled Angebotsentwurf, never archived; unsaved
 * content takes no number. Once sent, the archived PDF is the quote's and the preview answers 409.
 * 2 × 120.00 at 19 % − 5 % = 228.00 net, 43.32 VAT, 271.32 gross.
 */
describe('quote draft PDF', () => {
  let customerId: string;
  let productId: string;
  beforeAll(async () => {
    customerId = (await newCustomer()).id;
    productId = (await newProduct('120.00', 'standard', 'Vorschau-Fräser')).id;
  });
  const content = () => ({ customerId, currency: 'EUR', lines: [{ productId, quantity: '2', discountPercent: '5' }] });
  /** The PDF's text on one line, and its diagonal draft mark (ENTWURF, read bottom to top). */
  const text = (pdf: unknown) => pdfText(pdf as Buffer).replace(/\s+/g, ' ');
  const mark = (pdf: unknown) => draftMark(pdfText(pdf as Buffer));

  it('renders the unsaved content without taking a number, marked ENTWURF', async () => {
    const before = await ok('sales', 'POST', '/api/v1/quotes', content());
    const res = await api('sales', 'POST', '/api/v1/quotes/preview/pdf', content());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const t = text(res.body);
    expect(mark(res.body)).toBe('FRUWTNE');
    for (const expected of ['Angebotsentwurf', 'Entwurf – noch ohne Nummer', 'Vorschau-Fräser', '228,00', '43,32', '271,32']) expect(t).toContain(expected);
    expect(t).not.toMatch(/AN-\d{4}-\d+/);
    // No number consumed: the next quote takes the number right after the one before the preview.
    const after = await ok('sales', 'POST', '/api/v1/quotes', content());
    expect(parseDocumentNumber(after.number)!.sequence).toBe(parseDocumentNumber(before.number)!.sequence + 1);
  });

  it('refuses bad content naming the field, and roles that may not write quotes', async () => {
    const bad = await api('sales', 'POST', '/api/v1/quotes/preview/pdf', { ...content(), lines: [{ productId, quantity: '-1' }] });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body.errors)).toContain('lines[0].quantity');
    expect((await api('warehouse', 'POST', '/api/v1/quotes/preview/pdf', content())).status).toBe(403);
  });

  it('renders a saved draft quote with its number, archives nothing, and answers 409 once the quote is sent', async () => {
    const quote = await ok('sales', 'POST', '/api/v1/quotes', content());
    const res = await api('director', 'GET', `/api/v1/quotes/${quote.number}/preview/pdf`);
    expect(res.status).toBe(200);
    const t = text(res.body);
    expect(mark(res.body)).toBe('FRUWTNE');
    for (const expected of ['Angebotsentwurf', quote.number, 'Vorschau-Fräser', '271,32']) expect(t).toContain(expected);
    // Nothing archived: the quote has no document before it is sent.
    expect((await api('sales', 'GET', `/api/v1/documents/${quote.number}/pdf`)).status).toBe(404);

    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    const sent = await api('sales', 'GET', `/api/v1/quotes/${quote.number}/preview/pdf`);
    expect(sent.status).toBe(409);
    expect(sent.body.code).toBe('quote_issued');
  });
});
