/**
 * PDF latency benchmark: `node test/bench/pdf.ts [N]` (default 30 timed runs after warm-up).
 *
 *   real path    buildViewModel → renderHtml → PdfRenderer.render on the warm pool
 *   new browser  what a naive service does: launch Chromium, new page, setContent, pdf, close
 *   bare page    one warm page rendering precomputed HTML: the floor Chromium itself imposes
 *
 * Prints medians and ratios only; nothing is asserted, timings depend on the machine.
 */
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { PdfRenderer } from '../../services/document/src/pdf/renderer.ts';
import { renderHtml } from '../../services/document/src/templates.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import type { RenderRequest } from '../../shared/contracts/document/index.ts';
import { buildInvoice } from '../fixtures/documents.ts';

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 30);
const WARMUP = 3;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const PDF_OPTIONS = { format: 'A4', printBackground: true, margin: { top: '12mm', right: '15mm', bottom: '12mm', left: '20mm' } } as const;

const seller = sellerFromEnv();
const request: RenderRequest = { kind: 'invoice', document: buildInvoice() };
const precomputedHtml = renderHtml(request, seller);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function checkPdf(pdf: Buffer): void {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('renderer did not return a PDF');
}

/** Runs `fn` WARMUP times untimed, then N times timed; returns the median in ms. */
async function measure(label: string, fn: () => Promise<Buffer>, warmup = WARMUP): Promise<number> {
  for (let i = 0; i < warmup; i++) checkPdf(await fn());
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    const pdf = await fn();
    times.push(performance.now() - start);
    checkPdf(pdf);
    bytes = pdf.length;
  }
  const m = median(times);
  console.log(
    `${label.padEnd(34)} median ${m.toFixed(1).padStart(7)} ms   min ${Math.min(...times)
      .toFixed(1)
      .padStart(7)} ms   max ${Math.max(...times)
      .toFixed(1)
      .padStart(7)} ms   (${bytes} bytes)`,
  );
  return m;
}

async function newBrowserPerPdf(): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath, args: ARGS });
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

console.log(
  `PDF benchmark: fixture invoice (${request.document.lines.length} lines), ${N} timed runs after ${WARMUP} warm-up runs, Chromium at ${executablePath}`,
);

const renderer = await PdfRenderer.launch({ executablePath, poolSize: 2 });
let real: number;
let throughputMs: number;
try {
  real = await measure('real path (template + warm pool)', () => renderer.render(renderHtml(request, seller)));
  // Not part of the ratios: shows what the two-page pool gives under concurrent load.
  const start = performance.now();
  await Promise.all(Array.from({ length: N }, () => renderer.render(renderHtml(request, seller))));
  throughputMs = performance.now() - start;
} finally {
  await renderer.close();
}

const bareBrowser = await chromium.launch({ executablePath, args: ARGS });
let bare: number;
try {
  const page = await bareBrowser.newPage();
  bare = await measure('bare warm page (precomputed HTML)', () => bareWarmPage(page));
} finally {
  await bareBrowser.close();
}

const cold = await measure('new browser per PDF', newBrowserPerPdf, 1);

console.log(`concurrent: ${N} renders on the 2-page pool took ${throughputMs.toFixed(0)} ms (${(throughputMs / N).toFixed(1)} ms per PDF)`);
console.log(`ratio real path / new browser per PDF: ${(real / cold).toFixed(3)} (${(cold / real).toFixed(1)}x faster)`);
console.log(`ratio real path / bare warm page:      ${(real / bare).toFixed(3)} (overhead ${(real - bare).toFixed(1)} ms)`);
