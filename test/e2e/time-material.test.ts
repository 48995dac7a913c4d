import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';

/**
 * A service project: a fixed-price commissioning milestone and time and
 * material beside it. The time invoice shows hours per person and activity at
 * the customer's price (or the entry's rate), skips unbillable and
 * out-of-period entries, and bills no entry twice, also when two invoices are
 * asked for at once. Amounts worked out by hand.
 */
describe('time and material', () => {
  const service = (name: string, price: string) =>
    ok('sales_manager', 'POST', '/api/v1/products', { sku: `DL-${name}-${Date.now()}`, name, unit: 'Std', prices: { EUR: price }, taxCategory: 'standard' });

  it('bills a fixed-price milestone and the hours of November per person and activity, each entry once', async () => {
    // An XRechnung customer: each invoice passes the e-invoice gate before it is issued, and states its period (BG-14).
    const customer = await newCustomer({
      name: `Stadtwerke Projekt ${Date.now()}`,
      email: 'rechnung@stadtwerke.example',
      einvoice: { format: 'xrechnung-ubl' },
    });
    const flat = await newProduct('12000.00', 'standard', 'Inbetriebnahme Leitsystem (Pauschale)');
    const assembly = await service('Montage', '95.00');
    const programming = await service('Programmierung', '120.00');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: flat.id, quantity: '1' }] });
    const plan = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones`, {
      milestones: [{ name: 'Inbetriebnahme', plannedDate: '2026-12-15', responsible: 'eva.beispiel', billingShare: { kind: 'percent', value: '100' } }],
    });
    await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan`, {
      items: [{ key: 'inbetriebnahme', label: 'Inbetriebnahme', kind: 'progress', trigger: { on: 'milestone_done', milestoneId: plan.milestones[0].id } }],
    });

    const entry = (person: string, productId: string, date: string, hours: string, extra: Record<string, unknown> = {}) =>
      ok('project_manager', 'POST', `/api/v1/orders/${order.number}/time-entries`, { person, productId, date, hours, text: 'Arbeiten laut Bericht', ...extra });
    await entry('Max Mustermann', assembly.id, '2026-11-03', '7.5');
    await entry('Max Mustermann', assembly.id, '2026-11-04', '8');
    await entry('Max Mustermann', programming.id, '2026-11-05', '4.25', { rate: '110.00' });
    await entry('Eva Beispiel', programming.id, '2026-11-05', '6');
    await entry('Eva Beispiel', programming.id, '2026-11-06', '1', { billable: false, text: 'Reisezeit' });
    await entry('Eva Beispiel', programming.id, '2026-10-31', '2');
    // Bad input names the field, and nothing is written.
    const bad = await api('project_manager', 'POST', `/api/v1/orders/${order.number}/time-entries`, {
      person: 'Max',
      productId: assembly.id,
      date: '2026-11-07',
      hours: '-1',
      text: 'x',
    });
    expect([bad.status, bad.body.errors[0].field]).toEqual([422, 'hours']);
    expect(
      (
        await api('warehouse', 'POST', `/api/v1/orders/${order.number}/time-entries`, {
          person: 'x',
          productId: assembly.id,
          date: '2026-11-07',
          hours: '1',
          text: 'x',
        })
      ).status,
    ).toBe(403);
    expect(await ok('accounting', 'GET', `/api/v1/orders/${order.number}/time-entries?billed=false`)).toHaveLength(6);

    // November: Eva 6 h × 120.00 = 720.00; Max Montage 15.5 h × 95.00 = 1,472.50; Max Programmierung 4.25 h × 110.00 = 467.50.
    const inv = await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/time-invoice`, { from: '2026-11-01', to: '2026-11-30' });
    expect(inv.kind).toBe('time_material');
    expect(inv.lines.map((l: any) => [l.description, l.quantity, l.unitPrice, l.net])).toEqual([
      ['Programmierung – Eva Beispiel, 1 Einsatz 05.11.2026', '6', '120.00', '720.00'],
      ['Montage – Max Mustermann, 2 Einsätze 03.11.2026–04.11.2026', '15.5', '95.00', '1472.50'],
      ['Programmierung – Max Mustermann, 1 Einsatz 05.11.2026', '4.25', '110.00', '467.50'],
    ]);
    expect([inv.totals.net, inv.totals.vat, inv.totals.gross]).toEqual(['2660.00', '505.40', '3165.40']);
    expect(inv.supplyDate).toBe('2026-11-05');
    expect(inv.period).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    const einvoice = await api('accounting', 'GET', `/api/v1/invoices/${inv.number}/einvoice`);
    expect([einvoice.status, einvoice.headers.get('x-einvoice-format')]).toEqual([200, 'xrechnung-ubl']);
    expect((einvoice.body as Buffer).toString('utf8')).toMatch(
      /<cac:InvoicePeriod>\s*<cbc:StartDate>2026-11-01<\/cbc:StartDate>\s*<cbc:EndDate>2026-11-30<\/cbc:EndDate>/,
    );

    // The same period again: nothing left to bill; the billed entries name the invoice.
    const again = await api('project_manager', 'POST', `/api/v1/orders/${order.number}/time-invoice`, { from: '2026-11-01', to: '2026-11-30' });
    expect([again.status, again.body.code]).toEqual([409, 'nothing_to_bill']);
    const billed = await ok('accounting', 'GET', `/api/v1/orders/${order.number}/time-entries?billed=true`);
    expect(billed.map((e: any) => e.invoiceNumber)).toEqual([inv.number, inv.number, inv.number, inv.number]);

    // A late entry, and two invoices asked for at once: one bills it (2 h × 95.00 = 190.00 + 36.10 VAT), the other finds nothing.
    await entry('Max Mustermann', assembly.id, '2026-11-28', '2');
    const both = await Promise.all(
      [1, 2].map(() => api('project_manager', 'POST', `/api/v1/orders/${order.number}/time-invoice`, { from: '2026-11-01', to: '2026-11-30' })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const late = both.find((r) => r.status === 201)!.body;
    expect([late.totals.net, late.totals.gross]).toEqual(['190.00', '226.10']);

    // The fixed price beside it: the milestone bills 100 % of the order, time and material is not deducted from it.
    await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones/${plan.milestones[0].id}/done`, { expectedVersion: 1 });
    const fixed = await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/billing-plan/inbetriebnahme/invoice`, {});
    expect([fixed.kind, fixed.totals.net, fixed.totals.gross]).toEqual(['progress', '12000.00', '14280.00']);
    const status = await ok('accounting', 'GET', `/api/v1/orders/${order.number}/billing`);
    expect(status.remaining).toEqual({ net: '0.00', vat: '0.00', gross: '0.00' });

    // What the customer reads.
    const lines = pdfText(await downloadPdf(inv.number))
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim());
    // Article numbers and descriptions wrap in their columns; the amounts stay on the position's first line.
    expect(lines.some((l) => /^2 DL-Montage- Montage – Max Mustermann, 2 15,5 Std 95,00 – 19 % 1\.472,50$/.test(l))).toBe(true);
    expect(lines.some((l) => l.endsWith(' Einsätze 03.11.2026–04.11.2026'))).toBe(true);
    expect(lines.some((l) => l.startsWith('für Ihren Auftrag') && l.includes('nach Zeit und Aufwand'))).toBe(true);
    expect(lines).toContain('Gesamtbetrag (brutto) 3.165,40 EUR');
  });
});
