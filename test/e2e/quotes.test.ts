import { api, ok, newProduct, downloadPdf, pdfText } from '../helpers/sale.ts';
import { withSettings } from '../helpers/settings.ts';

/** Sales side through the REST API: customers, pricing, tax by destination, currencies, revisions, conversion, forecast. */
const stamp = Date.now().toString(36);
const address = (country: string, name = `Kunde ${country} ${stamp}`) => ({ name, street: 'Hauptstraße 1', postalCode: '12345', city: 'Stadt', country });
const audit = async (id: string) => (await api('admin', 'GET', `/api/v1/audit/${id}`)).body as { action: string; actor: { id: string }; details: any }[];

describe('customers', () => {
  it('keeps commercial data, refuses a stale edit and audits every change', async () => {
    const c = await ok('sales', 'POST', '/api/v1/customers', {
      name: `Krause KG ${stamp}`,
      type: 'business',
      billingAddress: address('DE'),
      vatId: 'DE811907980',
      email: `einkauf-${stamp}@krause.example`,
      language: 'en',
      currency: 'EUR',
      paymentTermsDays: 30,
      creditLimit: '50000.00',
      tags: ['Hohe Priorität'],
      assignee: 'anna',
      leadSource: 'Messe',
    });
    expect(c).toMatchObject({
      country: 'DE',
      language: 'en',
      creditLimit: '50000.00',
      tags: ['Hohe Priorität'],
      assignee: 'anna',
      leadSource: 'Messe',
      version: 1,
    });
    expect(c.shippingAddress).toEqual(c.billingAddress);
    const stale = await api('sales', 'POST', `/api/v1/customers/${c.id}`, { paymentTermsDays: 10, expectedVersion: 7 });
    expect(stale.status).toBe(409);
    const changed = await ok('sales', 'POST', `/api/v1/customers/${c.id}`, { paymentTermsDays: 10, expectedVersion: 1 });
    expect(changed).toMatchObject({ paymentTermsDays: 10, version: 2 });
    const trail = await audit(c.number);
    expect(trail.map((a) => a.action)).toEqual(['created', 'updated']);
    expect(trail[1]!.details.changes.paymentTermsDays).toEqual({ from: 30, to: 10 });
  });

  it('creates an unknown customer from billing data on a quote and uses a known one unchanged, with the audit trail saying so', async () => {
    const product = await newProduct('10.00');
    const email = `neu-${stamp}@example.com`;
    const first = await ok('sales', 'POST', '/api/v1/quotes', {
      customer: { name: 'Neukunde GmbH', billingAddress: address('DE', 'Neukunde GmbH'), email },
      currency: 'EUR',
      lines: [{ productId: product.id, quantity: '1' }],
    });
    const created = await ok('admin', 'GET', `/api/v1/customers/${first.customer.id}`);
    expect(created.email).toBe(email);
    const moved = { ...address('DE', 'Neukunde GmbH'), street: 'Neue Straße 9' };
    const second = await ok('sales', 'POST', '/api/v1/quotes', {
      customer: { name: 'Neukunde GmbH', billingAddress: moved, email },
      currency: 'EUR',
      lines: [{ productId: product.id, quantity: '1' }],
    });
    expect(second.customer.id).toBe(first.customer.id);
    // The quote prints the address it was given; the customer's master data changes only through its own update.
    expect(second.customer.billingAddress.street).toBe('Neue Straße 9');
    expect(await ok('admin', 'GET', `/api/v1/customers/${created.id}`)).toEqual(created);
    expect((await audit(created.number)).map((a) => a.action)).toEqual(['created_from_document']);
  });
});

