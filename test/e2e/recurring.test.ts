import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DATA_DIR } from '../../scripts/instance.ts';
import { api, newCustomer, newProduct, ok } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';

const root = new URL('../../', import.meta.url).pathname;

function killWorker(): void {
  const pid = Number(readFileSync(`${DATA_DIR}/run/worker.pid`, 'utf8').trim().split(/\s+/)[0]);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}
const restartWorker = () => execFileSync('bash', [`${root}deploy/restart.sh`, 'worker'], { stdio: 'inherit' });

/**
 * A maintenance contract billed every period (4 seconds here, a month in real
 * life) by its order's sale: one invoice per period, also across a worker
 * crash that leaves periods to catch up; a price change applies from its date;
 * a paused period is skipped; after the end date nothing more is billed.
 */
describe('recurring invoices', () => {
  afterAll(() => {
    // Whatever happened, leave a running worker behind for the other suites.
    restartWorker();
  });

  it('bills each period once across a worker restart, a price change, a pause and the end', async () => {
    const customer = await newCustomer({ name: `Wartungskunde ${Date.now()}` });
    const product = await newProduct('250.00', 'standard', 'Wartungspauschale Abfüllanlage');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const recurring = async () =>
      (await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${order.number}&limit=100`)).items.filter((i: any) => i.kind === 'recurring');
    const contract = () => ok('accounting', 'GET', `/api/v1/orders/${order.number}/subscription`);

    expect((await api('warehouse', 'POST', `/api/v1/orders/${order.number}/subscription`, { interval: '4s' })).status).toBe(403);
    const bad = await api('accounting', 'POST', `/api/v1/orders/${order.number}/subscription`, { interval: 'fortnightly' });
    expect([bad.status, bad.body.errors[0].field]).toEqual([422, 'interval']);
    const created = await ok('accounting', 'POST', `/api/v1/orders/${order.number}/subscription`, { interval: '4s' });
    expect(created.next.period).toBe(0);
    expect((await api('accounting', 'POST', `/api/v1/orders/${order.number}/subscription`, { interval: '4s' })).body.code).toBe('subscription_exists');

    // Periods 0 and 1, each billed when it starts: 250.00 + 19 % = 297.50.
    await eventually(async () => (await recurring()).length >= 2, 15_000, 'two periods billed');
    expect((await recurring()).every((i: any) => i.totals.gross === '297.50')).toBe(true);

    // The worker crashes for about two periods; back up, the sale catches up, each period once.
    killWorker();
    await new Promise((r) => setTimeout(r, 9_000));
    restartWorker();
    await eventually(async () => (await contract()).periods.length >= 5, 30_000, 'the periods of the outage billed');

    // New price from today on: periods billed from now on cost 275.00 + 19 % = 327.25.
    const today = berlinDate(new Date());
    await ok('accounting', 'POST', `/api/v1/orders/${order.number}/subscription/prices`, {
      from: today,
      lines: [{ position: 1, unitPrice: '275.00' }],
      reason: 'Preisanpassung laut Vertrag § 4',
    });
    const pricedFrom = (await contract()).periods.length;
    await eventually(async () => (await contract()).periods.length >= pricedFrom + 1, 15_000, 'a period at the new price');

    // Paused: the period that starts meanwhile is skipped for good; resumed, billing goes on.
    await ok('accounting', 'POST', `/api/v1/orders/${order.number}/subscription/pause`);
    const pausedFrom = (await contract()).periods.length;
    await eventually(async () => (await contract()).periods.some((p: any) => p.period >= pausedFrom && p.skipped), 15_000, 'a skipped period');
    await ok('accounting', 'POST', `/api/v1/orders/${order.number}/subscription/resume`);
    await eventually(async () => (await contract()).periods.some((p: any) => p.period > pausedFrom && !p.skipped), 15_000, 'billing after the pause');

    // Ended (yesterday): nothing more is billed.
    const ended = await ok('accounting', 'POST', `/api/v1/orders/${order.number}/subscription/end`, { endDate: addDays(today, -1) });
    expect(ended.next).toBeNull();
    const final = await contract();
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await contract()).periods).toHaveLength(final.periods.length);

    // One invoice per billed period, periods without gaps, no period twice.
    const invoices = await recurring();
    const periods = final.periods;
    expect(periods.map((p: any) => p.period)).toEqual(periods.map((_: unknown, i: number) => i));
    const billed = periods.filter((p: any) => !p.skipped);
    expect(billed.map((p: any) => p.invoiceNumber).sort()).toEqual(invoices.map((i: any) => i.number).sort());
    expect(new Set(billed.map((p: any) => p.invoiceNumber)).size).toBe(billed.length);
    expect(periods.filter((p: any) => p.skipped).length).toBeGreaterThanOrEqual(1);
    // Prices: before the change 297.50, from the change on 327.25.
    const gross = (n: string) => invoices.find((i: any) => i.number === n).totals.gross;
    expect(billed.filter((p: any) => p.period < pricedFrom - 1).every((p: any) => gross(p.invoiceNumber) === '297.50')).toBe(true);
    expect(billed.filter((p: any) => p.period >= pricedFrom).every((p: any) => gross(p.invoiceNumber) === '327.25')).toBe(true);
    const anInvoice = await ok('accounting', 'GET', `/api/v1/invoices/${billed[0].invoiceNumber}`);
    expect(anInvoice.lines[0].description).toMatch(/^Wartungspauschale Abfüllanlage – Zeitraum \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}–\d{2}:\d{2}:\d{2} UTC$/);
  }, 120_000);
});
