import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { Client as PgClient } from 'pg';
import { api, ok } from '../../scripts/api-client.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';
import { draftMark, newCustomer, newProduct, orderedSale, pdfText } from '../helpers/sale.ts';
import { demoPassword } from '../../scripts/demo-users.ts';
import { csrfOf, demoUser, launch, newContext, pageAs, screenshot, signIn, type DemoRole } from './browser.ts';

/**
 * The quote editor, approvals inbox, planning board and accounting screens in Chromium: a quote written with
 * customer and product search and live totals from the API's pricing engine, submitted, approved by the sales
 * manager, sent, accepted and converted; the board's overdue milestone marked done; accounting's open items,
 * dunning levels and a payment matched by hand; each role sees only its actions, and the app refuses the rest.
 */
let browser: Browser;
const pages = new Map<DemoRole, Page>();
const as = async (role: DemoRole) => {
  if (!pages.has(role)) pages.set(role, await pageAs(browser, role));
  return pages.get(role)!;
};
const flash = (page: Page) => page.locator('.flash').first().textContent();
const stamp = Date.now().toString(36);
let pg: PgClient;

beforeAll(async () => {
  browser = await launch();
  pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
  await pg.connect();
});
afterAll(async () => {
  await browser?.close();
  await pg?.end();
});

