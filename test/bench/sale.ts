/**
 * A plain 3-line sale through the REST API (quote, send, accept, convert, one
 * delivery note, ship, one invoice, one payment of the full gross) at 1, 8 and
 * 32 concurrent clients, on a running system. Per level it prints sales per
 * second, p50/p95 per step, Temporal history events and bytes per sale, and
 * CPU seconds per sale of the Temporal server, the worker and all processes
 * in run/*.pid. The baseline, measured in the same run at the same
 * concurrency and loop shape, is the same client doing a cheap
 * GET /api/v1/quotes/{n}; the sale figures are printed as ratios to it.
 *
 *   node test/bench/sale.ts [--levels=1,8,32] [--seconds=35] [--sales=N] [--baseline-seconds=6]
 *
 * (or BENCH_LEVELS, BENCH_SECONDS, BENCH_SALES, BENCH_BASELINE_SECONDS). With
 * --sales each client runs exactly N sales; otherwise each client starts
 * sales until --seconds have passed and finishes the one in flight. Like
 * scripts/api-client.ts it reads PORT and KONTOR_DATA_DIR (API keys, run/*.pid),
 * plus TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, from the environment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { BASE_URL, demoKeys, type Role } from '../../scripts/api-client.ts';
import { DATA_DIR } from '../../scripts/instance.ts';
import { saleWorkflowId } from '../../workflows/src/sale.contract.ts';

const { values: args } = parseArgs({
  options: {
    levels: { type: 'string', default: process.env.BENCH_LEVELS ?? '1,8,32' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '35' },
    sales: { type: 'string', default: process.env.BENCH_SALES ?? '' },
    'baseline-seconds': { type: 'string', default: process.env.BENCH_BASELINE_SECONDS ?? '6' },
  },
});
const LEVELS = args.levels.split(',').map(Number);
const SECONDS = Number(args.seconds);
const SALES_PER_CLIENT = args.sales ? Number(args.sales) : null;
const BASELINE_SECONDS = Number(args['baseline-seconds']);
/** How long to wait for a sale's workflow to complete (its PDFs rendered) after the payment. */
const SETTLE_MS = 180_000;

const STEPS = ['quote', 'send', 'accept', 'convert', 'deliveryNote', 'ship', 'invoice', 'payment'] as const;
type Step = (typeof STEPS)[number];

