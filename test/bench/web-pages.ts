/**
 * Server time per page of the staff web app: p50 and p95 of each screen's full HTML response, measured from this
 * machine (loopback, so the time is the web app's and the API's work), against the API's own GET /orders/{number}
 * in the same run as the baseline. Prints figures and ratios; asserts nothing about time.
 *
 * Measures whatever data the instance holds (for 10,000 orders first run `node scripts/seed-orders.ts`):
 *   node test/bench/web-pages.ts [web URL]      (default http://127.0.0.1:$WEB_PORT, else PORT + 1)
 * BENCH_RUNS=n requests per page (default 60); BENCH_USER / BENCH_PASSWORD sign in (default the demo admin).
 */
const apiPort = Number(process.env.PORT ?? 3000);
const WEB = (process.argv[2] ?? `http://127.0.0.1:${process.env.WEB_PORT ?? apiPort + 1}`).replace(/\/$/, '');
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const USER = process.env.BENCH_USER ?? 'admin';
const PASSWORD = process.env.BENCH_PASSWORD ?? 'admin-demo';

/** Signs in through the form like a browser: session cookie from the sign-in page, its CSRF token, then the post. */
async function signIn(): Promise<string> {
  const page = await fetch(`${WEB}/sign-in`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error(`no CSRF token on ${WEB}/sign-in`);
  const res = await fetch(`${WEB}/sign-in`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, name: USER, password: PASSWORD, next: '/orders' }).toString(),
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`sign-in as ${USER} answered ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const cookie = await signIn();
const get = async (path: string) => {
  const res = await fetch(WEB + path, { headers: { cookie }, redirect: 'manual' });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return body;
};
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#34;/g, '"');

// What the data holds: a count, the second page's link, an order with documents (the newest with a delivery note), a customer.
const list = await get('/orders?sort=date&direction=desc&limit=50');
const count = /id="order-count"[^>]*>([^<]+)</.exec(list)?.[1]?.trim() ?? '?';
const nextPage = unescape(/href="([^"]+)" rel="next"/.exec(list)?.[1] ?? '/orders');
const numbers = [...list.matchAll(/<td><a href="\/orders\/(AB-[\d-]+)"/g)].map((m) => m[1]!);
const customer = /<small>(K-\d+)<\/small>/.exec(list)?.[1] ?? '';
const quote = /href="\/quotes\/(AN-[\d-]+)"/.exec(await get('/quotes'))?.[1];
const withDocuments = unescape(/href="\/orders\/(AB-[\d-]+)"/.exec(await get('/orders?status=partially_delivered&limit=1'))?.[1] ?? numbers[0]!);

// The baseline: the API's read of one order, with an API session of the same user.
const session = await fetch(`${WEB.replace(/:\d+$/, `:${apiPort}`)}/api/v1/sessions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name: USER, password: PASSWORD }),
});
const token = ((await session.json()) as { token: string }).token;
const apiBase = `${WEB.replace(/:\d+$/, `:${apiPort}`)}/api/v1/orders/${numbers[0]}`;

const cases: [string, () => Promise<unknown>][] = [
  ['order list, default (rush first)', () => get('/orders')],
  ['order list, by total', () => get('/orders?sort=total&direction=asc')],
  ['order list, keyset page 2', () => get(nextPage)],
  ['order list, payment overdue', () => get('/orders?paymentStatus=overdue')],
  ['order list, one customer', () => get(`/orders?customer=${customer}`)],
  ['order list, total range net', () => get('/orders?minTotal=100&maxTotal=1000&totalBasis=net&sort=total')],
  [`order page ${withDocuments} (documents)`, () => get(`/orders/${withDocuments}`)],
  [`order page ${numbers[numbers.length - 1]}`, () => get(`/orders/${numbers[numbers.length - 1]}`)],
  ['quote list', () => get('/quotes')],
  ...(quote ? ([[`quote page ${quote}`, () => get(`/quotes/${quote}`)]] as [string, () => Promise<unknown>][]) : []),
  ['quote editor (new)', () => get('/quotes/new')],
  ['approvals inbox', () => get('/approvals')],
  ['planner board', () => get('/planner')],
  ['accounting', () => get('/accounting')],
  ['user admin', () => get('/users')],
  ['sign-in page (no API call)', () => fetch(`${WEB}/sign-in`).then((r) => r.text())],
];

async function time(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}
const baselineRun = () => fetch(apiBase, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text());
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

for (let i = 0; i < 5; i++) for (const [, run] of cases) await run(); // warm-up
const baseline: number[] = [];
const results = cases.map(([name, run]) => ({ name, run, ms: [] as number[] }));
for (let i = 0; i < RUNS; i++) {
  baseline.push(await time(baselineRun));
  for (const r of results) r.ms.push(await time(r.run));
}
const base95 = pct(baseline, 95);
console.log(`staff web app ${WEB}: ${count} in the list, ${RUNS} runs per page, interleaved, signed in as ${USER}`);
console.log(`baseline API GET /orders/{number}: p50 ${pct(baseline, 50).toFixed(1)} ms, p95 ${base95.toFixed(1)} ms`);
for (const r of results) {
  const p95 = pct(r.ms, 95);
  console.log(
    `${r.name.padEnd(44)} p50 ${pct(r.ms, 50).toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  ratio p95/baseline ${(p95 / base95).toFixed(2)}`,
  );
}