describe('quote editor and approvals', () => {
  let quoteNumber: string;

  it('writes a quote: finds customer and product, shows net/VAT/gross per rate as the API prices them while typing, saves', async () => {
    const customer = await newCustomer({ name: `Maschinenbau Süd ${stamp}` });
    await newProduct('100.00', 'standard', `Spindel ${stamp}`);
    await newProduct('20.00', 'reduced', `Fachbuch ${stamp}`);
    const page = await as('sales');
    await page.goto('/quotes');
    await page.getByRole('link', { name: 'Neues Angebot' }).click();
    await page.getByLabel('Kunde suchen').fill(`Süd ${stamp}`);
    await page.getByRole('button', { name: 'Suchen' }).first().click();
    await page.locator('#customer-results').getByRole('button', { name: 'Übernehmen' }).click();
    await expect(page.locator('#chosen-customer').textContent()).resolves.toContain(customer.number);
    for (const name of [`Spindel ${stamp}`, `Fachbuch ${stamp}`]) {
      await page.getByLabel('Artikel suchen').fill(name);
      await page.getByRole('button', { name: 'Suchen' }).last().click();
      await page.locator('#product-results').getByRole('button', { name: 'Hinzufügen' }).click();
    }
    // Two lines, 1 each: 100.00 at 19 % and 20.00 at 7 %, priced on the server round trip.
    await expect(page.locator('#live-totals [data-total=gross]').textContent()).resolves.toBe('140,40\u00a0€');

    // Typing changes the totals without a page load: the script asks the app, which asks the API's pricing engine.
    const updated = page.locator('#quote-totals[data-updated]');
    await page.getByLabel('Menge 1').fill('3');
    await page.getByLabel('Rabatt % 1').fill('12');
    await updated.waitFor();
    // 3 × 100 − 12 % = 264.00 (VAT 50.16) + 20.00 (VAT 1.40) = 284.00 net, 51.56 VAT, 335.56 gross.
    await page.waitForFunction(() => document.querySelector('#live-totals [data-total=gross]')?.textContent === '335,56\u00a0€');
    await expect(page.locator('#live-totals [data-total=net]').textContent()).resolves.toBe('284,00\u00a0€');
    await expect(page.locator('#live-totals [data-total=vat]').textContent()).resolves.toBe('51,56\u00a0€');
    await expect(page.locator('#live-totals tbody tr').allTextContents()).resolves.toEqual([
      expect.stringMatching(/19\s%\s*264,00\s€\s*50,16\s€\s*314,16\s€/),
      expect.stringMatching(/7\s%\s*20,00\s€\s*1,40\s€\s*21,40\s€/),
    ]);
    await expect(page.locator('.approvals-needed').textContent()).resolves.toContain('Rabatt 12 % über 10 %');
    await page.locator('#live-totals').scrollIntoViewIfNeeded();
    await screenshot(page, '10-quote-editor');

    // "PDF-Vorschau" posts the editor's unsaved state to the app, which has the API render a draft PDF without a number.
    const pdfButton = page.getByRole('button', { name: 'PDF-Vorschau' });
    await expect(pdfButton.getAttribute('formaction')).resolves.toBe('/quotes/editor/pdf');
    await expect(pdfButton.getAttribute('formtarget')).resolves.toBe('_blank');
    const formBody = await page.locator('#quote-editor').evaluate((f) => new URLSearchParams(new FormData(f as HTMLFormElement) as never).toString());
    const unsaved = await page.request.post('/quotes/editor/pdf', { data: formBody, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unsaved.status()).toBe(200);
    expect(unsaved.headers()['content-type']).toBe('application/pdf');
    const unsavedPdf = pdfText(await unsaved.body());
    expect(draftMark(unsavedPdf)).toBe('FRUWTNE'); // ENTWURF, diagonal
    const unsavedText = unsavedPdf.replace(/\s+/g, ' ');
    for (const expected of ['Angebotsentwurf', 'Entwurf – noch ohne Nummer', `Spindel ${stamp}`, `Fachbuch ${stamp}`, '335,56'])
      expect(unsavedText).toContain(expected);
    expect(unsavedText).not.toMatch(/AN-\d{4}-\d+/);

    await page.getByRole('button', { name: 'Angebot speichern' }).click();
    await expect(flash(page)).resolves.toMatch(/Angebot AN-\d{4}-\d+ gespeichert \(Revision 1\)\./);
    quoteNumber = (await page.locator('h1').textContent())!.match(/AN-\d{4}-\d+/)![0];
    const saved = await ok('admin', 'GET', `/api/v1/quotes/${quoteNumber}`);
    expect(saved.totals).toMatchObject({ net: '284.00', vat: '51.56', gross: '335.56' });
    // A quote that needs approval cannot be sent: the page offers submitting, not sending.
    await expect(page.getByRole('button', { name: 'An Kunden senden' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
    await expect(page.locator('#quote-status').textContent()).resolves.toBe('wartet auf Freigabe');
    await screenshot(page, '11-quote-page');
    // Not sent yet: the page links the draft PDF of the saved quote, with its number and the draft mark.
    const draftHref = (await page.getByRole('link', { name: 'PDF-Vorschau' }).getAttribute('href'))!;
    expect(draftHref).toBe(`/quotes/${quoteNumber}/preview.pdf`);
    const draft = await page.request.get(draftHref);
    expect(draft.status()).toBe(200);
    const draftPdf = pdfText(await draft.body());
    expect(draftMark(draftPdf)).toBe('FRUWTNE');
    const draftText = draftPdf.replace(/\s+/g, ' ');
    for (const expected of ['Angebotsentwurf', quoteNumber, `Spindel ${stamp}`, '335,56']) expect(draftText).toContain(expected);
  });

  it('shows the sales manager what waits and why, and approves; other roles have no inbox, a forged decision is refused', async () => {
    const sales = await as('sales');
    await expect(sales.getByRole('link', { name: 'Freigaben' }).count()).resolves.toBe(0);
    await sales.goto('/approvals');
    await expect(sales.locator('h1').textContent()).resolves.toBe('Fehler');
    const forged = await sales.request.post(`/approvals/${quoteNumber}/1`, { form: { _csrf: await csrfOf(sales), decision: 'approve' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);

    const manager = await as('sales_manager');
    await manager.getByRole('link', { name: 'Freigaben' }).click();
    const card = manager.locator('section.approval', { has: manager.getByRole('link', { name: quoteNumber }) });
    await expect(card.locator('ul.why').textContent()).resolves.toContain('Rabatt 12 % über 10 %');
    await expect(card.locator('dl.facts').textContent()).resolves.toContain('335,56');
    const noCsrf = await manager.request.post(`/approvals/${quoteNumber}/1`, { form: { decision: 'approve' }, maxRedirects: 0 });
    expect(noCsrf.status()).toBe(403);
    await screenshot(manager, '12-approvals');
    await card.getByRole('button', { name: 'Freigeben' }).click();
    await expect(flash(manager)).resolves.toBe(`Angebot ${quoteNumber} freigegeben (Stufe 1).`);
    await expect(manager.locator('section.approval', { has: manager.getByRole('link', { name: quoteNumber }) }).count()).resolves.toBe(0);
  });

  it('sends, records the acceptance and converts to an order; the quote keeps its revisions and PDF', async () => {
    const page = await as('sales');
    await page.goto(`/quotes/${quoteNumber}`);
    await page.getByRole('button', { name: 'An Kunden senden' }).click();
    await expect(page.locator('#quote-status').textContent()).resolves.toBe('versendet');
    await expect(page.locator('#revisions').getByRole('link', { name: 'PDF r1' }).count()).resolves.toBe(1);
    // Sent: the archived PDF is the quote's; no draft preview any more.
    await expect(page.getByRole('link', { name: 'PDF-Vorschau' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Annahme erfassen' }).click();
    await page.getByRole('button', { name: 'In Auftrag umwandeln' }).click();
    await expect(flash(page)).resolves.toMatch(/Auftrag AB-\d{4}-\d+ angelegt\./);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Auftrag AB-\d{4}-\d+$/);
    await screenshot(page, '13-converted-order');
  });

  it('shows a director the quote without edit buttons, and the warehouse no quotes at all', async () => {
    const director = await as('director');
    await director.goto(`/quotes/${quoteNumber}`);
    await expect(director.locator('main button').count()).resolves.toBe(0);
    const warehouse = await as('warehouse');
    await expect(warehouse.getByRole('link', { name: 'Angebote' }).count()).resolves.toBe(0);
    await warehouse.goto('/quotes/new');
    await expect(warehouse.locator('h1').textContent()).resolves.toBe('Fehler');
  });
});

describe('planning board', () => {
  it('lists open milestones overdue first, filters by responsible person, and marks one done', async () => {
    const product = await newProduct('5000.00', 'standard', 'Sondermaschine');
    const { order } = await orderedSale([{ productId: product.id, quantity: '1' }]);
    const today = berlinDate(new Date());
    const responsible = `pia-${stamp}`;
    await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones`, {
      milestones: [
        { name: `Konstruktion ${stamp}`, plannedDate: addDays(today, -3), responsible },
        { name: `Montage ${stamp}`, plannedDate: addDays(today, 14), responsible },
      ],
    });
    const page = await as('planner');
    await page.getByRole('link', { name: 'Planung' }).click();
    await page.getByLabel('Verantwortlich').fill(responsible);
    await page.getByRole('button', { name: 'Anwenden' }).click();
    const rows = page.locator('#planner-board tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.first().textContent()).resolves.toMatch(new RegExp(`überfällig[\\s\\S]*Konstruktion ${stamp}`));
    await screenshot(page, '14-planner');
    await rows.first().getByRole('button', { name: 'Erledigt' }).click();
    await expect(flash(page)).resolves.toBe(`Meilenstein „Konstruktion ${stamp}“ als erledigt gemeldet.`);
    await expect(rows.count()).resolves.toBe(1);
    expect((await ok('admin', 'GET', `/api/v1/orders/${order.number}/milestones`)).milestones[0].status).toBe('done');

    // The sales manager reads the board but has no button; the planner's post from a sales session is refused.
    const manager = await as('sales_manager');
    await manager.goto(`/planner?responsible=${responsible}`);
    await expect(manager.locator('#planner-board button').count()).resolves.toBe(0);
  });
});

describe('accounting', () => {
  it('shows open items per customer, overdue invoices by dunning level, and matches an unmatched payment by hand', async () => {
    const customer = await newCustomer({ name: `Spät zahlende GmbH ${stamp}` });
    const product = await newProduct('10.00');
    const { order } = await orderedSale([{ productId: product.id, quantity: '5' }], customer.id);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] }); // 59.50
    await pg.query(`update invoicing.invoice set due_date = $1 where number = $2`, [addDays(berlinDate(new Date()), -20), invoice.number]);
    // A transfer without a usable reference: it waits for accounting.
    await pg.query(
      `insert into invoicing.provider_payment (event_id, status, amount, currency, received_at, reference, payer_name, reason, created_at)
       values ($1, 'unmatched', 59.50, 'EUR', $2, 'Zahlung Kd Spät', 'Spät zahlende GmbH', 'no invoice number in the reference', now())`,
      [`evt-web-${stamp}`, berlinDate(new Date())],
    );

    const page = await as('accounting');
    await page.getByRole('link', { name: 'Buchhaltung' }).click();
    const row = page.locator('#open-items tbody tr', { hasText: customer.number });
    await expect(row.textContent()).resolves.toMatch(/59,50\s€\s*59,50\s€/);
    await expect(page.locator('table.dunning-level[data-level="0"]').textContent()).resolves.toContain(invoice.number);
    await screenshot(page, '15-accounting');

    const payment = page.locator('#unmatched tbody tr', { hasText: 'Zahlung Kd Spät' });
    await payment.getByLabel('Rechnungsnummer').fill(invoice.number);
    await payment.getByRole('button', { name: 'Zuordnen' }).click();
    await expect(flash(page)).resolves.toBe(`Zahlung evt-web-${stamp} der Rechnung ${invoice.number} zugeordnet und gebucht.`);
    expect((await ok('admin', 'GET', `/api/v1/invoices/${invoice.number}`)).status).toBe('paid');
    await expect(page.locator('#open-items tbody tr', { hasText: customer.number }).count()).resolves.toBe(0);

    // Sales managers read the open items but get no reminder, matching or credit section; the API refuses them anyway.
    const manager = await as('sales_manager');
    await manager.goto('/accounting');
    await expect(manager.locator('#unmatched').count()).resolves.toBe(0);
    await expect(manager.getByRole('button', { name: 'Nächste Mahnung' }).count()).resolves.toBe(0);
    expect((await api('sales_manager', 'POST', `/api/v1/invoices/${invoice.number}/reminders`)).status).toBe(403);
  });
});

describe('at 200 % zoom', () => {
  it('the quote editor and list, approvals, planning board and accounting need no sideways scrolling; titles and headings are there', async () => {
    const screens: [DemoRole, string, string][] = [
      ['sales', '/quotes/new', 'Neues Angebot'],
      ['sales', '/quotes', 'Angebote'],
      ['sales_manager', '/approvals', 'Freigaben'],
      ['planner', '/planner', 'Planungstafel'],
      ['accounting', '/accounting', 'Buchhaltung'],
    ];
    for (const [role, path, heading] of screens) {
      // 200 % zoom of a 1366×768 window: a 683×384 CSS-pixel viewport at twice the pixel density.
      const page = await (await newContext(browser, { width: 683, height: 384, scale: 2 })).newPage();
      const u = demoUser(role);
      await signIn(page, u.name, demoPassword(u.name));
      await page.goto(path);
      await expect(page.title()).resolves.toBe(`${heading} · Kontor`);
      await expect(page.locator('h1').textContent()).resolves.toBe(heading);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      if (path === '/quotes/new') await screenshot(page, '16-quote-editor-zoom-200');
      await page.context().close();
    }
  });
});
