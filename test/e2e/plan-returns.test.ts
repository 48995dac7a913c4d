import { Client as PgClient } from 'pg';
import { newCustomer, newProduct, ok } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * Returns of goods billed by a billing plan: after the final invoice the
 * return is credited on it (its lines are the whole order at the order's
 * prices); before it, only plan shares billed the order, which bill no goods:
 * no credit note, and the return's audit trail says why. Amounts by hand.
 */
describe('returns of goods billed by plan', () => {
  let pg: PgClient;
  let customerId: string;
  let machine: any;

  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    customerId = (await newCustomer()).id;
    machine = await newProduct('1000.00', 'standard', 'Fräsmaschine');
  });
  afterAll(() => pg.end());

  const invoicesOf = async (orderNumber: string) => (await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${orderNumber}&limit=50`)).items as any[];

  /** 2 machines at 1,000.00 (19 %), half billed as a down payment on confirmation: 1,000.00 + 190.00 = 1,190.00. */
  async function planBilledOrder() {
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId: machine.id, quantity: '2' }] });
    await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan`, {
      items: [
        { key: 'anzahlung', label: 'Anzahlung', kind: 'down_payment', share: { kind: 'percent', value: '50' }, trigger: { on: 'order_confirmed' }, auto: true },
      ],
    });
    const [down] = await eventually(async () => {
      const list = await invoicesOf(order.number);
      return list.length === 1 && list;
    });
    expect([down.kind, down.totals.net, down.totals.vat, down.totals.gross]).toEqual(['down_payment', '1000.00', '190.00', '1190.00']);
    return order;
  }

  async function returned(orderNumber: string, quantity: string) {
    const ret = await ok('sales', 'POST', `/api/v1/orders/${orderNumber}/returns`, {
      lines: [{ orderPosition: 1, quantity, reason: 'defekt', condition: 'damaged' }],
    });
    await ok('warehouse', 'POST', `/api/v1/returns/${ret.number}/receive`);
    return ret;
  }

  it('after the final invoice a return is credited on it, at the order price, per rate', async () => {
    const order = await planBilledOrder();
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'Spedition' });
    const final = await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/final-invoice`);
    // The whole order 2,000.00 + 380.00 less the down payment 1,000.00 + 190.00: 1,000.00 + 190.00 = 1,190.00.
    expect([final.kind, final.totals.net, final.totals.vat, final.totals.gross]).toEqual(['final', '1000.00', '190.00', '1190.00']);

    await returned(order.number, '1');
    const credited = await eventually(async () => {
      const i = await ok('accounting', 'GET', `/api/v1/invoices/${final.number}`);
      return i.corrections.length === 1 ? i : null;
    });
    const rk = await ok('accounting', 'GET', `/api/v1/credit-notes/${credited.corrections[0]}`);
    // One machine back: −1,000.00 net, −190.00 VAT (19 %), −1,190.00 gross; nothing is left open on the final invoice.
    expect([
      rk.refersTo,
      rk.lines.map((l: any) => [l.invoicePosition, l.quantity, l.net]),
      rk.totals.taxGroups.map((g: any) => [g.vatRate, g.net, g.vat, g.gross]),
    ]).toEqual([final.number, [[1, '-1', '-1000.00']], [['19', '-1000.00', '-190.00', '-1190.00']]]);
    expect([credited.status, credited.openAmount, credited.creditedAmount]).toEqual(['paid', '0.00', '1190.00']);
  });

  it('before the final invoice only plan shares billed the goods: no credit note, the reason in the return audit trail', async () => {
    const order = await planBilledOrder();
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '1' }] });
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'Spedition' });
    const ret = await returned(order.number, '1');
    const audit = await eventually(async () => {
      const r = await pg.query(`select details from invoicing.audit_entry where aggregate_type = 'return' and aggregate_id = $1 and action = 'not_credited'`, [
        ret.number,
      ]);
      return r.rows[0]?.details;
    });
    expect([audit.reason, audit.uncredited]).toEqual(['billed_by_plan_shares', [{ orderPosition: 1, quantity: '1' }]]);
    expect(audit.explanation).toContain((await invoicesOf(order.number))[0].number);
    expect((await invoicesOf(order.number)).map((i) => i.kind)).toEqual(['down_payment']);
  });
});
