import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DATA_DIR } from '../../scripts/instance.ts';
import { api, newProduct, ok, orderedSale } from '../helpers/sale.ts';
import { call } from '../../shared/nats/rpc.ts';
import { QuoteCommands } from '../../shared/contracts/quote/index.ts';

const root = new URL('../../', import.meta.url).pathname;

/** Kills the Temporal worker the bring-up started (its whole process group), as a crash would. */
function killWorker(): void {
  const pid = Number(readFileSync(`${DATA_DIR}/run/worker.pid`, 'utf8').trim().split(/\s+/)[0]);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

function restartWorker(): void {
  execFileSync('bash', [`${root}deploy/restart.sh`, 'worker'], { stdio: 'inherit' });
}

/** A worker crash in the middle of a sale: the sale completes after restart, and no document is created twice. */
describe('worker crash mid-sale', () => {
  afterAll(() => {
    // Whatever happened, leave a running worker behind for the other suites.
    try {
      execFileSync('bash', [`${root}deploy/up.sh`], { stdio: 'ignore' });
    } catch {
      restartWorker();
    }
  });

  it('finishes the sale after the worker comes back, each document once', async () => {
    const product = await newProduct('250.00');
    const { quote, order } = await orderedSale([{ productId: product.id, quantity: '4' }]);

    // Down before the step: the Update waits in Temporal until a worker returns.
    killWorker();
    const pendingNote = ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await new Promise((r) => setTimeout(r, 1500));
    restartWorker();
    const note = await pendingNote;
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });

    // Down during the step: the activity may or may not have run; the retry must not invoice twice.
    const pendingInvoice = ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    await new Promise((r) => setTimeout(r, 40));
    killWorker();
    await new Promise((r) => setTimeout(r, 1000));
    restartWorker();
    const invoice = await pendingInvoice;
    expect(invoice.totals.gross).toBe('1190.00');

    const paid = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '1190.00' });
    expect(paid.status).toBe('paid');

    const sale = await ok('admin', 'GET', `/api/v1/sales/${quote.number}`);
    expect(sale.stage).toBe('paid');
    expect(sale.deliveryNoteNumbers).toEqual([note.number]);
    expect(sale.invoiceNumbers).toEqual([invoice.number]);
    const notes = await ok('admin', 'GET', `/api/v1/orders/${order.number}/delivery-notes`);
    expect(notes).toHaveLength(1);
    const invoices = (await api('admin', 'GET', `/api/v1/invoices?orderNumber=${order.number}`)).body.items as { orderNumber: string }[];
    expect(invoices.filter((i) => i.orderNumber === order.number)).toHaveLength(1);
  }, 240_000);
});

describe('a quote written without its workflow', () => {
  it('still gets its sale workflow from the created event (the gateway died in between)', async () => {
    const { connect } = await import('@nats-io/transport-node');
    const nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    try {
      const product = await newProduct('12.00');
      const customer = await ok('sales', 'POST', '/api/v1/customers', {
        name: 'Hintertür GmbH',
        billingAddress: { name: 'Hintertür GmbH', street: 'Gasse 1', postalCode: '04109', city: 'Leipzig', country: 'DE' },
      });
      // Straight to the quote service, as if the gateway crashed right after this call.
      const { number } = await call(nc, QuoteCommands.create, { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
      let stage: string | undefined;
      for (let i = 0; i < 60 && !stage; i++) {
        const res = await api('admin', 'GET', `/api/v1/sales/${number}`);
        if (res.status === 200) stage = res.body.stage;
        else await new Promise((r) => setTimeout(r, 250));
      }
      expect(stage).toBe('quote_draft');
    } finally {
      await nc.close();
    }
  });
});
