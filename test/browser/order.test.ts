import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { BASE_URL, ok } from '../../scripts/api-client.ts';
import { demoPassword } from '../../scripts/demo-users.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';
import { draftMark, newCustomer, newProduct, orderedSale, pdfText } from '../helpers/sale.ts';
import { csrfOf, demoUser, launch, pageAs, screenshot, type DemoRole } from './browser.ts';

let browser: Browser;
const pages = new Map<DemoRole, Page>();
const as = async (role: DemoRole) => {
  if (!pages.has(role)) pages.set(role, await pageAs(browser, role));
  return pages.get(role)!;
};
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const flash = (page: Page) => page.locator('.flash').first().textContent();
const ACTION_FORMS = {
  deliver: '#delivery-form',
  ship: '.ship-form',
  invoice: '#invoice-form',
  pay: '.pay-form',
  plan: '.plan-item',
  delivered: '.delivered-form',
  draft: '#drafts form',
} as const;
const formsOn = async (page: Page) =>
  Object.fromEntries(await Promise.all(Object.entries(ACTION_FORMS).map(async ([k, sel]) => [k, await page.locator(sel).count()] as const)));

/** The API session token of a demo user, as the web app gets it. */
async function apiSession(role: DemoRole): Promise<string> {
  const u = demoUser(role);
  const res = await fetch(`${BASE_URL}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: u.name, password: demoPassword(u.name) }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe('the order page', () => {
  let order: { number: string };

  beforeAll(async () => {
    const gear = await newProduct('250.00', 'standard', 'Getriebe');
    const manual = await newProduct('19.90', 'reduced', 'Handbuch');
    ({ order } = await orderedSale([
      { productId: gear.id, quantity: '5' },
      { productId: manual.id, quantity: '1' },
    ]));
  });

  it('lets the warehouse ship part of an order: quantities per line, then carrier and tracking number', async () => {
    const page = await as('warehouse');
    await page.goto(`/orders/${order.number}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Auftrag ${order.number}`);
    expect(await formsOn(page)).toEqual({ deliver: 1, ship: 0, invoice: 0, pay: 0, plan: 0, delivered: 0, draft: 0 });
    await page.getByLabel('Menge für Position 1').fill('2');
    await page.getByRole('button', { name: 'Lieferschein erstellen' }).click();
    await expect(flash(page)).resolves.toBe('Lieferschein erstellt.');
    await screenshot(page, '03-order-warehouse');
    await page.getByLabel('Spediteur').fill('DHL');
    await page.getByLabel('Sendungsnummer').fill('00340434161094099999');
    await page.getByRole('button', { name: 'Versenden' }).click();
    await expect(flash(page)).resolves.toMatch(/^Lieferschein LS-\d{4}-\d+ versendet\.$/);
    const delivery = page.locator('ol.timeline li.delivery');
    await expect(delivery.textContent()).resolves.toMatch(/versendet[\s\S]*DHL · 00340434161094099999[\s\S]*2 Stk Getriebe/);
    // Two of five shipped: the line shows three open, the order is partially delivered.
    await expect(page.locator('table.grid').first().locator('tbody tr').first().textContent()).resolves.toMatch(/5 Stk\s*2\s*0\s*3/);
  });

  it('lets accounting invoice the shipped note and book the payment', async () => {
    const page = await as('accounting');
    await page.goto(`/orders/${order.number}`);
    expect(await formsOn(page)).toMatchObject({ deliver: 0, ship: 0, invoice: 1 });
    await page.getByRole('button', { name: 'Rechnung erstellen und stellen' }).click();
    await expect(flash(page)).resolves.toBe('Rechnung gestellt.');
    const invoice = page.locator('ol.timeline li.invoice');
    await expect(invoice.textContent()).resolves.toMatch(/Rechnung RE-\d{4}-\d+[\s\S]*gestellt[\s\S]*595,00\s€/);
    await page.locator('li.invoice details.action summary').click();
    await screenshot(page, '04-order-accounting');
    await expect(page.getByLabel('Betrag (EUR)').inputValue()).resolves.toBe('595.00');
    await page.getByLabel('Verwendungszweck').fill('Überweisung Kunde');
    await page.getByRole('button', { name: 'Zahlung erfassen' }).click();
    await expect(flash(page)).resolves.toMatch(/^Zahlung zu RE-\d{4}-\d+ erfasst\.$/);
    await expect(invoice.locator('.badge').textContent()).resolves.toBe('bezahlt');
    await expect(page.locator('ol.timeline li.payment').textContent()).resolves.toMatch(/Zahlung 595,00\s€[\s\S]*Überweisung Kunde/);
    // The audit trail in words, each with its code as the title; newest first.
    const audit = page.locator('h2#audit-h + table');
    await expect(audit.textContent()).resolves.toMatch(/Abrechnung erfasst[\s\S]*Lieferung erfasst[\s\S]*Angelegt\s*vertrieb/);
    await expect(audit.textContent()).resolves.not.toMatch(/billing_recorded|delivery_recorded/);
    await expect(audit.locator('span[title=billing_recorded]').count()).resolves.toBeGreaterThan(0);
  });

  it('downloads the invoice PDF through the web app', async () => {
    const page = await as('accounting');
    await page.goto(`/orders/${order.number}`);
    const href = (await page.locator('li.invoice a.pdf').getAttribute('href'))!;
    expect(href).toMatch(/^\/documents\/RE-\d{4}-\d+\/pdf$/);
    let res = await page.request.get(href);
    for (let i = 0; i < 60 && res.status() === 409; i++) {
      await new Promise((r) => setTimeout(r, 500));
      res = await page.request.get(href);
    }
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows sales no warehouse or accounting action; a forged post is refused by the app, and by the API anyway', async () => {
    const page = await as('sales');
    await page.goto(`/orders/${order.number}`);
    expect(await formsOn(page)).toEqual({ deliver: 0, ship: 0, invoice: 0, pay: 0, plan: 0, delivered: 0, draft: 0 });
    await expect(page.locator('main button').count()).resolves.toBe(0);
    const forged = await page.request.post(`/orders/${order.number}/delivery-notes`, { form: { _csrf: await csrfOf(page), qty_1: '1' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    // The API refuses the sales user's own session token just the same: the role check is the API's.
    const token = await apiSession('sales');
    const direct = await fetch(`${BASE_URL}/api/v1/orders/${order.number}/delivery-notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ orderPosition: 1, quantity: '1' }] }),
    });
    expect(direct.status).toBe(403);
    const notes = await ok('warehouse', 'GET', `/api/v1/orders/${order.number}/delivery-notes`);
    expect(notes).toHaveLength(1);
  });

  it('lets the warehouse record the arrival of a shipped note', async () => {
    const page = await as('warehouse');
    await page.goto(`/orders/${order.number}`);
    expect(await formsOn(page)).toMatchObject({ delivered: 1, draft: 0 });
    await page.locator('li.delivery details.action summary', { hasText: 'Zustellung von' }).click();
    await expect(page.getByLabel('Zugestellt am').inputValue()).resolves.toBe(berlinDate(new Date()));
    await page.getByRole('button', { name: 'Zustellung erfassen' }).click();
    await expect(flash(page)).resolves.toMatch(/^Zustellung von LS-\d{4}-\d+ erfasst\.$/);
    await expect(page.locator('ol.timeline li.delivery').textContent()).resolves.toContain(
      `zugestellt ${new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' }).format(new Date())}`,
    );
    expect(await formsOn(page)).toMatchObject({ delivered: 0 });
    // Accounting may not record arrivals: no form, and the app refuses the post.
    const accounting = await as('accounting');
    await accounting.goto(`/orders/${order.number}`);
    expect(await formsOn(accounting)).toMatchObject({ delivered: 0 });
  });

  it('lets accounting keep an invoice as a draft, preview its PDF (marked ENTWURF) and issue it', async () => {
    const warehouse = await as('warehouse');
    await warehouse.goto(`/orders/${order.number}`);
    await warehouse.getByRole('button', { name: 'Lieferschein erstellen' }).click();
    await warehouse.getByLabel('Spediteur').fill('GLS');
    await warehouse.getByRole('button', { name: 'Versenden' }).click();
    await expect(flash(warehouse)).resolves.toMatch(/versendet\.$/);

    const page = await as('accounting');
    await page.goto(`/orders/${order.number}`);
    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    await expect(flash(page)).resolves.toBe('Rechnungsentwurf angelegt.');
    // The note is on the draft now: it is not offered for another invoice.
    expect(await formsOn(page)).toMatchObject({ invoice: 0, draft: 2 });
    const draft = page.locator('#drafts li.draft');
    await expect(draft.textContent()).resolves.toMatch(/Entwurf vom[\s\S]*Lieferscheine: LS-\d{4}-\d+/);
    await screenshot(page, '04a-order-invoice-draft');
    const href = (await draft.getByRole('link', { name: 'PDF-Vorschau (Entwurf)' }).getAttribute('href'))!;
    const preview = await page.request.get(href);
    expect(preview.status()).toBe(200);
    const raw = pdfText(await preview.body());
    expect(draftMark(raw)).toBe('FRUWTNE'); // ENTWURF, diagonal
    const text = raw.replace(/\s+/g, ' ');
    // 3 × 250.00 + 1 × 19.90: 750.00 at 19 %, 19.90 at 7 %.
    for (const expected of ['Rechnungsentwurf', 'Entwurf – noch keine Rechnung', 'Getriebe', 'Handbuch', '750,00', '19,90']) expect(text).toContain(expected);
    expect(text).not.toMatch(/RE-\d{4}-\d+/);

    // Sales sees the draft but may not issue it.
    const sales = await as('sales');
    await sales.goto(`/orders/${order.number}`);
    await expect(sales.locator('#drafts li.draft').count()).resolves.toBe(1);
    expect(await formsOn(sales)).toMatchObject({ draft: 0 });

    await draft.getByRole('button', { name: 'Als Rechnung stellen' }).click();
    await expect(flash(page)).resolves.toBe('Rechnungsentwurf als Rechnung gestellt.');
    await expect(page.locator('#drafts').count()).resolves.toBe(0);
    await expect(page.locator('ol.timeline li.invoice').count()).resolves.toBe(2);
  });

  it('links the 80 mm receipt of a counter sale, which says it was paid in cash', async () => {
    const customer = await newCustomer();
    const product = await newProduct('49.90', 'standard', 'Thekenartikel');
    const sale = await ok('sales', 'POST', '/api/v1/orders', {
      customerId: customer.id,
      currency: 'EUR',
      orderType: 'cash_sale',
      lines: [{ productId: product.id, quantity: '1' }],
    });
    const page = await as('accounting');
    let link = page.getByRole('link', { name: 'Kassenbon (Kleinbetragsrechnung)' });
    for (let i = 0; i < 60 && (await link.count()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      await page.goto(`/orders/${sale.number}`);
      link = page.getByRole('link', { name: 'Kassenbon (Kleinbetragsrechnung)' });
    }
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/invoices\/RE-\d{4}-\d+\/receipt\.pdf$/);
    let res = await page.request.get(href);
    for (let i = 0; i < 120 && res.status() === 409; i++) {
      await new Promise((r) => setTimeout(r, 500));
      res = await page.request.get(href);
    }
    expect(res.status()).toBe(200);
    const text = pdfText(await res.body()).replace(/\s+/g, ' ');
    expect(text).toMatch(/Kassenbon[\s\S]*59,38[\s\S]*Bar bezahlt am \d{2}\.\d{2}\.\d{4}\./);
    expect(text).not.toContain('Zahlbar');
    await screenshot(page, '04b-order-counter-sale');
    // A standard order's invoices have no receipt link.
    await page.goto(`/orders/${order.number}`);
    await expect(page.locator('a.receipt').count()).resolves.toBe(0);
  }, 240_000);

  it('gives the project manager the milestone invoice button, with a reason while the milestone is not done; overdue milestones are marked', async () => {
    const today = berlinDate(new Date());
    const customer = await newCustomer();
    const product = await newProduct('10000.00', 'standard', 'Steuerungsschrank');
    const direct = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const plan = await ok('planner', 'POST', `/api/v1/orders/${direct.number}/milestones`, {
      milestones: [{ name: 'Konstruktion', plannedDate: addDays(today, -2), responsible: 'planung' }],
    });
    await ok('project_manager', 'POST', `/api/v1/orders/${direct.number}/billing-plan`, {
      items: [
        {
          key: 'konstruktion',
          label: 'Konstruktion',
          kind: 'progress',
          share: { kind: 'percent', value: '25' },
          trigger: { on: 'milestone_done', milestoneId: plan.milestones[0].id },
        },
      ],
    });
    const accounting = await as('accounting');
    await accounting.goto(`/orders/${direct.number}`);
    expect(await formsOn(accounting)).toMatchObject({ plan: 0 });

    const page = await as('project_manager');
    await page.goto(`/orders/${direct.number}`);
    await expect(page.locator('li.milestone.overdue .badge.overdue').textContent()).resolves.toBe('überfällig');
    await expect(page.locator('.plan-item').textContent()).resolves.toContain('Auslöser noch nicht erreicht');
    await screenshot(page, '07-order-project-manager');
    await page.getByLabel('Begründung (Auslöser noch nicht erreicht)').fill('Kunde hat die Konstruktion vorab freigegeben');
    await page.getByRole('button', { name: 'Rechnung stellen: Konstruktion' }).click();
    await expect(flash(page)).resolves.toBe('Rechnung gestellt.');
    await expect(page.locator('li.invoice').textContent()).resolves.toMatch(/Abschlagsrechnung RE-\d{4}-\d+[\s\S]*2.975,00\s€/);
    await expect(page.locator('.plan-item').count()).resolves.toBe(0);
    const link = await page.getByRole('link', { name: 'Ablauf im Temporal UI öffnen' }).getAttribute('href');
    expect(link).toMatch(new RegExp(`/namespaces/default/workflows/sale%3A${direct.number}$`));
  });
});
