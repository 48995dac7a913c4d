import { readFileSync } from 'node:fs';
import { DATA_DIR } from '../../scripts/instance.ts';
import { BASE_URL } from '../../scripts/api-client.ts';
import { api, newProduct, newCustomer } from '../helpers/sale.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function health(): Promise<{ status: number; body: { status: string; down: string[]; checks: Record<string, string> } }> {
  const res = await fetch(`${BASE_URL}/health`);
  return { status: res.status, body: await res.json() };
}

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(250);
  }
  throw new Error(`${what} not seen within ${seconds}s`);
}

const workerPid = () => Number(readFileSync(`${DATA_DIR}/run/worker.pid`, 'utf8').trim());

/** Operations: /health names a dead worker, and the supervisor brings it back. */
describe('health and supervision', () => {
  it('reports every process, answers 503 naming the dead worker, and the supervisor restarts it', async () => {
    const before = await health();
    expect(before.status).toBe(200);
    expect(before.body.checks).toMatchObject({ 'service:worker': 'ok', 'temporal:pollers': 'ok', 'service:quote': 'ok' });

    const pid = workerPid();
    process.kill(-pid, 'SIGKILL');
    const degraded = await until('503 naming the worker', 20, async () => {
      const h = await health();
      return h.status === 503 ? h : undefined;
    });
    expect(degraded.body.down).toContain('service:worker');

    const recovered = await until('healthy again', 90, async () => {
      const h = await health();
      return h.status === 200 ? h : undefined;
    });
    expect(recovered.body.checks['service:worker']).toBe('ok');
    expect(workerPid()).not.toBe(pid);
  }, 120_000);
});

/** A flood is bounded: every request is either served or refused with 429 and Retry-After, none hangs. */
describe('admission control under a flood', () => {
  it('answers 429 with Retry-After to what it cannot queue, serves the rest, and another caller still gets through', async () => {
    const customer = await newCustomer();
    const product = await newProduct('10.00');
    const body = { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] };
    const flood = Array.from({ length: 160 }, () => api('sales', 'POST', '/api/v1/quotes', body));
    // Another caller during the flood is queued in its own turn, not refused behind the flood.
    const other = await api('accounting', 'GET', '/api/v1/invoices?limit=1');
    expect(other.status).toBe(200);
    const answers = await Promise.all(flood);
    expect(answers.filter((r) => r.status !== 201 && r.status !== 429).map((r) => [r.status, r.body.code])).toEqual([]);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body.code).toBe('too_many_requests');
    }
    // Served ones are whole quotes; the refused ones wrote nothing (numbers of served ones are distinct).
    const served = answers.filter((r) => r.status === 201).map((r) => r.body.number);
    expect(new Set(served).size).toBe(served.length);
  }, 120_000);
});