// The API keys are read once: api-client's api() rereads the keys file on every call, which would load the client, not the system.
const keys = demoKeys();
async function call(role: Role, method: string, path: string, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { authorization: `Bearer ${keys[role]}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(BASE_URL + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const parsed = await res.json().catch(() => null);
  if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

// ---- CPU of our processes, from /proc/<pid>/stat (utime + stime, in clock ticks), children included ----

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const RUN_DIR = join(DATA_DIR, 'run');

function runPid(name: string): number | null {
  try {
    const pid = Number(readFileSync(join(RUN_DIR, `${name}.pid`), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && readStat(pid) ? pid : null;
  } catch {
    return null;
  }
}

function readStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
    // The children's fields hold what exited and reaped children used (Chromium's renderers, PostgreSQL's backends).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/** CPU seconds of each root process plus its live descendants (the document service's Chromium, for instance). */
function cpuSeconds(roots: number[]): number {
  const all = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = readStat(Number(entry));
    if (s) all.set(Number(entry), s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    ticks += all.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / CLK_TCK;
}

const temporalPid = runPid('temporal');
const workerPid = runPid('worker');
const serviceNames = readdirSync(RUN_DIR)
  .filter((f) => f.endsWith('.pid'))
  .map((f) => f.slice(0, -4))
  .filter((name) => runPid(name) !== null);
const servicePids = serviceNames.map((name) => runPid(name)!);

/** PostgreSQL is the machine's, not ours, so its backends are found by name; they serve every database on the server. */
function postgresSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    ticks += readStat(Number(entry))?.ticks ?? 0;
  }
  return ticks / CLK_TCK;
}

/** Busy CPU seconds of the whole machine (every core), from the first line of /proc/stat: all but idle and iowait. */
function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - f[3]! - f[4]!) / CLK_TCK;
}

interface CpuSample {
  temporal: number | null;
  worker: number | null;
  all: number;
  client: number;
  perService: Record<string, number>;
  postgres: number;
  machine: number;
  at: number;
}
function sampleCpu(): CpuSample {
  const own = process.cpuUsage();
  return {
    temporal: temporalPid ? cpuSeconds([temporalPid]) : null,
    worker: workerPid ? cpuSeconds([workerPid]) : null,
    all: cpuSeconds(servicePids),
    client: (own.user + own.system) / 1e6,
    perService: Object.fromEntries(serviceNames.map((name) => [name, cpuSeconds([runPid(name) ?? -1])])),
    postgres: postgresSeconds(),
    machine: machineBusySeconds(),
    at: performance.now(),
  };
}

// ---- Temporal history per sale ----

const temporal = new Client({
  connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }),
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
});
const HistoryProto = proto.temporal.api.history.v1.History;

interface HistoryFigures {
  events: number;
  bytes: number;
  activities: number;
  completed: boolean;
}
async function historyOf(quoteNumber: string): Promise<HistoryFigures> {
  const handle = temporal.workflow.getHandle(saleWorkflowId(quoteNumber));
  let timer: NodeJS.Timeout | undefined;
  const completed = await Promise.race([
    handle.result().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), SETTLE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  return {
    events: events.length,
    bytes: HistoryProto.encode(history).finish().length,
    // Activities and local activities (one marker each).
    activities: events.filter((e) => e.activityTaskScheduledEventAttributes || e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
    completed,
  };
}

// ---- One sale, step by step ----

const stamp = Date.now().toString(36);
const products: { id: string }[] = [];
for (const [i, [price, tax]] of (
  [
    ['1249.99', 'standard'],
    ['3.85', 'standard'],
    ['29.90', 'reduced'],
  ] as const
).entries()) {
  products.push(
    await call('sales_manager', 'POST', '/api/v1/products', {
      sku: `BENCH-SALE-${stamp}-${i}`,
      name: `Benchartikel ${i}`,
      unit: 'Stk',
      prices: { EUR: price },
      taxCategory: tax,
    }),
  );
}
// One customer per client, so concurrent sales do not all share one customer record.
const customers: { id: string }[] = [];
for (let i = 0; i < Math.max(...LEVELS); i++) {
  const name = `Bench Kunde ${stamp}-${i}`;
  customers.push(
    await call('sales', 'POST', '/api/v1/customers', {
      name,
      billingAddress: { name, street: 'Teststraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      paymentTermsDays: 14,
    }),
  );
}

async function sale(customerId: string, times: Record<Step, number[]>): Promise<string> {
  const timed = async <T>(step: Step, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await run();
    times[step].push(performance.now() - t);
    return result;
  };
  const quote = await timed('quote', () =>
    call('sales', 'POST', '/api/v1/quotes', {
      customerId,
      currency: 'EUR',
      lines: [
        { productId: products[0]!.id, quantity: '2', discountPercent: '5' },
        { productId: products[1]!.id, quantity: '12.5' },
        { productId: products[2]!.id, quantity: '3' },
      ],
    }),
  );
  await timed('send', () => call('sales', 'POST', `/api/v1/quotes/${quote.number}/send`));
  await timed('accept', () => call('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`));
  const order = await timed('convert', () => call('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`));
  const note = await timed('deliveryNote', () => call('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {}));
  await timed('ship', () =>
    call('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL', trackingNumber: '00340434161094042557' }),
  );
  const invoice = await timed('invoice', () => call('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] }));
  await timed('payment', () =>
    call('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: invoice.totals.gross, reference: `Bench ${quote.number}` }),
  );
  return quote.number;
}

/** Runs `clients` loops of `work` back to back until the deadline (or `count` times each); returns the wall time until the last one finished. */
async function loops(clients: number, seconds: number, count: number | null, work: (client: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; count !== null ? n < count : performance.now() < deadline; n++) await work(client);
    }),
  );
  return (performance.now() - start) / 1000;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const delta = (a: number | null, b: number | null, n: number) => (a === null || b === null ? null : (b - a) / n);

// Warm-up: one sale, whose quote also serves the baseline's GET.
const warmTimes = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
const baselineQuote = await sale(customers[0]!.id, warmTimes);
await historyOf(baselineQuote);

interface LevelResult {
  clients: number;
  sales: number;
  failures: number;
  firstFailure: string | null;
  seconds: number;
  salesPerSecond: number;
  baseline: { requests: number; requestsPerSecond: number; p50Ms: number; p95Ms: number };
  /** Sale requests per second (8 per sale) over baseline GETs per second. */
  requestThroughputRatio: number;
  steps: Record<Step, { p50Ms: number; p95Ms: number; p50VsGet: number }>;
  history: { eventsMean: number; eventsMax: number; bytesMean: number; bytesMax: number; activitiesMean: number; notCompleted: number };
  cpuSecondsPerSale: {
    temporal: number | null;
    worker: number | null;
    allServices: number;
    benchClient: number;
    perService: Record<string, number>;
    postgres: number;
    machine: number;
  };
  /** Cores the whole machine kept busy on average while the level ran and its workflows completed. */
  machineCoresBusy: number;
}
const results: LevelResult[] = [];

for (const clients of LEVELS) {
  // Baseline: the same client and loop shape, a cheap GET.
  const getTimes: number[] = [];
  const getSeconds = await loops(clients, BASELINE_SECONDS, null, async () => {
    const t = performance.now();
    await call('sales', 'GET', `/api/v1/quotes/${baselineQuote}`);
    getTimes.push(performance.now() - t);
  });

  const times = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  const quotes: string[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const before = sampleCpu();
  const seconds = await loops(clients, SECONDS, SALES_PER_CLIENT, async (client) => {
    try {
      quotes.push(await sale(customers[client]!.id, times));
    } catch (err) {
      failures++;
      firstFailure ??= (err as Error).message;
    }
  });
  // CPU is read once every sale's workflow has completed, so it includes the work that follows the payment.
  const histories = await Promise.all(quotes.map(historyOf));
  const after = sampleCpu();
  const n = Math.max(quotes.length, 1);
  const getP50 = pct(getTimes, 50);
  const getPerSecond = getTimes.length / getSeconds;
  results.push({
    clients,
    sales: quotes.length,
    failures,
    firstFailure,
    seconds,
    salesPerSecond: quotes.length / seconds,
    baseline: { requests: getTimes.length, requestsPerSecond: getPerSecond, p50Ms: getP50, p95Ms: pct(getTimes, 95) },
    requestThroughputRatio: (quotes.length * STEPS.length) / seconds / getPerSecond,
    steps: Object.fromEntries(
      STEPS.map((s) => [s, { p50Ms: pct(times[s], 50), p95Ms: pct(times[s], 95), p50VsGet: pct(times[s], 50) / getP50 }]),
    ) as LevelResult['steps'],
    history: {
      eventsMean: mean(histories.map((h) => h.events)),
      eventsMax: Math.max(...histories.map((h) => h.events)),
      bytesMean: mean(histories.map((h) => h.bytes)),
      bytesMax: Math.max(...histories.map((h) => h.bytes)),
      activitiesMean: mean(histories.map((h) => h.activities)),
      notCompleted: histories.filter((h) => !h.completed).length,
    },
    cpuSecondsPerSale: {
      temporal: delta(before.temporal, after.temporal, n),
      worker: delta(before.worker, after.worker, n),
      allServices: (after.all - before.all) / n,
      benchClient: (after.client - before.client) / n,
      perService: Object.fromEntries(serviceNames.map((name) => [name, (after.perService[name]! - before.perService[name]!) / n])),
      postgres: (after.postgres - before.postgres) / n,
      machine: (after.machine - before.machine) / n,
    },
    machineCoresBusy: (after.machine - before.machine) / ((after.at - before.at) / 1000),
  });
  const r = results.at(-1)!;
  console.error(`… ${clients} client(s): ${r.sales} sales in ${seconds.toFixed(1)} s, ${failures} failed`);
}

// ---- Report ----

const f = (x: number | null, digits = 1) => (x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));
const row = (label: string, cells: string[]) => console.log(label.padEnd(30) + cells.map((c) => c.padStart(20)).join(''));
console.log(
  `\nplain 3-line sale through the REST API at ${BASE_URL}; ${SALES_PER_CLIENT !== null ? `${SALES_PER_CLIENT} sales per client` : `clients start sales for ${SECONDS} s`}; baseline: GET /api/v1/quotes/{n}, same clients and loop shape, ${BASELINE_SECONDS} s`,
);
row(
  'clients',
  results.map((r) => String(r.clients)),
);
row(
  'sales completed (failed)',
  results.map((r) => `${r.sales} (${r.failures})`),
);
row(
  'sales/s',
  results.map((r) => f(r.salesPerSecond, 2)),
);
row(
  'baseline GET/s',
  results.map((r) => f(r.baseline.requestsPerSecond, 1)),
);
row(
  'sale req/s ÷ GET/s',
  results.map((r) => f(r.requestThroughputRatio, 3)),
);
row(
  'baseline GET p50/p95 ms',
  results.map((r) => `${f(r.baseline.p50Ms)}/${f(r.baseline.p95Ms)}`),
);
console.log('step p50/p95 ms (p50 ÷ GET p50)');
for (const s of STEPS)
  row(
    `  ${s}`,
    results.map((r) => `${f(r.steps[s].p50Ms, 0)}/${f(r.steps[s].p95Ms, 0)} (${f(r.steps[s].p50VsGet, 1)}×)`),
  );
console.log('Temporal history per sale (bytes: protobuf-encoded temporal.api.history.v1.History)');
row(
  '  events mean/max',
  results.map((r) => `${f(r.history.eventsMean)}/${r.history.eventsMax}`),
);
row(
  '  activities mean',
  results.map((r) => f(r.history.activitiesMean)),
);
row(
  '  KB mean/max',
  results.map((r) => `${f(r.history.bytesMean / 1024)}/${f(r.history.bytesMax / 1024)}`),
);
row(
  '  workflows not completed',
  results.map((r) => String(r.history.notCompleted)),
);
console.log(`CPU seconds per sale (utime+stime+cutime+cstime from /proc, CLK_TCK ${CLK_TCK}, children included, until every workflow completed)`);
row(
  '  Temporal server',
  results.map((r) => (temporalPid ? f(r.cpuSecondsPerSale.temporal, 3) : 'n/a (external)')),
);
row(
  '  worker',
  results.map((r) => f(r.cpuSecondsPerSale.worker, 3)),
);
row(
  `  all run/*.pid (${servicePids.length})`,
  results.map((r) => f(r.cpuSecondsPerSale.allServices, 3)),
);
for (const name of serviceNames)
  row(
    `    ${name}`,
    results.map((r) => f(r.cpuSecondsPerSale.perService[name] ?? null, 3)),
  );
row(
  '  PostgreSQL (every database)',
  results.map((r) => f(r.cpuSecondsPerSale.postgres, 3)),
);
row(
  '  whole machine',
  results.map((r) => f(r.cpuSecondsPerSale.machine, 3)),
);
row(
  '  rest of the machine (kernel, agents)',
  results.map((r) => f(r.cpuSecondsPerSale.machine - r.cpuSecondsPerSale.allServices - r.cpuSecondsPerSale.postgres - r.cpuSecondsPerSale.benchClient, 3)),
);
row(
  'machine cores busy (mean)',
  results.map((r) => f(r.machineCoresBusy, 2)),
);
row(
  '  bench client',
  results.map((r) => f(r.cpuSecondsPerSale.benchClient, 3)),
);
for (const r of results) if (r.firstFailure) console.log(`first failure at ${r.clients} clients: ${r.firstFailure}`);
console.log(
  JSON.stringify({
    bench: 'sale',
    historyBytes: 'protobuf',
    clkTck: CLK_TCK,
    temporalPid: temporalPid ?? 'n/a',
    workerPid: workerPid ?? 'n/a',
    servicePids,
    config: { levels: LEVELS, seconds: SECONDS, salesPerClient: SALES_PER_CLIENT, baselineSeconds: BASELINE_SECONDS },
    results,
  }),
);

await temporal.connection.close();
if (results.every((r) => r.sales === 0)) process.exitCode = 1;
