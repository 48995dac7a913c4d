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
  waiting: number;
  peakWaiting: number;
}

/** A reusable page; `page` is null until first use and after a failure or browser restart. */
interface Slot {
  page: Page | null;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

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
  readonly #stats: RendererStats = { launches: 0, renders: 0, retries: 0, waiting: 0, peakWaiting: 0 };

  private constructor(opts: PdfRendererOptions) {
    this.#executablePath = opts.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    this.#queueLimit = Math.max(0, Math.floor(opts.queueLimit ?? 500));
    this.#retries = Math.max(0, Math.floor(opts.retries ?? 2));
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

  async #renderOn(slot: Slot, html: string, paper: Paper): Promise<Buffer> {
    const context = await this.#ensureContext();
    if (!slot.page || slot.page.isClosed() || slot.page.context() !== context) {
      slot.page = await PdfRenderer.#newPage(context);
    }
    await slot.page.setContent(html, { waitUntil: 'load' });
    return await slot.page.pdf({ width: paper.width, height: paper.height, printBackground: true, margin: paper.margin });
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
    const browser = await chromium.launch({ executablePath: this.#executablePath, args: CHROMIUM_ARGS });
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
