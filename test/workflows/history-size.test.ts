import { temporal } from '@temporalio/proto';
import {
  acceptQuoteUpdate,
  convertToOrderUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  sendQuoteUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { actor, quoteSale, recordHistory, saleTestEnv, update, type SaleTestEnv } from './helpers/sale-env.ts';
import type { FakeLine } from './helpers/fake-services.ts';

/**
 * The sale's history holds numbers and decisions, not documents: a plain sale
 * (quote, send, accept, convert, one delivery note, ship, one invoice, one
 * payment) stays within 60 events and 16 KB, and 200 lines make it no bigger
 * than 3 lines do.
 */
describe('history size of a plain sale', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('history-size', { series: 77 });
  });
  afterAll(() => env.close());

  async function plainSale(lines: FakeLine[], record?: string) {
    const quote = env.fake.createQuote(lines);
    const handle = await env.start(quoteSale(quote.number));
    const sales = actor('anna', 'sales');
    await update(handle, sendQuoteUpdate, sales);
    await update(handle, acceptQuoteUpdate, sales);
    await update(handle, convertToOrderUpdate, sales);
    const note = await update(handle, createDeliveryNoteUpdate, actor('wera', 'warehouse'));
    await update(handle, shipDeliveryNoteUpdate, {
      number: note.number,
      carrier: 'DHL',
      trackingNumber: '00340434161094042557',
      ...actor('wera', 'warehouse'),
    });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...actor('anton', 'accounting') });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...actor('anton', 'accounting') });
    expect((await handle.result()).stage).toBe('paid');
    const history = await handle.fetchHistory();
    if (record) await recordHistory(handle, record);
    return { events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length };
  }

  it('stays within 60 events and 16 KB, whether the sale has 3 lines or 200', async () => {
    const line = (i: number): FakeLine => ({ quantity: String(1 + (i % 7)), unitPrice: `${100 + i}.50` });
    const small = await plainSale(
      Array.from({ length: 3 }, (_, i) => line(i)),
      'plain-sale',
    );
    const large = await plainSale(Array.from({ length: 200 }, (_, i) => line(i)));
    console.log(`plain sale history: 3 lines ${small.events} events / ${small.bytes} bytes; 200 lines ${large.events} events / ${large.bytes} bytes`);
    for (const sale of [small, large]) {
      expect(sale.events).toBeLessThanOrEqual(60);
      expect(sale.bytes).toBeLessThanOrEqual(16 * 1024);
    }
    // How workflow tasks batch varies by a few events from run to run; anything kept per line
    // (even 30 bytes per line) would add 6 KB to the 200-line sale.
    expect(large.bytes).toBeLessThan(small.bytes * 1.1);
  });
});