describe('pricing and tax', () => {
  it('applies agreement, tier, line and document discount, coupon and shipping with VAT per rate', async () => {
    const a = await ok('sales_manager', 'POST', '/api/v1/products', {
      sku: `A-${stamp}`,
      name: 'Ventil',
      prices: { EUR: '100.00' },
      tiers: [{ minQuantity: '10', unitPrice: { EUR: '85.00' } }],
    });
    const b = await newProduct('20.00', 'reduced', 'Fachbuch');
    const customer = await ok('sales', 'POST', '/api/v1/customers', {
      name: `Rahmenvertrag ${stamp}`,
      billingAddress: address('DE'),
      priceAgreement: { prices: { [a.id]: { discountPercent: '10' } } },
    });
    await ok('sales_manager', 'POST', '/api/v1/coupons', { code: `ZEHN-${stamp}`, type: 'amount', value: '10.00', currency: 'EUR', usageLimit: 5 });
    const q = await ok('sales', 'POST', '/api/v1/quotes', {
      customerId: customer.id,
      currency: 'EUR',
      documentDiscountPercent: '5',
      couponCode: `ZEHN-${stamp}`,
      shippingCharge: '5.90',
      lines: [
        { productId: a.id, quantity: '12', discountPercent: '2' },
        { productId: b.id, quantity: '3' },
      ],
    });
    // Agreement 90.00, tier 85.00 wins; 12 × 85 − 2 % = 999.60; 3 × 20 = 60.00; 5 % of 1059.60 = 52.98 split 49.98 / 3.00;
    // coupon 10.00 split 9.43 / 0.57 by largest remainder; shipping 5.90 at 19 %.
    expect(q.lines.map((l: any) => [l.priceSource, l.unitPrice, l.lineNet, l.documentDiscount, l.couponDiscount, l.net])).toEqual([
      ['tier', '85.00', '999.60', '49.98', '9.43', '940.19'],
      ['list', '20.00', '60.00', '3.00', '0.57', '56.43'],
      ['shipping', '5.90', '5.90', '0', '0', '5.90'],
    ]);
    expect(q.totals.taxGroups).toEqual([
      { vatRate: '19', net: '946.09', vat: '179.76', gross: '1125.85' },
      { vatRate: '7', net: '56.43', vat: '3.95', gross: '60.38' },
    ]);
    expect(q.totals).toMatchObject({ net: '1002.52', vat: '183.71', gross: '1186.23' });
    const bad = await api('sales', 'POST', '/api/v1/quotes', {
      customerId: customer.id,
      currency: 'EUR',
      couponCode: 'GIBTSNICHT',
      lines: [{ productId: b.id, quantity: '1' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field)).toContain('couponCode');
  });

  it.each([
    ['domestic business', { country: 'DE', type: 'business' }, 'goods', '19', null],
    ['EU business with VAT ID, goods', { country: 'FR', type: 'business', vatId: 'FR40303265045' }, 'goods', '0', 'innergemeinschaftliche Lieferung'],
    ['EU business with VAT ID, service', { country: 'AT', type: 'business', vatId: 'ATU13585627' }, 'service', '0', 'Reverse Charge'],
    ['EU consumer below the OSS threshold', { country: 'FR', type: 'consumer' }, 'goods', '19', null],
    ['export outside the EU', { country: 'CH', type: 'business' }, 'goods', '0', 'Ausfuhrlieferung'],
  ])('%s', async (_name, party, kind, rate, note) => {
    const product = await ok('sales_manager', 'POST', '/api/v1/products', {
      sku: `T-${stamp}-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Ware',
      prices: { EUR: '50.00' },
      kind,
    });
    const customer = await ok('sales', 'POST', '/api/v1/customers', {
      name: `Steuer ${party.country}`,
      type: party.type,
      billingAddress: address(party.country),
      ...('vatId' in party ? { vatId: party.vatId } : {}),
    });
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '2' }] });
    expect(q.lines[0].vatRate).toBe(rate);
    if (note) expect(q.taxNotes.join(' ')).toContain(note);
    else expect(q.taxNotes).toEqual([]);
  });

  it('taxes EU consumers at their country rate above the OSS threshold, and charges no VAT in small-business mode', async () => {
    const product = await newProduct('50.00');
    const fr = await ok('sales', 'POST', '/api/v1/customers', { name: 'Madame Dupont', type: 'consumer', billingAddress: address('FR') });
    let restore = await withSettings((s) => ({ ...s, tax: { ...s.tax, ossThresholdExceeded: true } }));
    try {
      const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: fr.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
      expect(q.totals.taxGroups).toEqual([{ vatRate: '20', net: '50.00', vat: '10.00', gross: '60.00' }]);
    } finally {
      await restore();
    }
    restore = await withSettings((s) => ({ ...s, tax: { ...s.tax, smallBusiness: true } }));
    try {
      const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: fr.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
      expect(q.totals.gross).toBe('50.00');
      expect(q.taxNotes.join(' ')).toContain('§ 19');
    } finally {
      await restore();
    }
  });
});

describe('currencies', () => {
  it('prices JPY (0 digits) from the ECB file and keeps base amounts', async () => {
    const product = await ok('sales_manager', 'POST', '/api/v1/products', { sku: `JP-${stamp}`, name: 'Sensor', prices: { JPY: '1999' } });
    const customer = await ok('sales', 'POST', '/api/v1/customers', { name: 'Tokyo KK', billingAddress: address('JP') });
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'JPY', lines: [{ productId: product.id, quantity: '2.5' }] });
    expect(q.totals).toMatchObject({ net: '4998', vat: '0', gross: '4998' }); // export: 0 %
    expect(q.exchangeRate).toMatchObject({ rate: '162.37', source: 'ECB reference rate of 2026-11-20' });
    expect(q.totalsBase.gross).toBe('30.78'); // 4998 / 162.37
  });

  it('prices KWD (3 digits) with a manual rate that needs a reason and lands in the audit trail', async () => {
    const product = await ok('sales_manager', 'POST', '/api/v1/products', { sku: `KW-${stamp}`, name: 'Pumpe', prices: { KWD: '12.345' } });
    const customer = await ok('sales', 'POST', '/api/v1/customers', { name: 'Kuwait Trading', billingAddress: address('DE') });
    const body = { customerId: customer.id, currency: 'KWD', lines: [{ productId: product.id, quantity: '1.5' }] };
    const noRate = await api('sales', 'POST', '/api/v1/quotes', body);
    expect(noRate.status).toBe(422);
    expect(noRate.body.errors.map((e: any) => e.field)).toContain('currency');
    const noReason = await api('sales', 'POST', '/api/v1/quotes', { ...body, exchangeRate: { rate: '0.3312' } });
    expect(noReason.body.errors.map((e: any) => e.field)).toContain('exchangeRate.reason');
    const q = await ok('sales', 'POST', '/api/v1/quotes', { ...body, exchangeRate: { rate: '0.3312', reason: 'Kurs der Hausbank' } });
    // 1.5 × 12.345 = 18.5175 → 18.518; 19 % → 3.51842 → 3.518
    expect(q.totals).toMatchObject({ net: '18.518', vat: '3.518', gross: '22.036' });
    expect(q.totalsBase.gross).toBe('66.53'); // 22.036 / 0.3312
    const trail = await audit(q.number);
    expect(trail[0]!.details.exchangeRate.source).toBe('manual: Kurs der Hausbank');
  });
});

describe('revisions, conversion and forecast', () => {
  it('revises a sent quote, keeps both PDFs, converts a given revision once', async () => {
    const product = await newProduct('200.00');
    const customer = await ok('sales', 'POST', '/api/v1/customers', { name: `Revision ${stamp}`, billingAddress: address('DE') });
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '2' }] });
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/send`);
    const sent = await ok('admin', 'GET', `/api/v1/quotes/${q.number}`);
    const rev2 = await ok('sales', 'POST', `/api/v1/quotes/${q.number}/edit`, {
      currency: 'EUR',
      lines: [{ productId: product.id, quantity: '3' }],
      expectedVersion: sent.version,
    });
    expect(rev2).toMatchObject({ revision: 2, status: 'draft' });
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/send`);
    const revisions = await ok('admin', 'GET', `/api/v1/quotes/${q.number}/revisions`);
    expect(revisions.map((r: any) => [r.revision, r.status, r.totals.net])).toEqual([
      [1, 'sent', '400.00'],
      [2, 'sent', '600.00'],
    ]);
    const pdf1 = pdfText(await downloadPdf(q.number, { revision: 1 }));
    const pdf2 = pdfText(await downloadPdf(q.number));
    expect(pdf1).toContain('400,00');
    expect(pdf2).toContain('600,00');
    expect(pdf2).toMatch(/Version\s+2/);

    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/accept`);
    const old = await api('sales', 'POST', `/api/v1/quotes/${q.number}/convert`, { revision: 1 });
    expect(old.status).toBe(409);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${q.number}/convert`, { revision: 2 });
    const again = await ok('sales', 'POST', `/api/v1/quotes/${q.number}/convert`, { revision: 2 });
    expect(again.number).toBe(order.number);
    expect(order).toMatchObject({ quoteNumber: q.number, quoteRevision: 2 });
    expect(order.totals.net).toBe('600.00');
    expect((await ok('admin', 'GET', `/api/v1/quotes/${q.number}`)).status).toBe('converted');
  });

  it('answers ten concurrent conversions of the same quote with the same order', async () => {
    const product = await newProduct('75.00');
    const customer = await ok('sales', 'POST', '/api/v1/customers', { name: `Gleichzeitig ${stamp}`, billingAddress: address('DE') });
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '4' }] });
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/accept`);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api('sales', 'POST', `/api/v1/quotes/${q.number}/convert`, {})));
    // 201 is the documented answer of a conversion, the first and every repeated one.
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const numbers = new Set(answers.map((a) => a.body.number));
    expect(numbers.size).toBe(1);
    const orders = (await ok('admin', 'GET', `/api/v1/orders?quoteNumber=${q.number}`)) as { items: { number: string }[] };
    expect(orders.items.map((o) => o.number)).toEqual([...numbers]);
  });

  it('forecasts open quotes per month and currency, weighted by probability', async () => {
    const product = await newProduct('1000.00');
    const customer = await ok('sales', 'POST', '/api/v1/customers', { name: `Forecast ${stamp}`, billingAddress: address('DE') });
    const month = `2031-0${1 + (Date.now() % 9)}`;
    const read = async () => {
      const rows = await ok('admin', 'GET', `/api/v1/forecast?from=${month}-01&to=${month}-28`);
      const row = rows.find((r: any) => r.month === month && r.currency === 'EUR');
      return { pipeline: Number(row?.pipelineBase ?? 0) * 100, weighted: Number(row?.weightedBase ?? 0) * 100 };
    };
    const before = await read();
    for (const [qty, probability] of [
      ['1', 50],
      ['2', 25],
    ] as const) {
      await ok('sales', 'POST', '/api/v1/quotes', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: product.id, quantity: qty }],
        probability,
        expectedCloseDate: `${month}-15`,
      });
    }
    const after = await read();
    // 1190 + 2380 gross; weighted 595 + 595 (in cents, compared as integers; earlier runs may share the month)
    expect(Math.round(after.pipeline - before.pipeline)).toBe(357000);
    expect(Math.round(after.weighted - before.weighted)).toBe(119000);
  });
});

