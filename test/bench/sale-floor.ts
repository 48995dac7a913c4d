/**
 * What the components Kontor builds on cost for the plain 3-line sale of
 * test/bench/sale.ts before any of Kontor's own code runs: the floor no change
 * to Kontor's services can go below.
 *
 * - Temporal: the real sale workflow, started and driven by the same Updates,
 *   its activities answered in memory by the workflow tests' fake services (no
 *   NATS, no database, no PDFs): the Temporal server's and the worker's CPU
 *   seconds per sale.
 * - Chromium: the sale's five PDFs (quote, order confirmation, pick list,
 *   delivery note, invoice of the test fixtures), their HTML made once up front,
 *   printed on one warm page of the headless shell with the renderer's flags:
 *   Chromium's CPU seconds (all its processes) per sale.
 *
 * test/bench/sale.ts's figures, minus these, are what Kontor's own code costs.
 *
 *   node test/bench/sale-floor.ts [--levels=8,32] [--seconds=30] [--pdf-sales=40]
 *
 * Runs against the Temporal server of a running instance (TEMPORAL_ADDRESS,
 * KONTOR_DATA_DIR for its run/temporal.pid), on a task queue of its own. The
 * worker runs in a child process, so that its CPU is not mixed with the
 * clients'. The baseline, in the same run and at the same concurrency, is the
 * cheapest round trip a client makes to the server: a query of a finished
 * sale's state; sale figures are also printed as ratios to it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { chromium } from 'playwright-core';
import { A4, chromiumChildren, PDF_CHROMIUM_ARGS, pdfChromiumPath } from '../../services/document/src/pdf/renderer.ts';
import { renderHtml } from '../../services/document/src/templates.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import type { RenderRequest } from '../../shared/contracts/document/index.ts';
import { buildDeliveryNote, buildInvoice, buildOrder, buildPickList, buildQuote } from '../fixtures/documents.ts';
import { env } from '../../shared/config.ts';
import { DATA_DIR } from '../../scripts/instance.ts';
import {
  acceptQuoteUpdate,
  convertToOrderUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  SALE_WORKFLOW,
  sendQuoteUpdate,
  shipDeliveryNoteUpdate,
  stateQuery,
} from '../../workflows/src/sale.contract.ts';
import type { saleWorkflow } from '../../workflows/src/workflows/sale.workflow.ts';
import { saleStartOptions } from '../../services/gateway/src/sale-starter.ts';
import { FakeServices } from '../workflows/helpers/fake-services.ts';
import { actor, quoteSale, update, type SaleHandle } from '../workflows/helpers/sale-env.ts';

const { values: args } = parseArgs({
  options: {
    levels: { type: 'string', default: '8,32' },
    seconds: { type: 'string', default: '30' },
    worker: { type: 'string' },
    series: { type: 'string' },
    'pdf-sales': { type: 'string', default: '40' },
  },
});
const TICK_MS = 10; // CLK_TCK 100 on Linux

function ticks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Clock ticks of a process and all its descendants (Chromium's browser, zygotes, renderers, GPU and network processes). */
function treeTicks(root: number): number {
  const children = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      own.set(Number(entry), Number(f[11]) + Number(f[12]));
      children.set(Number(f[1]), [...(children.get(Number(f[1])) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const sum = (pid: number): number => (own.get(pid) ?? 0) + (children.get(pid) ?? []).reduce((a, c) => a + sum(c), 0);
  return sum(root);
}

/** Chromium's CPU seconds for one sale's five PDFs on a bare warm page (HTML made up front, no Kontor code in the loop). */
async function chromiumPerSale(sales: number): Promise<{ cpuS: number; bytes: number }> {
  const seller = sellerFromEnv();
  const requests: RenderRequest[] = [
    { kind: 'quote', document: buildQuote() },
    { kind: 'order', document: buildOrder() },
    { kind: 'pick_list', document: buildPickList() },
    { kind: 'delivery_note', document: buildDeliveryNote() },
    { kind: 'invoice', document: buildInvoice() },
  ];
  const pages = requests.map((r) => renderHtml(r, seller));
  const before = new Set(chromiumChildren());
  const browser = await chromium.launch({ executablePath: pdfChromiumPath(), args: PDF_CHROMIUM_ARGS });
  const pid = chromiumChildren().find((p) => !before.has(p))!;
  const page = await (await browser.newContext({ offline: true, javaScriptEnabled: false, locale: 'de-DE' })).newPage();
  let bytes = 0;
  const printAll = async () => {
    for (const html of pages) {
      await page.setContent(html, { waitUntil: 'load' });
      bytes = (await page.pdf({ width: A4.width, height: A4.height, printBackground: true, margin: A4.margin })).length;
    }
  };
  for (let i = 0; i < 3; i++) await printAll();
  const start = treeTicks(pid);
  for (let i = 0; i < sales; i++) await printAll();
  const cpuS = ((treeTicks(pid) - start) * TICK_MS) / 1000 / sales;
  await browser.close();
  return { cpuS, bytes };
}

// ---- the worker (child process): the real sale workflow, fake activities ----

async function runWorker(taskQueue: string, series: number): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const fake = new FakeServices({ series });
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: env.temporalNamespace,
    taskQueue,
    workflowsPath: new URL('../../workflows/src/workflows/index.ts', import.meta.url).pathname,
    activities: fake.activities(),
    maxConcurrentActivityTaskExecutions: 20,
  });
  // The clients create each sale's quote in this process's fake services: they ask for it over IPC.
  process.on('message', (lines: { quantity: string; unitPrice: string }[]) => process.send!(fake.createQuote(lines).number));
  process.on('SIGTERM', () => worker.shutdown());
  // A parent that died (a failed run) leaves no worker behind polling its queue.
  process.on('disconnect', () => worker.getState() === 'RUNNING' && worker.shutdown());
  process.send!('ready');
  await worker.run();
  await connection.close();
  if (process.connected) process.disconnect();
}

