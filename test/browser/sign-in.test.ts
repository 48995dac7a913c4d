import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { BASE_URL, api, ok } from '../../scripts/api-client.ts';
import { DEMO_USERS, demoPassword } from '../../scripts/demo-users.ts';
import { csrfOf, launch, newContext, pageAs, screenshot, signIn } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const unique = (p: string) => `${p}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

/** A staff account of its own for a test (admin API), so that locking or disabling it touches no other test. */
async function newUser(roles: string[], password = 'richtig-geheim-1') {
  const name = unique('test.user');
  await ok('admin', 'POST', '/api/v1/users', { name, displayName: `Test ${name}`, roles, password });
  return { name, password };
}

describe('signing in and out', () => {
  it.each(DEMO_USERS.map((u) => [u.role, u.name] as const))('signs in as %s (%s) and shows only the navigation of that role', async (role, name) => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, name, demoPassword(name));
    expect(new URL(page.url()).pathname).toBe('/orders');
    await expect(page.locator('header .who').textContent()).resolves.toBe(DEMO_USERS.find((u) => u.name === name)!.displayName);
    const nav = await page.locator('header nav a').allTextContents();
    expect(nav).toContain('Aufträge');
    expect(nav.includes('Benutzer')).toBe(role === 'admin');
    // A page of another role answers 403 and offers nothing.
    const users = await page.goto('/users');
    expect(users!.status()).toBe(role === 'admin' ? 200 : 403);
    await page.context().close();
  });

  it('sends a visitor to the sign-in page and back to where they wanted to go', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto('/orders?status=open');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, '00-sign-in');
    await page.getByLabel('Benutzername').fill('lager');
    await page.getByLabel('Passwort').fill('lager-demo');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    expect(page.url()).toMatch(/\/orders\?status=open$/);
    await page.context().close();
  });

  it('keeps the session in an httpOnly SameSite cookie and ends it on sign-out', async () => {
    const page = await pageAs(browser, 'accounting');
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'kontor_session', httpOnly: true, sameSite: 'Lax' });
    await page.getByRole('button', { name: 'Abmelden' }).click();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByRole('status').textContent()).resolves.toContain('abgemeldet');
    // The old cookie's session is gone on the server: planting it again gets nowhere.
    await page.context().addCookies([cookie!]);
    await page.goto('/orders');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.context().close();
  });

  it('switches the language to English for the session', async () => {
    const page = await pageAs(browser, 'sales');
    await page.getByLabel('Sprache').selectOption('en');
    // The page is at /orders already: wait for the reloaded page, not for the URL.
    await page.waitForSelector('html[lang=en]');
    await page.waitForURL(/\/orders/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Orders');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.context().close();
  });

  it('slows down repeated wrong passwords: locked out after three, even for the right password', async () => {
    const user = await newUser(['sales']);
    const page = await (await newContext(browser)).newPage();
    for (let i = 0; i < 2; i++) {
      await signIn(page, user.name, 'falsch-falsch');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('falsch');
    }
    // The third wrong password locks the name for 2 s. The form with the right one is filled before it, so that
    // its post lands inside those 2 s however slow the machine is at loading pages.
    await page.goto('/sign-in');
    await page.getByLabel('Benutzername').fill(user.name);
    await page.getByLabel('Passwort').fill(user.password);
    const third = await fetch(`${BASE_URL}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: user.name, password: 'falsch-falsch' }),
    });
    expect(third.status).toBe(401);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Zu viele Fehlversuche\. Bitte in \d+ s erneut versuchen/);
    // The API itself refuses with 429 and says when to try again.
    const direct = await fetch(`${BASE_URL}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: user.name, password: user.password }),
    });
    expect(direct.status).toBe(429);
    expect(Number(direct.headers.get('retry-after'))).toBeGreaterThan(0);
    // After the lockout, the right password works again.
    await new Promise((r) => setTimeout(r, Number(direct.headers.get('retry-after')) * 1000 + 200));
    await signIn(page, user.name, user.password);
    expect(new URL(page.url()).pathname).toBe('/orders');
    await page.context().close();
  });

  it('refuses a form post without the CSRF token, or with another session’s, with 403', async () => {
    const page = await pageAs(browser, 'warehouse');
    const other = await pageAs(browser, 'warehouse');
    const without = await page.request.post('/sign-out', { form: {}, maxRedirects: 0 });
    expect(without.status()).toBe(403);
    const foreign = await page.request.post('/lang', { form: { lang: 'en', back: '/orders', _csrf: await csrfOf(other) }, maxRedirects: 0 });
    expect(foreign.status()).toBe(403);
    // Still signed in and still German: nothing happened.
    await page.goto('/orders');
    await expect(page.locator('h1').textContent()).resolves.toBe('Aufträge');
    const withToken = await page.request.post('/lang', { form: { lang: 'en', back: '/orders', _csrf: await csrfOf(page) }, maxRedirects: 0 });
    expect(withToken.status()).toBe(303);
    await page.context().close();
    await other.context().close();
  });

  it('lets an admin create a user, change roles and disable them: a disabled user is signed out and their API key stops working', async () => {
    const admin = await pageAs(browser, 'admin');
    const name = unique('petra.buchhaltung');
    await admin.goto('/users');
    await screenshot(admin, '05-users');
    await admin.getByLabel('Benutzername').fill(name);
    await admin.getByLabel('Anzeigename').fill('Petra Buchhaltung');
    await admin.getByRole('checkbox', { name: 'Buchhaltung' }).check();
    await admin.getByLabel('Neues Passwort (mind. 10 Zeichen)').fill('petra-geheim-42');
    await admin.getByRole('button', { name: 'Benutzer anlegen' }).click();
    await expect(admin.getByRole('status').textContent()).resolves.toContain(`Benutzer ${name} angelegt`);

    // A key of that user (admin API) works while the user is active.
    const key = await api('admin', 'POST', '/api/v1/api-keys', { name: unique('key'), role: 'accounting', user: name });
    expect(key.status).toBe(201);
    const asKey = () => fetch(`${BASE_URL}/api/v1/me`, { headers: { authorization: `Bearer ${key.body.key}` } });
    expect((await asKey()).status).toBe(200);
    // A role the user does not have cannot be given to their key.
    const wrongRole = await api('admin', 'POST', '/api/v1/api-keys', { name: unique('key'), role: 'warehouse', user: name });
    expect([wrongRole.status, wrongRole.body.errors?.[0]?.field]).toEqual([422, 'role']);

    const petra = await (await newContext(browser)).newPage();
    await signIn(petra, name, 'petra-geheim-42');
    expect(new URL(petra.url()).pathname).toBe('/orders');

    await admin.getByRole('checkbox', { name: 'Lager' }).check();
    await admin.getByRole('button', { name: 'Rollen speichern' }).click();
    await expect(admin.getByRole('status').textContent()).resolves.toContain('geändert');
    await screenshot(admin, '06-user');
    await admin.getByRole('button', { name: 'Sperren' }).click();
    await expect(admin.locator('.badge.warn').first().textContent()).resolves.toBe('gesperrt');
    await expect(admin.locator('ol.timeline').textContent()).resolves.toMatch(/disabled[\s\S]*changed[\s\S]*signed_in[\s\S]*created/);

    await petra.goto('/orders');
    expect(new URL(petra.url()).pathname).toBe('/sign-in');
    await signIn(petra, name, 'petra-geheim-42');
    await expect(petra.getByRole('alert').textContent()).resolves.toContain('falsch');
    expect((await asKey()).status).toBe(401);
    await admin.context().close();
    await petra.context().close();
  });
});
