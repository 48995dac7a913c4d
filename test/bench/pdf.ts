/**
 * PDF benchmark: `npm run bench:pdf` (BENCH_N renders per warm path, default 2,000; BENCH_COLD_N cold launches, default 30).
 *
 *   real path    buildViewModel → renderHtml → PdfRenderer.render on the warm pool, one render after the other
 *   bare page    one warm page rendering precomputed HTML: the floor Chromium itself imposes
 *   new browser  what a naive service does: launch Chromium, new page, setContent, pdf, close
 *
 * All three run in this one script on the same fixture invoice, so the ratios compare like with like.
 * The cold baseline takes fewer samples: each launch costs about a second, and its median settles
 * after a few dozen. Prints median, p95, min, max, memory (this process's RSS and heap, Chromium's
 * RSS summed over its processes, which counts shared pages more than once) and the two ratios against their targets; exits 1 when a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { PDF_CHROMIUM_ARGS, pdfChromiumPath, PdfRenderer } from '../../services/document/src/pdf/renderer.ts';
import { renderHtml } from '../../services/document/src/templates.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import type { RenderRequest } from '../../shared/contracts/document/index.ts';
import { buildInvoice } from '../fixtures/documents.ts';

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 2000);
const COLD_N = Number(process.env.BENCH_COLD_N ?? 30);
const WARMUP = 5;
/** The targets: at least 12× faster than a browser per PDF, at least 0.8 of a bare warm page's speed. */
const TARGET_VS_COLD = 12;
const TARGET_VS_BARE = 0.8;
const executablePath = pdfChromiumPath();
const PDF_OPTIONS = { format: 'A4', printBackground: true, margin: { top: '12mm', right: '15mm', bottom: '12mm', left: '20mm' } } as const;

const seller = sellerFromEnv();
const request: RenderRequest = { kind: 'invoice', document: buildInvoice() };
const precomputedHtml = renderHtml(request, seller);

interface Figures {
  median: number;
  p95: number;
  min: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function figures(times: number[]): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0]!, max: sorted.at(-1)! };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** RSS of every process below this one (Chromium's browser, renderer, GPU and zygote processes), in bytes. */
function chromiumRss(): number {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=']).toString('utf8').trim().split('\n');
  const procs = rows.map((r) => r.trim().split(/\s+/).map(Number) as [number, number, number]);
  const below = new Set([process.pid]);
  let total = 0;
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid, rss] of procs) {
      if (!below.has(pid) && below.has(ppid)) {
        below.add(pid);
        total += rss * 1024;
        grew = true;
      }
    }
  }
  return total;
}

function memory(): string {
  const m = process.memoryUsage();
  return `node RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}; Chromium RSS ${mb(chromiumRss())}`;
}

function checkPdf(pdf: Buffer): void {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('renderer did not return a PDF');
}

/** Runs `fn` `warmup` times untimed, then `n` times timed, printing figures and memory before and after. */
async function measure(label: string, n: number, fn: () => Promise<Buffer>, warmup = WARMUP): Promise<Figures> {
  for (let i = 0; i < warmup; i++) checkPdf(await fn());
  const before = memory();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const pdf = await fn();
    times.push(performance.now() - start);
    checkPdf(pdf);
  }
  const f = figures(times);
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  console.log(`${label.padEnd(34)} n=${String(n).padStart(4)}  median ${ms(f.median)}  p95 ${ms(f.p95)}  min ${ms(f.min)}  max ${ms(f.max)}`);
  console.log(`${''.padEnd(34)} memory before: ${before}`);
  console.log(`${''.padEnd(34)} memory after:  ${memory()}`);
  return f;
}

async function newBrowserPerPdf(): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath, args: PDF_CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(precomputedHtml, { waitUntil: 'load' });
    return await page.pdf(PDF_OPTIONS);
  } finally {
    await browser.close();
  }
}

async function bareWarmPage(page: Page): Promise<Buffer> {
  await page.setContent(precomputedHtml, { waitUntil: 'load' });
  return page.pdf(PDF_OPTIONS);
}

console.log(`PDF benchmark: fixture invoice (${request.document.lines.length} lines), Chromium at ${executablePath}`);

const renderer = await PdfRenderer.launch({ executablePath, poolSize: 2 });
let real: Figures;
let throughputMs: number;
let launches: number;
try {
  real = await measure('real path (template + warm pool)', N, () => renderer.render(renderHtml(request, seller)));
  // Not part of the ratios: what the two-page pool gives under concurrent load (a flood waits in the queue).
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(N, 400) }, () => renderer.render(renderHtml(request, seller))));
  throughputMs = performance.now() - start;
  launches = renderer.stats().launches;
} finally {
  await renderer.close();
}

const bareBrowser = await chromium.launch({ executablePath, args: PDF_CHROMIUM_ARGS });
let bare: Figures;
try {
  const page = await bareBrowser.newPage();
  bare = await measure('bare warm page (precomputed HTML)', N, () => bareWarmPage(page));
} finally {
  await bareBrowser.close();
}

const cold = await measure('new browser per PDF', COLD_N, newBrowserPerPdf, 1);

const concurrent = Math.min(N, 400);
console.log(
  `concurrent: ${concurrent} renders at once on the 2-page pool took ${throughputMs.toFixed(0)} ms (${(throughputMs / concurrent).toFixed(1)} ms per PDF), browsers launched: ${launches}`,
);
const vsCold = cold.median / real.median;
const vsBare = bare.median / real.median;
const verdict = (ok: boolean) => (ok ? 'target met' : 'TARGET MISSED');
console.log(`speed vs new browser per PDF (median): ${vsCold.toFixed(1)}x   (target >= ${TARGET_VS_COLD}x: ${verdict(vsCold >= TARGET_VS_COLD)})`);
console.log(
  `speed vs bare warm page (median):      ${vsBare.toFixed(3)}   (target >= ${TARGET_VS_BARE}: ${verdict(vsBare >= TARGET_VS_BARE)}; overhead ${(real.median - bare.median).toFixed(1)} ms)`,
);
console.log(`p95: real path ${real.p95.toFixed(1)} ms, bare page ${bare.p95.toFixed(1)} ms, new browser ${cold.p95.toFixed(1)} ms`);
if (vsCold < TARGET_VS_COLD || vsBare < TARGET_VS_BARE) process.exitCode = 1;
