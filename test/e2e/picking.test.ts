import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';

/**
 * Pick lists and shipping through the REST API: the pick list of a new note
 * (PDF with every line, its quantity, warehouse and bin), shipping with method,
 * carrier and tracking number onto the delivery note PDF, the delivery date,
 * the customer's delivery notice, and the refusals.
 */

/** A PDF's text lines with runs of spaces collapsed. */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
/** The one line that prints this article number. */
function rowOf(lines: string[], sku: string): string {
  const found = lines.filter((l) => l.includes(sku));
  expect({ sku, rows: found.length }).toEqual({ sku, rows: 1 });
  return found[0]!;
}
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('pick lists and shipping', () => {
  it('a note has a pick list with bins, ships with method, carrier and tracking onto its PDF, is delivered, and the customer is noticed', async () => {
    const customer = await newCustomer();
    const backpack = await newProduct('19.90', 'standard', 'Rucksack');
    const bottle = await newProduct('4.50', 'standard', 'Trinkflasche');
    const manual = await newProduct('2.00', 'reduced', 'Handbuch');
    // The backpack's bin comes with its receipt, the bottle's is set afterwards; the manual is not stocked at all.
    const received = await ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: backpack.sku, quantity: '10', bin: 'R03-F2-E1' });
    expect(received.level).toMatchObject({ warehouse: 'HAUPT', bin: 'R03-F2-E1', onHand: '10' });
    await ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: bottle.sku, quantity: '5' });
    const binned = await ok('warehouse', 'POST', '/api/v1/stock/bins', { product: bottle.sku, bin: 'K12-B' });
    expect(binned).toMatchObject({ sku: bottle.sku, warehouse: 'HAUPT', bin: 'K12-B', onHand: '5' });
    // A bin alone does not make a product stock-managed.
    const noStock = await api('warehouse', 'POST', '/api/v1/stock/bins', { product: manual.sku, bin: 'X1' });
    expect([noStock.status, noStock.body.code]).toEqual([409, 'no_stock_level']);

    const order = await ok('sales', 'POST', '/api/v1/orders', {
      customerId: customer.id,
      currency: 'EUR',
      lines: [
        { productId: backpack.id, quantity: '3' },
        { productId: bottle.id, quantity: '2' },
        { productId: manual.id, quantity: '4' },
      ],
    });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    expect(note).toMatchObject({ status: 'open', shippingMethod: null, carrier: null, trackingNumber: null, shippedAt: null, deliveredOn: null });

    // The pick list is issued with the note: every line with its SKU, quantity, warehouse and bin ("—" where not known).
    const pick = linesOf(pdfText(await downloadPdf(note.number, { kind: 'pick_list' })));
    expect(pick.join('\n')).toContain('Kommissionierliste');
    expect(pick.join('\n')).toContain(order.number);
    expect(pick.join('\n')).toContain(customer.name);
    expect(rowOf(pick, backpack.sku)).toMatch(/Rucksack 3 Stk HAUPT R03-F2-E1$/);
    expect(rowOf(pick, bottle.sku)).toMatch(/Trinkflasche 2 Stk HAUPT K12-B$/);
    expect(rowOf(pick, manual.sku)).toMatch(/Handbuch 4 Stk — —$/);
    // The same bytes under the delivery note's own route.
    const viaNote = await api('warehouse', 'GET', `/api/v1/delivery-notes/${note.number}/pick-list/pdf`);
    expect(viaNote.status).toBe(200);
    expect(viaNote.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.compare(viaNote.body as Buffer, await downloadPdf(note.number, { kind: 'pick_list' }))).toBe(0);

    // The delivery note itself is issued when it ships: no PDF before.
    for (const path of [`/api/v1/documents/${note.number}/pdf`, `/api/v1/documents/${note.number}`]) {
      const res = await api('accounting', 'GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }

    // Refusals that write nothing: delivered before shipping, an unknown shipping method.
    const early = await api('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/delivered`, { deliveredOn: berlinDate(new Date()) });
    expect([early.status, early.body.code]).toEqual([409, 'not_shipped']);
    const badMethod = await api('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { method: 'drone', carrier: 'DHL' });
    expect(badMethod.status).toBe(422);
    expect(fieldsOf(badMethod.body)).toEqual(['method']);
    expect(await ok('warehouse', 'GET', `/api/v1/delivery-notes/${note.number}`)).toMatchObject({ status: 'open', version: note.version, deliveredOn: null });

    const shipped = await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, {
      method: 'freight',
      carrier: 'Schenker',
      trackingNumber: 'SCH-4711-0815',
    });
    expect(shipped).toMatchObject({ status: 'shipped', shippingMethod: 'freight', carrier: 'Schenker', trackingNumber: 'SCH-4711-0815' });
    const shippedOn = berlinDate(new Date(shipped.shippedAt));
    const [y, m, d] = shippedOn.split('-');

    const notePdf = pdfText(await downloadPdf(note.number));
    const noteLines = linesOf(notePdf);
    expect(notePdf).toContain('Lieferschein');
    expect(notePdf).toContain('Schenker');
    expect(notePdf).toContain('SCH-4711-0815');
    expect(noteLines).toContain(`Versanddatum ${d}.${m}.${y}`);
    expect(noteLines).toContain('Versandart Spedition');
    expect(rowOf(noteLines, backpack.sku)).toMatch(/Rucksack 3 Stk$/);

    // Arrival: not in the future, then recorded once.
    const future = await api('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/delivered`, { deliveredOn: addDays(berlinDate(new Date()), 2) });
    expect(future.status).toBe(422);
    expect(fieldsOf(future.body)).toEqual(['deliveredOn']);
    const planner = await api('planner', 'POST', `/api/v1/delivery-notes/${note.number}/delivered`, { deliveredOn: shippedOn });
    expect(planner.status).toBe(403);
    const delivered = await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/delivered`, { deliveredOn: shippedOn });
    expect(delivered).toMatchObject({ status: 'shipped', deliveredOn: shippedOn });
    expect(await ok('admin', 'GET', `/api/v1/delivery-notes/${note.number}`)).toMatchObject({ deliveredOn: shippedOn, shippingMethod: 'freight' });

    // The customer's delivery notice, once.
    const recipient = `customer:${customer.number}`;
    await eventually(
      async () => (await ok('admin', 'GET', `/api/v1/notifications?recipient=${encodeURIComponent(recipient)}`)).length > 0,
      30_000,
      'delivery notice',
    );
    const notices = await ok('admin', 'GET', `/api/v1/notifications?recipient=${encodeURIComponent(recipient)}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      recipient,
      kind: 'delivery_notice',
      documentNumber: note.number,
      details: {
        orderNumber: order.number,
        shippingMethod: 'freight',
        carrier: 'Schenker',
        trackingNumber: 'SCH-4711-0815',
        shippedAt: shipped.shippedAt,
        lines: [
          expect.objectContaining({ sku: backpack.sku, quantity: '3', unit: 'Stk' }),
          expect.objectContaining({ sku: bottle.sku, quantity: '2', unit: 'Stk' }),
          expect.objectContaining({ sku: manual.sku, quantity: '4', unit: 'Stk' }),
        ],
      },
    });
    expect(notices[0].subject).toContain('SCH-4711-0815');
  });

  it('ships as a parcel when no method is given', async () => {
    const product = await newProduct('10.00');
    const customer = await newCustomer();
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    const shipped = await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    expect(shipped).toMatchObject({ shippingMethod: 'parcel', carrier: 'DHL', trackingNumber: null });
    expect(linesOf(pdfText(await downloadPdf(note.number)))).toContain('Versandart Paket');
  });
});