describe('products and foreign-currency sales', () => {
  it('keeps product details and names positions in the customer language', async () => {
    const p = await ok('sales_manager', 'POST', '/api/v1/products', {
      sku: `MTO-${stamp}`,
      name: 'Schaltschrank',
      names: { de: 'Schaltschrank', en: 'Control cabinet' },
      unit: 'Stk',
      prices: { EUR: '2400.00', USD: '2600.00' },
      taxCategory: 'standard',
      kind: 'goods',
      makeToOrder: true,
    });
    expect(p).toMatchObject({ names: { de: 'Schaltschrank', en: 'Control cabinet' }, makeToOrder: true, stocked: false, kind: 'goods' });
    const service = await ok('sales_manager', 'POST', '/api/v1/products', { sku: `SRV-${stamp}`, name: 'Montage', prices: { EUR: '80.00' }, kind: 'service' });
    expect(service.stocked).toBe(false);
    const english = await ok('sales', 'POST', '/api/v1/customers', { name: 'Acme Ltd', language: 'en', billingAddress: address('DE', 'Acme Ltd') });
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: english.id, currency: 'EUR', lines: [{ productId: p.id, quantity: '1' }] });
    expect(q.lines[0].description).toBe('Control cabinet');
    // A make-to-order product makes its line make-to-order unless the line says otherwise.
    expect(q.lines[0].makeToOrder).toBe(true);
    const fromStock = await ok('sales', 'POST', '/api/v1/quotes', {
      customerId: english.id,
      currency: 'EUR',
      lines: [{ productId: p.id, quantity: '1', makeToOrder: false }],
    });
    expect(fromStock.lines[0].makeToOrder).toBeUndefined();
  });

  it('carries a USD quote into order and invoice with exactly the same USD amounts, and EUR beside them', async () => {
    const p = await ok('sales_manager', 'POST', '/api/v1/products', { sku: `USD-${stamp}`, name: 'Gerät', prices: { USD: '333.33' } });
    const c = await ok('sales', 'POST', '/api/v1/customers', { name: 'US-Niederlassung', billingAddress: address('DE') });
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: c.id, currency: 'USD', lines: [{ productId: p.id, quantity: '3' }] });
    expect(q.totals).toMatchObject({ net: '999.99', vat: '190.00', gross: '1189.99' });
    expect(q.totalsBase).toEqual({ net: '921.65', vat: '175.12', gross: '1096.77' }); // ÷ 1.0850
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/accept`);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${q.number}/convert`, {});
    expect([order.currency, order.totals, order.exchangeRate]).toEqual([q.currency, q.totals, q.exchangeRate]);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'UPS' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect([invoice.currency, invoice.totals, invoice.grossBase]).toEqual(['USD', q.totals, '1096.77']);
    const orderTrail = ((await api('admin', 'GET', `/api/v1/audit/${order.number}`)).body as any[]).map((a) => a.action);
    expect(orderTrail[0]).toBe('created');
  });
});
