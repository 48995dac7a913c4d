import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { demoPassword } from '../../scripts/demo-users.ts';
import { demoUser, launch, newContext, pageAs, screenshot, signIn } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The first order of the list (the demo data has some). */
async function firstOrder(page: Page): Promise<string> {
  await page.goto('/orders');
  return (await page.locator('#order-list tbody a').first().textContent())!;
}

describe('layout, accessibility and screenshots', () => {
  it('lists orders with filters kept in the URL, and screenshots the screens at 1366×768', async () => {
    const page = await pageAs(browser, 'admin');
    await page.goto('/orders');
    await expect(page.title()).resolves.toBe('Aufträge · Kontor');
    await screenshot(page, '01-orders');
    const number = await firstOrder(page);
    await page.getByLabel('Auftragsnummer').fill(number);
    await page.getByRole('button', { name: 'Anwenden' }).click();
    expect(new URL(page.url()).searchParams.get('number')).toBe(number);
    await expect(page.locator('#order-list tbody tr').count()).resolves.toBe(1);
    // The URL is the saved filter: opening it again gives the same list with the field filled in.
    const saved = page.url();
    await page.goto('/orders');
    await page.goto(saved);
    await expect(page.getByLabel('Auftragsnummer').inputValue()).resolves.toBe(number);
    // A bad filter value is the API's 400, shown beside the form.
    await page.goto('/orders?from=2026-12-31&to=2026-01-01');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('to');
    // Sorting by a column head, keyset paging with the API's cursor, the count of all matches.
    await page.goto('/orders?limit=2');
    // The count is formatted German: 1.154 Aufträge once the test database holds a thousand orders.
    await expect(page.locator('#order-count').textContent()).resolves.toMatch(/^\d{1,3}(\.\d{3})* Aufträge$/);
    await page.getByRole('link', { name: 'Brutto' }).click();
    await expect(page.locator('th[aria-sort]').textContent()).resolves.toContain('Brutto');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('total');
    const firstPage = await page.locator('#order-list tbody a[href^="/orders/"]').allTextContents();
    await page.getByRole('link', { name: 'Weiter' }).click();
    expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
    const secondPage = await page.locator('#order-list tbody a[href^="/orders/"]').allTextContents();
    expect(secondPage).toHaveLength(2);
    expect(secondPage.filter((n) => firstPage.includes(n))).toEqual([]);
    await page.goto(`/orders/${number}`);
    await expect(page.title()).resolves.toBe(`Auftrag ${number} · Kontor`);
    await screenshot(page, '02-order');
    await page.context().close();
  });

  it('has a sensible keyboard focus order: skip link, navigation, language, sign-out, then the page', async () => {
    const page = await pageAs(browser, 'admin');
    await page.goto('/orders');
    const focused: string[] = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      // Fields by id, links and buttons by their text.
      focused.push(
        await page.evaluate(() =>
          (document.activeElement?.matches('input, select') ? document.activeElement.id : (document.activeElement?.textContent ?? '')).trim(),
        ),
      );
    }
    const nav = (await page.locator('header nav a').allTextContents()).map((t) => t.trim());
    expect(nav).toEqual(expect.arrayContaining(['Aufträge', 'Benutzer']));
    expect(focused.slice(0, nav.length + 5)).toEqual(['Zum Inhalt springen', 'Kontor', ...nav, 'lang-select', 'Abmelden', 'f-number']);
    // Every input of the page has a label.
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
        .filter((el) => !(el as HTMLInputElement).labels?.length)
        .map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);
    await page.context().close();
  });

  it('works at 200 % zoom: no sideways scrolling, navigation and forms reachable', async () => {
    // 200 % zoom of a 1366×768 window is a 683×384 CSS-pixel viewport at twice the pixel density.
    const zoomed = await (await newContext(browser, { width: 683, height: 384, scale: 2 })).newPage();
    const u = demoUser('warehouse');
    await signIn(zoomed, u.name, demoPassword(u.name));
    for (const path of ['/orders', `/orders/${await firstOrder(zoomed)}`]) {
      await zoomed.goto(path);
      const overflow = await zoomed.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await expect(zoomed.getByRole('link', { name: 'Aufträge' }).first().isVisible()).resolves.toBe(true);
      await expect(zoomed.getByRole('button', { name: 'Abmelden' }).isVisible()).resolves.toBe(true);
    }
    await screenshot(zoomed, '08-order-zoom-200');
    await zoomed.context().close();
  });
});
