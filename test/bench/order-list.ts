/**
 * The order list API on a large data set: p50 and p95 of GET /api/v1/orders for the filters and sorts the staff
 * app's order screen uses (first pages and keyset follow-up pages), against reading one order by number measured
 * in the same run as the baseline. Prints figures and ratios; asserts nothing about time.
 *
 * Needs a running instance with many orders: `node scripts/seed-orders.ts` (10,000 by default), then
 *   node test/bench/order-list.ts            (BENCH_RUNS=n requests per case, default 60)
 */
import { ok } from '../../scripts/api-client.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);

const count = (await ok('admin', 'GET', '/api/v1/orders?limit=1')).total as number;
const sample = (await ok('admin', 'GET', '/api/v1/orders?limit=50&sort=date&direction=desc')).items as { number: string; customer: { number: string } }[];
const someCustomer = sample[0]!.customer.number;
const someNumber = sample[0]!.number;
const prefix = someNumber.slice(0, -2);
const cursorOf = async (query: string) => (await ok('admin', 'GET', `/api/v1/orders?${query}`)).nextCursor as string;

const cases: [string, string][] = [
  ['default (rush first), 50', 'limit=50'],
  ['newest first, 50', 'sort=date&direction=desc&limit=50'],
  ['by total, keyset page 2', `sort=total&direction=asc&limit=50&cursor=${await cursorOf('sort=total&direction=asc&limit=50')}`],
  ['by customer name, 50', 'sort=customer&direction=asc&limit=50'],
  ['customer filter', `customer=${someCustomer}&limit=50`],
  ['number prefix', `number=${prefix}&limit=50`],
  ['total range net 100–1000, by total', 'minTotal=100&maxTotal=1000&totalBasis=net&sort=total&limit=50'],
  ['tag + assignee', 'tag=Hohe%20Priorit%C3%A4t&assignee=anna&limit=50'],
  [
    'status + payment status + date range',
    `status=open&paymentStatus=none&from=${new Date().getFullYear()}-03-01&to=${new Date().getFullYear()}-06-30&limit=50`,
  ],
  ['lead source, by assignee', 'leadSource=Messe&sort=assignee&direction=asc&limit=50'],
];

async function time(path: string): Promise<number> {
  const t = performance.now();
  await ok('admin', 'GET', path);
  return performance.now() - t;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

for (let i = 0; i < 10; i++) await time(`/api/v1/orders/${someNumber}`); // warm-up
const baseline: number[] = [];
const results = cases.map(([name, query]) => ({ name, query, ms: [] as number[] }));
for (let i = 0; i < RUNS; i++) {
  baseline.push(await time(`/api/v1/orders/${someNumber}`));
  for (const r of results) r.ms.push(await time(`/api/v1/orders?${r.query}`));
}
const base95 = pct(baseline, 95);
console.log(`order list through the API, ${count} orders in the database, ${RUNS} runs per case, interleaved`);
console.log(`baseline GET /orders/{number}: p50 ${pct(baseline, 50).toFixed(1)} ms, p95 ${base95.toFixed(1)} ms`);
for (const r of results) {
  const p95 = pct(r.ms, 95);
  console.log(
    `${r.name.padEnd(40)} p50 ${pct(r.ms, 50).toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  ratio p95/baseline ${(p95 / base95).toFixed(2)}`,
  );
}
const all = results.flatMap((r) => r.ms);
console.log(`all list cases: p95 ${pct(all, 95).toFixed(1)} ms (ratio ${(pct(all, 95) / base95).toFixed(2)})`);
