import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { Client as PgClient } from 'pg';
import { createWebApp } from '../../services/web/src/app.ts';
import { openWebDb, type WebOrm } from '../../services/web/src/db.ts';
import { SessionStore } from '../../services/web/src/sessions.ts';
import { launch, pageAs } from './browser.ts';

/**
 * Sessions live in PostgreSQL (schema `web`), not in the web process: a browser signed in at the running app
 * is still signed in at a second instance of the app started afresh against the same database, as after a
 * restart. The row holds only the hash of the cookie id and the API token sealed with it; an expired
 * session is refused and deleted.
 */
let browser: Browser;
let orm: WebOrm;
let server: Server;
let restarted: string;
let pg: PgClient;

beforeAll(async () => {
  browser = await launch();
  orm = await openWebDb(process.env.DATABASE_URL);
  // A new app instance: nothing of the running process's memory, only the database.
  server = createServer(createWebApp(new SessionStore(orm)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  restarted = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
  await pg.connect();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await orm?.close();
  await pg?.end();
});

const get = (path: string, cookie: string) => fetch(`${restarted}${path}`, { headers: { cookie: `kontor_session=${cookie}` }, redirect: 'manual' });

describe('sessions in PostgreSQL', () => {
  it('survive a restart of the web app: the signed-in cookie works at a fresh instance, with its CSRF token and language', async () => {
    const page = await pageAs(browser, 'accounting');
    await page.getByLabel('Sprache').selectOption('en');
    await page.waitForSelector('html[lang=en]');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'kontor_session')!.value;
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();

    const res = await get('/orders', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain(`value="${csrf}"`);
    expect(html).toMatch(/<h1[^>]*>Orders/);

    // A post to the fresh instance checks the CSRF token stored with the session.
    const lang = await fetch(`${restarted}/lang`, {
      method: 'POST',
      headers: { cookie: `kontor_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, lang: 'de', back: '/orders' }),
      redirect: 'manual',
    });
    expect(lang.status).toBe(303);
    // …and the running app sees what the other instance wrote.
    await page.goto('/orders');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');

    // The database holds the hash of the cookie id, never the id or the API token in the clear.
    const hash = createHash('sha256').update(cookie).digest('hex');
    const { rows } = await pg.query(`select * from web.web_session where id_hash = $1`, [hash]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_name: expect.any(String), roles: ['accounting'], lang: 'de' });
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(cookie);
    expect(rows[0].api_token_sealed).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.context().close();
  });

  it('refuses and deletes an expired session; purge() removes the ended ones', async () => {
    const page = await pageAs(browser, 'warehouse');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'kontor_session')!.value;
    const hash = createHash('sha256').update(cookie).digest('hex');
    expect((await get('/orders', cookie)).status).toBe(200);

    await pg.query(`update web.web_session set expires_at = now() - interval '1 second' where id_hash = $1`, [hash]);
    const refused = await get('/orders', cookie);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/sign-in?next=%2Forders');
    expect((await pg.query(`select 1 from web.web_session where id_hash = $1`, [hash])).rowCount).toBe(0);
    // The running app refuses it too.
    await page.goto('/orders');
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    // An ended session nobody comes back with is purged.
    const other = await pageAs(browser, 'planner');
    const otherHash = createHash('sha256')
      .update((await other.context().cookies()).find((c) => c.name === 'kontor_session')!.value)
      .digest('hex');
    await pg.query(`update web.web_session set expires_at = now() - interval '1 minute' where id_hash = $1`, [otherHash]);
    expect(await new SessionStore(orm).purge()).toBeGreaterThanOrEqual(1);
    expect((await pg.query(`select 1 from web.web_session where id_hash = $1`, [otherHash])).rowCount).toBe(0);
    await page.context().close();
    await other.context().close();
  });
});
