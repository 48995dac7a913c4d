import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface PdfRendererOptions {
  executablePath?: string;
  /** Pages kept open for concurrent renders; more pages cost memory, not speed, on a small box. */
  poolSize?: number;
  /** Renders that may wait for a page; one more is refused with RendererBusyError instead of piling up without end. */
  queueLimit?: number;
  /** How often a render is tried again after Chromium or its page failed (it is restarted in between). */
  retries?: number;
  /** How long Chromium may take to print one PDF before it counts as hung and is killed (tests shorten it). */
  pdfDeadlineMs?: number;
}

/** The render queue is full: the caller should try again later (the service answers 503, the render loop backs off). */
export class RendererBusyError extends Error {
  constructor(limit: number) {
    super(`the PDF renderer is busy: ${limit} renders are waiting already`);
    this.name = 'RendererBusyError';
  }
}

/** What the renderer did so far: browsers launched (1 while Chromium never died), renders, retries and the queue now. */
export interface RendererStats {
  launches: number;
  renders: number;
  retries: number;
  /** PDFs Chromium did not finish in time (the browser was killed and relaunched). */
  hangs: number;
  waiting: number;
  peakWaiting: number;
}

/** A reusable page; `page` is null until first use and after a failure or browser restart. */
interface Slot {
  page: Page | null;
}

/**
 * Debian's Chromium headless shell (package chromium-headless-shell, the same Chromium build): it prints a PDF for about
 * a quarter of the full browser's CPU (test/bench/pdf.ts), because the full browser starts a print-compositor process
 * for every PDF. The binary itself, not /usr/bin's wrapper script, which does not exec and would hide Chromium's pid.
 */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/** The Chromium that prints: PDF_CHROMIUM_PATH, else the headless shell, else the full browser (CHROMIUM_PATH, /usr/bin/chromium). */
export function pdfChromiumPath(): string {
  if (process.env.PDF_CHROMIUM_PATH) return process.env.PDF_CHROMIUM_PATH;
  return existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
}

/** Debian's Chromium, headless, as root in a sandboxless container, never reaching out to the network by itself. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The printing browser's flags: compositing on the renderer's main thread. With a compositor thread of its own the
 * headless shell keeps producing frames for a page nobody looks at; without it, a PDF costs Chromium 22 instead of
 * 38–44 ms of CPU (fixture invoice, 120 PDFs each), with the same text and pixel-identical pages for every kind.
 */
export const PDF_CHROMIUM_ARGS = [...CHROMIUM_ARGS, '--disable-threaded-compositing'];

// Wide enough for the letterhead; bottom room for the "Seite x von y" margin box in styles.css.
const PDF_MARGIN = { top: '12mm', right: '15mm', bottom: '12mm', left: '20mm' };

/** The paper a document is printed on: A4 letters, or a roll of 80 mm receipt paper cut to the receipt's length. */
export interface Paper {
  width: string;
  height: string;
  margin: { top: string; right: string; bottom: string; left: string };
}
export const A4: Paper = { width: '210mm', height: '297mm', margin: PDF_MARGIN };
const PAGE_TIMEOUT_MS = 15_000;
/** Far above what a long document takes here (a 200-line quote prints in about 2 s), far below "stuck for good". */
const PDF_DEADLINE_MS = 20_000;

/**
 * HTML → PDF with one warm Chromium. Launching a browser costs far more than
 * rendering a page, so the browser, its context and a few pages stay open and
 * are reused; pages are handed out through a queue so two renders never share
 * a page (setContent on a busy page would replace the other render's document).
 */
export class PdfRenderer {
  readonly #executablePath: string;
  readonly #slots: Slot[] = [];
  readonly #free: Slot[] = [];
  readonly #waiters: { resolve: (slot: Slot) => void; reject: (err: Error) => void }[] = [];
  #browser: Browser | null = null;
  #context: BrowserContext | null = null;
  #starting: Promise<BrowserContext> | null = null;
  #closed = false;
  readonly #queueLimit: number;
  readonly #retries: number;
  readonly #pdfDeadlineMs: number;
  readonly #stats: RendererStats = { launches: 0, renders: 0, retries: 0, hangs: 0, waiting: 0, peakWaiting: 0 };
  readonly #browserPids = new WeakMap<Browser, number>();

  private constructor(opts: PdfRendererOptions) {
    this.#executablePath = opts.executablePath ?? pdfChromiumPath();
    this.#queueLimit = Math.max(0, Math.floor(opts.queueLimit ?? 500));
    this.#retries = Math.max(0, Math.floor(opts.retries ?? 2));
    this.#pdfDeadlineMs = opts.pdfDeadlineMs ?? PDF_DEADLINE_MS;
    const size = Math.max(1, Math.floor(opts.poolSize ?? 2));
    for (let i = 0; i < size; i++) this.#slots.push({ page: null });
    this.#free.push(...this.#slots);
  }

