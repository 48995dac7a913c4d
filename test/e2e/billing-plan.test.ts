import { Client, Connection } from '@temporalio/client';
import { Decimal } from 'decimal.js';
import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';

/**
 * A machine order billed by plan: 30 % down payment on confirmation and 40 %
 * when the main equipment ships, both issued by the sale by itself;
 * accessories shipped later; the final invoice after site acceptance deducts
 * both, per VAT rate. The amounts were worked out by hand (see
 * test/unit/plan-billing.test.ts for the arithmetic).
 */
describe('billing plan: down payment, progress and final invoice', () => {
  let temporal: Client;
  let connection: Connection;
  const today = berlinDate(new Date());

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
    temporal = new Client({ connection });
  });
  afterAll(() => connection.close());

  const invoicesOf = async (orderNumber: string) => (await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${orderNumber}&limit=50`)).items as any[];
  const groups = (inv: any) => inv.totals.taxGroups.map((g: any) => [g.vatRate, g.net, g.vat, g.gross]);

  it('bills 30 % on confirmation and 40 % on shipment by itself, then the rest by the final invoice, to the cent', async () => {
    const customer = await newCustomer({ name: `Anlagenbau Plan ${Date.now()}` });
    const machine = await newProduct('84999.99', 'standard', 'Abfüllanlage AF-3');
    const manuals = await newProduct('333.33', 'reduced', 'Betriebsanleitung gedruckt');
    const order = await ok('sales', 'POST', '/api/v1/orders', {
      customerId: customer.id,
      currency: 'EUR',
      lines: [
        { productId: machine.id, quantity: '1' },
        { productId: manuals.id, quantity: '3' },
      ],
    });
    expect([order.totals.net, order.totals.vat, order.totals.gross]).toEqual(['85999.98', '16220.00', '102219.98']);

    const milestones = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones`, {
      milestones: [{ name: 'Abnahme vor Ort', plannedDate: addDays(today, 30), responsible: 'paula.planung' }],
    });
    const acceptance = milestones.milestones[0];

    // More than the order in shares: refused, naming the item; nothing written.
    const tooMuch = await api('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan`, {
      items: [
        { key: 'anzahlung', label: 'Anzahlung', kind: 'down_payment', share: { kind: 'percent', value: '70' }, trigger: { on: 'order_confirmed' } },
        {
          key: 'abnahme',
          label: 'Abnahme',
          kind: 'progress',
          share: { kind: 'amount', value: '30000.00' },
          trigger: { on: 'milestone_done', milestoneId: acceptance.id },
        },
      ],
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].field).toBe('items.1.share');
    // A sales user does not plan billing.
    expect((await api('sales', 'POST', `/api/v1/orders/${order.number}/billing-plan`, { items: [] })).status).toBe(403);
    expect((await ok('accounting', 'GET', `/api/v1/orders/${order.number}/billing-plan`)).version).toBe(0);

    const plan = await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan`, {
      items: [
        { key: 'anzahlung', label: 'Anzahlung', kind: 'down_payment', share: { kind: 'percent', value: '30' }, trigger: { on: 'order_confirmed' }, auto: true },
        {
          key: 'hauptgeraet',
          label: 'Lieferung Hauptgerät',
          kind: 'progress',
          share: { kind: 'percent', value: '40' },
          trigger: { on: 'positions_shipped', positions: [1] },
          auto: true,
        },
      ],
    });
    expect(plan.version).toBe(1);

    // The sale bills the down payment by itself: 30 % of 85,999.98 net, split over 19 % and 7 %.
    const [down] = await eventually(async () => {
      const list = await invoicesOf(order.number);
      return list.length === 1 && list;
    });
    expect(down).toMatchObject({ kind: 'down_payment', planItemKey: 'anzahlung', status: 'issued' });
    expect(groups(down)).toEqual([
      ['19', '25499.99', '4845.00', '30344.99'],
      ['7', '300.00', '21.00', '321.00'],
    ]);
    expect(down.totals.gross).toBe('30665.99');

    // Refusals with nothing written: the shipment item before shipping, the final invoice before delivery, a second down payment.
    const early = await api('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan/hauptgeraet/invoice`, {});
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('trigger_not_reached');
    expect((await api('project_manager', 'POST', `/api/v1/orders/${order.number}/final-invoice`)).body.code).toBe('not_delivered');
    expect((await api('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan/anzahlung/invoice`, {})).body.code).toBe('already_billed');
    expect((await api('warehouse', 'POST', `/api/v1/orders/${order.number}/billing-plan/hauptgeraet/invoice`, {})).status).toBe(403);
    expect(await invoicesOf(order.number)).toHaveLength(1);

    // The main equipment ships: the sale bills 40 % by itself.
    const first = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '1' }] });
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${first.number}/ship`, { carrier: 'Spedition Müller', method: 'freight' });
    const progress = await eventually(async () => (await invoicesOf(order.number)).find((i) => i.kind === 'progress'));
    expect(groups(progress)).toEqual([
      ['19', '33999.99', '6460.00', '40459.99'],
      ['7', '400.00', '28.00', '428.00'],
    ]);
    // Deliveries of a plan-billed order are not invoiced on their own: the final invoice bills them.
    const byNote = await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [first.number] });
    expect(byNote.status).toBe(409);
    expect(byNote.body.code).toBe('billed_by_plan');

    // Accessories later; then the site acceptance is done and the project manager issues the final invoice.
    const second = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${second.number}/ship`, { carrier: 'DHL' });
    await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones/${acceptance.id}/done`, { expectedVersion: 1 });
    const final = await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/final-invoice`);
    expect(final).toMatchObject({ kind: 'final', status: 'issued' });
    expect(final.lines.map((l: any) => [l.position, l.quantity, l.net])).toEqual([
      [1, '1', '84999.99'],
      [2, '3', '999.99'],
    ]);
    expect(groups(final)).toEqual([
      ['19', '25500.01', '4845.00', '30345.01'],
      ['7', '299.99', '21.00', '320.99'],
    ]);
    expect(final.totals.gross).toBe('30666.00');
    expect(final.deductions.map((d: any) => [d.invoiceNumber, d.vatRate, d.net, d.vat])).toEqual([
      [down.number, '19', '25499.99', '4845.00'],
      [down.number, '7', '300.00', '21.00'],
      [progress.number, '19', '33999.99', '6460.00'],
      [progress.number, '7', '400.00', '28.00'],
    ]);
    expect((await api('accounting', 'POST', `/api/v1/orders/${order.number}/final-invoice`)).body.code).toBe('final_invoiced');

    // The invariant: all invoices of the order add up to its gross, and per rate to its nets and VAT.
    const all = await invoicesOf(order.number);
    expect(all).toHaveLength(3);
    expect(all.reduce((a, i) => a.plus(i.totals.gross), new Decimal(0)).toFixed(2)).toBe(order.totals.gross);
    for (const g of order.totals.taxGroups) {
      const atRate = all.flatMap((i) => i.totals.taxGroups).filter((x: any) => x.vatRate === g.vatRate);
      expect(atRate.reduce((a: Decimal, x: any) => a.plus(x.net), new Decimal(0)).toFixed(2)).toBe(g.net);
      expect(atRate.reduce((a: Decimal, x: any) => a.plus(x.vat), new Decimal(0)).toFixed(2)).toBe(g.vat);
    }
    const status = await ok('project_manager', 'GET', `/api/v1/orders/${order.number}/billing`);
    expect(status).toMatchObject({ billed: { gross: '102219.98' }, remaining: { net: '0.00', vat: '0.00', gross: '0.00' }, finalInvoice: final.number });
    expect(status.items.map((i: any) => [i.key, i.invoiceNumber])).toEqual([
      ['anzahlung', down.number],
      ['hauptgeraet', progress.number],
    ]);

    // What the customer reads on the final invoice.
    const text = pdfText(await downloadPdf(final.number));
    const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toContain(`Schlussrechnung ${final.number}`);
    expect(lines.some((l) => /^1 .*Abfüllanlage AF-3 1 Stk 84\.999,99 .*19 % 84\.999,99$/.test(l))).toBe(true);
    expect(lines).toContain('Gesamtleistung 19 % USt 84.999,99 16.150,00 101.149,99');
    expect(lines).toContain('Gesamtleistung 7 % USt 999,99 70,00 1.069,99');
    expect(lines).toContain('Gesamtleistung 85.999,98 16.220,00 102.219,98');
    // Issued today (Berlin), like the deducted invoices.
    const issued = today.split('-').reverse().join('.');
    expect(lines).toContain('abzüglich bereits berechnet:');
    expect(lines).toContain(`Anzahlungsrechnung ${down.number} vom ${issued}, 19 % -25.499,99 -4.845,00 -30.344,99`);
    expect(lines).toContain(`Anzahlungsrechnung ${down.number} vom ${issued}, 7 % -300,00 -21,00 -321,00`);
    expect(lines).toContain(`Abschlagsrechnung ${progress.number} vom ${issued}, 19 % -33.999,99 -6.460,00 -40.459,99`);
    expect(lines).toContain(`Abschlagsrechnung ${progress.number} vom ${issued}, 7 % -400,00 -28,00 -428,00`);
    expect(lines).toContain('Restbetrag 19 % USt 25.500,01 4.845,00 30.345,01');
    expect(lines).toContain('Restbetrag 7 % USt 299,99 21,00 320,99');
    expect(lines).toContain('Zu zahlender Restbetrag (EUR) 25.800,00 4.866,00 30.666,00');
    expect(text).not.toContain('Gutschrift');
    const downText = pdfText(await downloadPdf(down.number));
    expect(downText).toContain('Anzahlungsrechnung');
    expect(downText).toContain(`Anzahlungsrechnung ${down.number}`);
    const downLines = downText.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(downLines.some((l) => /^1 Anzahlung: 30 % des Auftragswerts, .* 1 Pausch\. 25\.499,99 – 19 % 25\.499,99$/.test(l))).toBe(true);
    expect(downLines).toContain('USt 19 % auf 25.499,99 EUR 4.845,00 EUR');
    expect(downLines).toContain('USt 7 % auf 300,00 EUR 21,00 EUR');
    expect(downLines).toContain('Gesamtbetrag (brutto) 30.665,99 EUR');
    // No supply date on a down payment: nothing is supplied yet.
    expect(downText).not.toContain('Leistungsdatum');

    // Operations find the billing in Temporal by the order number, with what was billed.
    const sale = temporal.workflow.getHandle(`sale:${order.number}`);
    const state = await sale.query<any>('state');
    expect(state.billing.items.map((i: any) => [i.key, i.invoiceNumber])).toEqual([
      ['anzahlung', down.number],
      ['hauptgeraet', progress.number],
    ]);
    expect(state.billing.finalInvoice).toBe(final.number);

    // Paid in full, the sale is settled.
    for (const inv of [down, progress, final]) await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/payments`, { amount: inv.totals.gross });
    await eventually(async () => (await sale.describe()).status.name === 'COMPLETED', 20_000, 'the sale to complete');
  });

  it('bills a milestone item when the project manager says so: after the milestone is done, or before with a reason that is audited', async () => {
    const customer = await newCustomer({ name: `Projektbau Plan ${Date.now()}` });
    const product = await newProduct('10000.00', 'standard', 'Steuerungsschrank');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '2' }] });
    const ms = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones`, {
      milestones: [{ name: 'Konstruktion', plannedDate: addDays(today, 10), responsible: 'paula.planung', billingShare: { kind: 'percent', value: '25' } }],
    });
    const design = ms.milestones[0];
    // The item takes the milestone's billing share (25 % of 20,000.00 net = 5,000.00, VAT 950.00).
    await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan`, {
      items: [{ key: 'konstruktion', label: 'Konstruktion', kind: 'progress', trigger: { on: 'milestone_done', milestoneId: design.id } }],
    });
    const early = await api('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan/konstruktion/invoice`, {});
    expect([early.status, early.body.code]).toEqual([409, 'trigger_not_reached']);
    expect(await invoicesOf(order.number)).toHaveLength(0);

    const inv = await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan/konstruktion/invoice`, {
      overrideReason: 'Kunde hat Konstruktion vorab freigegeben (Mail vom Montag)',
    });
    expect(inv).toMatchObject({ kind: 'progress', totals: { net: '5000.00', vat: '950.00', gross: '5950.00' } });
    const audit = await ok('admin', 'GET', `/api/v1/audit/${inv.number}`);
    expect(JSON.stringify(audit)).toContain('Kunde hat Konstruktion vorab freigegeben');
  });

  it('refuses to bill more than the order: a final invoice after a line was cancelled below what the down payment billed answers 409, nothing written', async () => {
    const customer = await newCustomer({ name: `Storno nach Anzahlung ${Date.now()}` });
    const product = await newProduct('1000.00', 'standard', 'Schaltschrank SK-2');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '2' }] });
    await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan`, {
      items: [
        { key: 'anzahlung', label: 'Anzahlung', kind: 'down_payment', share: { kind: 'percent', value: '90' }, trigger: { on: 'order_confirmed' }, auto: true },
      ],
    });
    // 90 % of 2,000.00 net: 1,800.00 + 342.00 VAT.
    const [down] = await eventually(async () => {
      const list = await invoicesOf(order.number);
      return list.length === 1 && list;
    });
    expect(down.totals.gross).toBe('2142.00');
    // One of the two is cancelled: the order is now 1,000.00 net, less than the down payment billed.
    await ok('sales', 'POST', `/api/v1/orders/${order.number}/lines/1/cancel`, { reason: 'Kunde braucht nur einen', quantity: '1' });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'Spedition' });
    const final = await api('project_manager', 'POST', `/api/v1/orders/${order.number}/final-invoice`);
    expect([final.status, final.body.code]).toEqual([409, 'over_billing']);
    expect(await invoicesOf(order.number)).toHaveLength(1);
    const status = await ok('accounting', 'GET', `/api/v1/orders/${order.number}/billing`);
    expect(status).toMatchObject({ order: { net: '1000.00', gross: '1190.00' }, billed: { gross: '2142.00' }, remaining: { gross: '-952.00' } });
  });
});
