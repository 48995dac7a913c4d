import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { berlinDate } from '../../shared/dates.ts';

/*
 * Bulk print through the API: a filter picks stored documents, a background
 * job joins their archived PDFs into one, its status reports done of total,
 * and the combined PDF holds every page of every document selected.
 */
const pages = (pdf: Buffer) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8'))![1]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Polls a job until it is no longer running; answers the finished job and every `done` seen on the way. */
async function finished(id: string): Promise<{ job: any; seen: number[] }> {
  const seen: number[] = [];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await ok('accounting', 'GET', `/api/v1/documents/bulk-print/${id}`);
    seen.push(job.done);
    if (job.status !== 'running' || Date.now() > deadline) return { job, seen };
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('bulk print', () => {
  let customer: any;
  let numbers: { order: string; note: string; invoice: string };
  beforeAll(async () => {
    customer = await newCustomer({ name: `Sammeldruck GmbH ${Date.now().toString(36)}` });
    const product = await newProduct('12.50');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '4' }] });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    numbers = { order: order.number, note: note.number, invoice: invoice.number };
  });

  it("combines every document of a customer into one PDF, with the job's progress", async () => {
    // Order confirmation, pick list, delivery note and invoice, each rendered and archived.
    const singles = await Promise.all([
      downloadPdf(numbers.order),
      downloadPdf(numbers.note, { kind: 'pick_list' }),
      downloadPdf(numbers.note),
      downloadPdf(numbers.invoice),
    ]);
    const started = await api('accounting', 'POST', '/api/v1/documents/bulk-print', { filter: { customer: customer.number } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', total: 4, filter: { customer: customer.number } });
    const { job, seen } = await finished(started.body.id);
    expect(job).toMatchObject({ status: 'done', total: 4, done: 4, error: null });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const res = await api('accounting', 'GET', `/api/v1/documents/bulk-print/${job.id}/pdf`);
    expect(res.status).toBe(200);
    const combined = res.body as Buffer;
    expect(sha256(combined)).toBe(job.sha256);
    expect(combined.length).toBe(job.size);
    expect(pages(combined)).toBe(singles.reduce((a, pdf) => a + pages(pdf), 0));
    const text = pdfText(combined);
    for (const n of Object.values(numbers)) expect(text).toContain(n);
    expect(text).toContain('Kommissionierliste');
  });

  it('narrows by kind, numbers and issue dates', async () => {
    const today = berlinDate(new Date());
    const invoices = await api('accounting', 'POST', '/api/v1/documents/bulk-print', {
      filter: { customer: customer.number, kind: 'invoice', from: today, to: today },
    });
    expect(invoices.body).toMatchObject({ total: 1 });
    const { job } = await finished(invoices.body.id);
    const only = (await api('accounting', 'GET', `/api/v1/documents/bulk-print/${job.id}/pdf`)).body as Buffer;
    expect(pdfText(only)).toContain(numbers.invoice);
    expect(pdfText(only)).not.toContain('Auftragsbestätigung');

    const byNumbers = await api('accounting', 'POST', '/api/v1/documents/bulk-print', { filter: { numbers: [numbers.order, numbers.invoice] } });
    expect(byNumbers.body).toMatchObject({ total: 2 });
    expect((await finished(byNumbers.body.id)).job.status).toBe('done');
  });

  it('refuses a filter that matches nothing or is malformed, naming it, and writes no job', async () => {
    const none = await api('accounting', 'POST', '/api/v1/documents/bulk-print', { filter: { customer: customer.number, from: '2099-01-01' } });
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('filter');
    const bad = await api('accounting', 'POST', '/api/v1/documents/bulk-print', { filter: { from: 'yesterday' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body.errors)).toContain('from');
    expect((await api('accounting', 'GET', '/api/v1/documents/bulk-print/bulk_00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await api('sales', 'POST', '/api/v1/documents/bulk-print', { filter: { customer: customer.number } })).status).toBe(403);
  });
});
