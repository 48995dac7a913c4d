import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PdfRenderer, RendererBusyError } from '../../services/document/src/pdf/renderer.ts';

/*
 * The renderer under stress, on a real Chromium: a flood of renders waits in a
 * bounded queue (never another browser), and a Chromium killed in the middle of
 * a burst is restarted and every render of the burst still comes back, each
 * with its own content.
 */

const html = (i: number) =>
  `<!doctype html><html><head><meta charset="utf-8"></head><body><h1>Burst document ${i}</h1><p>${'Zeile '.repeat(200)}</p></body></html>`;

/** The text of a PDF as pdftotext reads it. */
const textOf = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');

/** Chromium's browser processes: the children of this process that Playwright launched. */
function chromiumPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).toString('utf8');
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, comm]) => pid && comm && /chrom/i.test(comm))
    .map(([pid]) => Number(pid));
}

/** Kills Chromium's browser process (SIGKILL, no goodbye). */
function killChromium(): number[] {
  const pids = chromiumPids();
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids;
}

/** Whether a process still runs (a zombie awaiting its parent counts as gone). */
function isAlive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('PDF renderer', () => {
  it('loses no render when Chromium is killed during a burst, and restarts it once', async () => {
    const renderer = await PdfRenderer.launch({ poolSize: 2 });
    try {
      const done: number[] = [];
      const burst = Array.from({ length: 40 }, (_, i) =>
        renderer.render(html(i)).then((pdf) => {
          done.push(i);
          return pdf;
        }),
      );
      // Kill while renders are in flight: some done, most still queued or on a page.
      const deadline = Date.now() + 30_000;
      while (done.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(done.length).toBeLessThan(40);
      expect(killChromium().length).toBeGreaterThan(0);

      const pdfs = await Promise.all(burst);
      pdfs.forEach((pdf, i) => {
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(textOf(pdf)).toContain(`Burst document ${i}`);
      });
      const stats = renderer.stats();
      expect(stats.renders).toBe(40);
      expect(stats.launches).toBe(2);
      expect(stats.retries).toBeGreaterThan(0);
    } finally {
      await renderer.close();
    }
  });

  it('kills a Chromium that stops answering in the middle of a render and renders on a new one', async () => {
    const renderer = await PdfRenderer.launch({ poolSize: 1, pdfDeadlineMs: 8_000 });
    try {
      const chromium = chromiumPids();
      expect(chromium.length).toBeGreaterThan(0);
      // SIGSTOP: the process is there and its pipe open, it just never answers (as a hung printToPDF did in CI).
      for (const pid of chromium) process.kill(pid, 'SIGSTOP');
      const started = Date.now();
      const pdf = await renderer.render(html(7));
      expect(textOf(pdf)).toContain('Burst document 7');
      expect(Date.now() - started).toBeGreaterThanOrEqual(8_000);
      // One hang for the stopped browser; on a machine busy enough, the new browser's first (cold) render may miss the
      // deadline too and count another: each hang relaunches once.
      const stats = renderer.stats();
      expect(stats.hangs).toBeGreaterThanOrEqual(1);
      expect(stats).toMatchObject({ launches: stats.hangs + 1, renders: 1 });
      // The stopped browser was killed, not left behind.
      for (const pid of chromium) expect(isAlive(pid)).toBe(false);
    } finally {
      await renderer.close();
    }
  });

  it('queues a flood on its pages without starting another browser, and refuses beyond the queue limit', async () => {
    const renderer = await PdfRenderer.launch({ poolSize: 1, queueLimit: 3 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => renderer.render(html(i))));
      const rendered = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      // One on the page, three waiting, six refused at once.
      expect(rendered).toHaveLength(4);
      expect(refused).toHaveLength(6);
      for (const r of refused) expect(r.reason).toBeInstanceOf(RendererBusyError);
      expect(renderer.stats()).toMatchObject({ launches: 1, renders: 4, peakWaiting: 3, waiting: 0 });
      // The queue drained: the next render is served again.
      expect(textOf(await renderer.render(html(99)))).toContain('Burst document 99');
    } finally {
      await renderer.close();
    }
  });
});
