import { api, newProduct, ok, orderedSale } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import type { Role } from '../../scripts/api-client.ts';

/**
 * POST /api/v1/batch on the running gateway: the reads an order page makes, in one request, each answered exactly as
 * the same GET answers on its own (status and body), with the caller's roles checked per read.
 */
describe('batch reads', () => {
  const alone = async (role: Role, path: string) => {
    const res = await api(role, 'GET', `/api/v1${path}`);
    return { status: res.status, body: res.body };
  };
  const batch = async (role: Role, paths: string[]) => ok(role, 'POST', '/api/v1/batch', { requests: paths.map((path) => ({ path })) });

  it('answers an order page’s reads as they answer alone, and refuses per read what the role may not read', async () => {
    const product = await newProduct('80.00');
    const { quote, order } = await orderedSale([{ productId: product.id, quantity: '3' }]);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '2' }] });
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    // 2 × 80.00 = 160.00 net, 19 % VAT 30.40.
    expect(invoice.totals).toMatchObject({ net: '160.00', vat: '30.40', gross: '190.40' });

    const paths = [
      `/orders/${order.number}`,
      `/quotes/${quote.number}/revisions`,
      `/orders/${order.number}/delivery-notes`,
      `/invoices?orderNumber=${order.number}&limit=200`,
      `/orders/${order.number}/billing`,
      `/orders/${order.number}/fulfilment`,
      `/audit/${order.number}`,
      `/orders/${order.number}/invoice-drafts?status=open`,
    ];
    // The order's read models catch up with the invoice asynchronously: compare once two single reads agree.
    const answers = await eventually(async () => {
      const before = await Promise.all(paths.map((p) => alone('accounting', p)));
      const { responses } = await batch('accounting', paths);
      const after = await Promise.all(paths.map((p) => alone('accounting', p)));
      return JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(responses) === JSON.stringify(after) && responses;
    });
    expect(answers.map((a: { status: number }) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    expect(answers[0].body).toMatchObject({ number: order.number, quoteNumber: quote.number });
    expect(answers[3].body.items.map((i: { number: string; totals: { gross: string } }) => [i.number, i.totals.gross])).toEqual([[invoice.number, '190.40']]);
    expect(answers[5].body.lines[0]).toMatchObject({ position: 1, ordered: '3', shipped: '2', open: '1' });

    // The warehouse may read the order but not accounting's lists; a download and an unknown parameter are refused per read.
    const { responses } = await batch('warehouse', [
      `/orders/${order.number}`,
      '/payments/unmatched',
      `/documents/${invoice.number}/pdf`,
      `/orders/${order.number}/delivery-notes?colour=red`,
      '/orders/AB-1999-99999',
    ]);
    expect(responses.map((r: { status: number; body: { code?: string } }) => `${r.status} ${r.body.code ?? ''}`.trim())).toEqual([
      '200',
      '403 forbidden',
      '400 not_batchable',
      '400 unsupported_query_parameter',
      '404 not_found',
    ]);
    expect(responses[1]).toEqual(await alone('warehouse', '/payments/unmatched'));
    expect(responses[3]).toEqual(await alone('warehouse', `/orders/${order.number}/delivery-notes?colour=red`));

    const tooMany = await api('accounting', 'POST', '/api/v1/batch', { requests: Array.from({ length: 21 }, () => ({ path: `/orders/${order.number}` })) });
    expect([tooMany.status, tooMany.body.errors[0].field]).toEqual([422, 'requests']);
    expect((await api('accounting', 'POST', '/api/v1/batch', { requests: [{ path: 'orders' }] })).body.errors[0].field).toBe('requests[0].path');
  });
});