// ---- the clients (this process) ----

const LINES = [
  { quantity: '2', unitPrice: '1249.00' },
  { quantity: '12.5', unitPrice: '3.85' },
  { quantity: '3', unitPrice: '29.90' },
];

/** Quote numbers asked of the worker process, answered in order. */
const pendingQuotes: ((number: string) => void)[] = [];
function quoteFrom(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    pendingQuotes.push(resolve);
    child.send(LINES);
  });
}

async function plainSale(client: Client, child: ChildProcess, taskQueue: string): Promise<SaleHandle> {
  const input = quoteSale(await quoteFrom(child));
  const handle = await client.workflow.start<typeof saleWorkflow>(SALE_WORKFLOW, {
    ...saleStartOptions(input, 'quote_draft'),
    taskQueue,
    workflowId: `floor:${input.quoteNumber}`,
    args: [input],
  });
  const sales = actor('anna', 'sales');
  await update(handle, sendQuoteUpdate, sales);
  await update(handle, acceptQuoteUpdate, sales);
  await update(handle, convertToOrderUpdate, sales);
  const note = await update(handle, createDeliveryNoteUpdate, actor('wera', 'warehouse'));
  await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', trackingNumber: '00340434161094042557', ...actor('wera', 'warehouse') });
  const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...actor('anton', 'accounting') });
  await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...actor('anton', 'accounting') });
  return handle;
}

/** Runs `op` in `clients` loops for `seconds`; answers completions and the CPU ticks of the given processes meanwhile. */
async function measure(clients: number, seconds: number, pids: number[], op: () => Promise<unknown>) {
  const before = pids.map(ticks);
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        await op();
        done++;
      }
    }),
  );
  const wallS = (performance.now() - start) / 1000;
  return { done, wallS, cpuS: pids.map((pid, i) => ((ticks(pid) - before[i]!) * TICK_MS) / 1000) };
}

async function main(): Promise<void> {
  const series = 10_000 + Math.floor(Math.random() * 80_000);
  const taskQueue = `sale-floor-${series}`;
  const temporalPid = Number(readFileSync(join(DATA_DIR, 'run', 'temporal.pid'), 'utf8').trim());
  const child = fork(new URL(import.meta.url).pathname, ['--worker', taskQueue, '--series', String(series)], { execArgv: process.execArgv });
  await new Promise<void>((resolve) =>
    child.on('message', (m: string) => {
      if (m === 'ready') resolve();
      else pendingQuotes.shift()!(m);
    }),
  );
  const connection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection, namespace: env.temporalNamespace });
  const pids = [temporalPid, child.pid!, process.pid];

  // Warm up (bundle loaded, caches filled); the baseline queries a sale that stays open (cached in the worker).
  let finished: SaleHandle | null = null;
  for (let i = 0; i < 5; i++) finished = await plainSale(client, child, taskQueue);
  const events = (await finished!.fetchHistory()).events?.length ?? 0;
  const openInput = quoteSale(await quoteFrom(child));
  const open = await client.workflow.start<typeof saleWorkflow>(SALE_WORKFLOW, {
    ...saleStartOptions(openInput, 'quote_draft'),
    taskQueue,
    workflowId: `floor:open:${openInput.quoteNumber}`,
    args: [openInput],
  });
  console.log(`sale floor: the real sale workflow with in-memory activities on ${env.temporalAddress}, ${events} history events per sale`);
  console.log('clients  sales/s  baseline q/s  Temporal CPU-s/sale  worker CPU-s/sale  clients CPU-s/sale  sale ÷ query (CPU, server+worker)');
  for (const clients of args.levels.split(',').map(Number)) {
    const base = await measure(clients, Math.min(6, Number(args.seconds)), pids, () => open.query(stateQuery));
    const sale = await measure(clients, Number(args.seconds), pids, () => plainSale(client, child, taskQueue));
    const per = (r: typeof sale, i: number) => r.cpuS[i]! / r.done;
    const ratio = (per(sale, 0) + per(sale, 1)) / (per(base, 0) + per(base, 1));
    console.log(
      [
        String(clients).padStart(7),
        (sale.done / sale.wallS).toFixed(2).padStart(8),
        (base.done / base.wallS).toFixed(0).padStart(13),
        per(sale, 0).toFixed(4).padStart(20),
        per(sale, 1).toFixed(4).padStart(18),
        per(sale, 2).toFixed(4).padStart(19),
        `${ratio.toFixed(0)}×`.padStart(10),
      ].join(' '),
    );
  }
  await open.terminate('sale floor bench done');
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));

  const pdf = await chromiumPerSale(Number(args['pdf-sales']));
  console.log(`Chromium, the sale's 5 PDFs on a bare warm page: ${pdf.cpuS.toFixed(4)} CPU-s per sale (${((pdf.cpuS / 5) * 1000).toFixed(1)} ms per PDF)`);
  await connection.close();
}

if (args.worker) await runWorker(args.worker, Number(args.series));
else await main();