  /** Starts Chromium and opens the page pool so the first render is already warm. */
  static async launch(opts: PdfRendererOptions = {}): Promise<PdfRenderer> {
    const renderer = new PdfRenderer(opts);
    try {
      const context = await renderer.#ensureContext();
      await Promise.all(renderer.#slots.map(async (slot) => (slot.page = await PdfRenderer.#newPage(context))));
    } catch (err) {
      await renderer.close();
      throw err;
    }
    return renderer;
  }

  /**
   * Renders a self-contained HTML document (inline CSS, no external resources) to an A4 PDF.
   * Waits for a free page (at most `queueLimit` renders wait; more are refused). A render
   * that fails because Chromium died or its page crashed is tried again on a restarted
   * browser, so a crash delays renders and loses none.
   */
  async render(html: string, paper: Paper = A4): Promise<Buffer> {
    const slot = await this.#acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const pdf = await this.#renderOn(slot, html, paper);
          this.#stats.renders++;
          return pdf;
        } catch (err) {
          // A page that failed mid-render may be crashed or half-loaded: drop it, the next try opens a fresh one.
          await slot.page?.close().catch(() => undefined);
          slot.page = null;
          if (this.#closed || attempt >= this.#retries) throw err;
          this.#stats.retries++;
        }
      }
    } finally {
      this.#release(slot);
    }
  }

  /** Counters for tests and the bench. */
  stats(): RendererStats {
    return { ...this.#stats, waiting: this.#waiters.length };
  }

  /**
   * One render on a slot's page, under a deadline. page.pdf() has no timeout of its own, and a Chromium that stops
   * answering would hold the page, and with it the render queue, for good (seen in CI with one-process Chromium). Past the deadline the
   * browser is killed; the caller's retry runs on a new one.
   */
  async #renderOn(slot: Slot, html: string, paper: Paper): Promise<Buffer> {
    // The deadline starts once the browser is up: a launch has Playwright's own timeout, and a slow one under load is no hang.
    const context = await this.#ensureContext();
    const browser = this.#browser;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#stats.hangs++;
        console.warn(`[pdf] Chromium did not finish a PDF within ${this.#pdfDeadlineMs} ms; killing it`);
        this.#abandon(browser);
        reject(new Error(`Chromium did not finish a PDF within ${this.#pdfDeadlineMs} ms; it was killed and is restarted`));
      }, this.#pdfDeadlineMs);
    });
    const render = async () => {
      if (!slot.page || slot.page.isClosed() || slot.page.context() !== context) {
        slot.page = await PdfRenderer.#newPage(context);
      }
      await slot.page.setContent(html, { waitUntil: 'load' });
      return await slot.page.pdf({ width: paper.width, height: paper.height, printBackground: true, margin: paper.margin });
    };
    try {
      return await Promise.race([render(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Forgets a browser that stopped answering and kills its process, so that the next render launches a new one. */
  #abandon(browser: Browser | null): void {
    if (!browser || this.#browser !== browser) return;
    this.#browser = null;
    this.#context = null;
    const pid = this.#browserPids.get(browser);
    if (!pid) return;
    // Playwright starts Chromium as the leader of its own process group: the group holds its renderers too.
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
        return;
      } catch {
        // not a group leader, or gone already
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error('PdfRenderer is closed'));
    const browser = this.#browser ?? (await this.#starting?.then(() => this.#browser).catch(() => null));
    this.#browser = null;
    this.#context = null;
    await browser?.close().catch(() => undefined);
  }

  #acquire(): Promise<Slot> {
    if (this.#closed) return Promise.reject(new Error('PdfRenderer is closed'));
    const slot = this.#free.pop();
    if (slot) return Promise.resolve(slot);
    if (this.#waiters.length >= this.#queueLimit) return Promise.reject(new RendererBusyError(this.#queueLimit));
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#stats.peakWaiting = Math.max(this.#stats.peakWaiting, this.#waiters.length);
    });
  }

  #release(slot: Slot): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(slot);
    else this.#free.push(slot);
  }

  /** The live context, relaunching Chromium if it died; concurrent callers share one launch. */
  #ensureContext(): Promise<BrowserContext> {
    if (this.#closed) return Promise.reject(new Error('PdfRenderer is closed'));
    if (this.#context && this.#browser?.isConnected()) return Promise.resolve(this.#context);
    this.#starting ??= this.#start().finally(() => (this.#starting = null));
    return this.#starting;
  }

  async #start(): Promise<BrowserContext> {
    this.#stats.launches++;
    const before = chromiumChildren();
    const browser = await chromium.launch({ executablePath: this.#executablePath, args: PDF_CHROMIUM_ARGS });
    // Playwright does not say which process it started: the new Chromium child of this process is it.
    const pid = chromiumChildren().find((p) => !before.includes(p));
    if (pid) this.#browserPids.set(browser, pid);
    if (this.#closed) {
      await browser.close();
      throw new Error('PdfRenderer is closed');
    }
    // Forget a dead browser so the next render relaunches instead of failing forever.
    browser.on('disconnected', () => {
      if (this.#browser === browser) {
        this.#browser = null;
        this.#context = null;
      }
    });
    // Documents carry customer-supplied text: no scripts, no network. Offline mode plus a route that
    // aborts anything but inline data keeps a stray <img src="http://..."> from leaking or stalling 'load'.
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false, locale: 'de-DE' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith('data:') || url.startsWith('about:') ? route.continue() : route.abort();
    });
    this.#browser = browser;
    this.#context = context;
    return context;
  }

  static async #newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    return page;
  }
}

/** Chromium processes whose parent is this process (Playwright launches the browser as a direct child). */
export function chromiumChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && /chrom/i.test(comm)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}
