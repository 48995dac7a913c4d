import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BASE_URL } from '../../scripts/api-client.ts';
import { DEMO_USERS, demoPassword } from '../../scripts/demo-users.ts';
import { CHROMIUM_ARGS } from '../../services/document/src/pdf/renderer.ts';

/** The test instance's staff web app (deploy/lib.sh: WEB_PORT, default the API's port + 1). */
export const WEB_URL = `http://127.0.0.1:${process.env.WEB_PORT ?? Number(new URL(BASE_URL).port) + 1}`;

/** Screenshots for a person to look at (git-ignored). */
export const SCREENS_DIR = fileURLToPath(new URL('../../test-output/screens/', import.meta.url));

/** Debian's Chromium with the flags the PDF renderer uses. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export type DemoRole = (typeof DEMO_USERS)[number]['role'];
export const demoUser = (role: DemoRole) => DEMO_USERS.find((u) => u.role === role)!;

/** A fresh browser context (its own cookies) at 1366×768. */
export function newContext(browser: Browser, opts: { width?: number; height?: number; scale?: number } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 },
    deviceScaleFactor: opts.scale ?? 1,
    baseURL: WEB_URL,
    locale: 'de-DE',
  });
}

/** Signs in through the form; resolves on the page the app lands on. */
export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Benutzername').fill(name);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForLoadState('domcontentloaded');
}

/** A new page signed in as the demo user of a role. */
export async function pageAs(browser: Browser, role: DemoRole): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  const u = demoUser(role);
  await signIn(page, u.name, demoPassword(u.name));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}${name}.png`, fullPage: false });
}

/** The CSRF token the page's forms carry. */
export const csrfOf = (page: Page) => page.locator('input[name=_csrf]').first().inputValue();
