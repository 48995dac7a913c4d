import { Client as PgClient } from 'pg';
import { api, newCustomer, newProduct, ok } from '../helpers/sale.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * The order list behind the staff app's order screen: tags, assignee and lead source taken over from the quote
 * and changed with audit; every filter (number prefix, total range net or gross, payment status, tags, assignee,
 * lead source); sort columns both ways; keyset paging that stays stable while orders are added; counts; and a
 * 400 naming the parameter for everything it does not take.
 */
describe('order list: filters, sort, keyset paging, counts', () => {
  const stamp = Date.now().toString(36);
  const lead = `Messe-${stamp}`;
  const tagA = `prio-${stamp}`;
  const tagB = `export-${stamp}`;
  let customer: { id: string; number: string };
  let price10: string;
  let price100: string;
  let pg: PgClient;

  const list = async (query: string) =>
    ok('admin', 'GET', `/api/v1/orders?customer=${customer.number}&${query.includes('limit=') ? '' : 'limit=200&'}${query}`);
  const numbersOf = async (query: string): Promise<string[]> => (await list(query)).items.map((o: { number: string }) => o.number);
  const sorted = (...n: string[]) => [...n].sort();

  /** A quote with these labels, sent, accepted and converted. */
  const converted = async (productId: string, quantity: string, labels: Record<string, unknown> = {}) => {
    const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId, quantity }], ...labels });
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
    return { quote, order: await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`) };
  };
  /** Ships the whole order and invoices it; answers the invoice. */
  const invoiced = async (orderNumber: string) => {
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${orderNumber}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    return ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
  };

  // Orders of one customer (totals gross, 19 % VAT): small 11.90 (tags A+B, assignee anna, lead), medium 119.00 (tag A, invoiced,
  // unpaid), large 1190.00 (invoiced, part paid), paid 23.80 (invoiced, paid), overdue 35.70 (invoiced, due date moved to yesterday),
  // direct 59.50 (direct order with tag B and the customer's lead source).
  let small: any, medium: any, large: any, paid: any, overdue: any, direct: any, smallQuote: any;
  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    customer = await newCustomer({ leadSource: lead });
    price10 = (await newProduct('10.00')).id;
    price100 = (await newProduct('100.00')).id;
    ({ order: small, quote: smallQuote } = await converted(price10, '1', { tags: [tagA, tagB], assignee: `anna-${stamp}`, leadSource: `Web-${stamp}` }));
    ({ order: medium } = await converted(price100, '1', { tags: [tagA] }));
    ({ order: large } = await converted(price100, '10'));
    ({ order: paid } = await converted(price10, '2'));
    ({ order: overdue } = await converted(price10, '3'));
    direct = await ok('sales', 'POST', '/api/v1/orders', {
      customerId: customer.id,
      currency: 'EUR',
      tags: [tagB],
      lines: [{ productId: price10, quantity: '5' }],
    });

    await invoiced(medium.number);
    const largeInvoice = await invoiced(large.number);
    await ok('accounting', 'POST', `/api/v1/invoices/${largeInvoice.number}/payments`, { amount: '100.00' });
    const paidInvoice = await invoiced(paid.number);
    await ok('accounting', 'POST', `/api/v1/invoices/${paidInvoice.number}/payments`, { amount: paidInvoice.totals.gross });
    const overdueInvoice = await invoiced(overdue.number);
    // Payment status is projected from invoicing events: wait until the order service has them all.
    await eventually(async () => (await ok('admin', 'GET', `/api/v1/orders/${paid.number}`)).paymentStatus === 'paid');
    await eventually(async () => (await ok('admin', 'GET', `/api/v1/orders/${large.number}`)).paymentStatus === 'partial');
    await eventually(async () => (await ok('admin', 'GET', `/api/v1/orders/${overdue.number}`)).paymentStatus === 'open');
    // No invoice can be issued in the past: the invoice (and the due date the order learnt from its issued event) is moved to yesterday.
    const yesterday = addDays(berlinDate(new Date()), -1);
    await pg.query(`update invoicing.invoice set due_date = $1 where number = $2`, [yesterday, overdueInvoice.number]);
    await pg.query(`update sales_order.sales_order set open_due_date = $1 where number = $2`, [yesterday, overdue.number]);
  });
  afterAll(async () => {
    await pg.end();
  });

  it('takes tags, assignee and lead source over from the quote (lead source from the customer when the quote has none)', async () => {
    expect(smallQuote).toMatchObject({ tags: [tagA, tagB], assignee: `anna-${stamp}`, leadSource: `Web-${stamp}` });
    expect(small).toMatchObject({ tags: [tagA, tagB], assignee: `anna-${stamp}`, leadSource: `Web-${stamp}`, paymentStatus: 'none' });
    expect(medium).toMatchObject({ tags: [tagA], leadSource: lead });
    expect(direct).toMatchObject({ tags: [tagB], leadSource: lead, assignee: expect.any(String) });
  });

  it('filters by tags (all given), assignee, lead source and number prefix', async () => {
    expect(sorted(...(await numbersOf(`tag=${tagA}`)))).toEqual(sorted(small.number, medium.number));
    expect(sorted(...(await numbersOf(`tag=${tagB}`)))).toEqual(sorted(small.number, direct.number));
    expect(await numbersOf(`tag=${tagA},${tagB}`)).toEqual([small.number]);
    expect(await numbersOf(`assignee=anna-${stamp}`)).toEqual([small.number]);
    expect(await numbersOf(`leadSource=Web-${stamp}`)).toEqual([small.number]);
    expect(sorted(...(await numbersOf(`leadSource=${lead}`)))).toEqual(sorted(medium.number, large.number, paid.number, overdue.number, direct.number));
    // A prefix: the number without its last digit finds the order (and only orders starting so).
    const prefix = small.number.slice(0, -1);
    const found = await numbersOf(`number=${prefix}`);
    expect(found).toContain(small.number);
    expect(found.every((n) => n.startsWith(prefix))).toBe(true);
    expect(await numbersOf(`number=${small.number}`)).toEqual([small.number]);
  });

  it('filters by a total range, gross or net, in EUR', async () => {
    // Gross: 11.90, 119.00, 1190.00, 23.80, 35.70, 59.50. Net: 10, 100, 1000, 20, 30, 50.
    expect(sorted(...(await numbersOf('minTotal=100&maxTotal=1000')))).toEqual([medium.number]);
    expect(sorted(...(await numbersOf('minTotal=100&maxTotal=1000&totalBasis=net')))).toEqual(sorted(medium.number, large.number));
    expect(sorted(...(await numbersOf('maxTotal=23.80')))).toEqual(sorted(small.number, paid.number));
    expect(sorted(...(await numbersOf('maxTotal=20&totalBasis=net')))).toEqual(sorted(small.number, paid.number));
    expect(await numbersOf('minTotal=1190.01')).toEqual([]);
  });

  it('filters by payment status: none, open, partial, paid, overdue', async () => {
    expect(sorted(...(await numbersOf('paymentStatus=none')))).toEqual(sorted(small.number, direct.number));
    expect(await numbersOf('paymentStatus=open')).toEqual([medium.number]);
    expect(await numbersOf('paymentStatus=partial')).toEqual([large.number]);
    expect(await numbersOf('paymentStatus=paid')).toEqual([paid.number]);
    expect(await numbersOf('paymentStatus=overdue')).toEqual([overdue.number]);
    expect((await ok('admin', 'GET', `/api/v1/orders/${overdue.number}`)).paymentStatus).toBe('overdue');
  });

  it('sorts by every sort key both ways, ties by number, and counts all matching orders', async () => {
    const page = await list('sort=total&direction=asc');
    expect(page.items.map((o: any) => o.number)).toEqual([small.number, paid.number, overdue.number, direct.number, medium.number, large.number]);
    expect(page.total).toBe(6);
    expect(await numbersOf('sort=netTotal&direction=desc')).toEqual([large.number, medium.number, direct.number, overdue.number, paid.number, small.number]);
    const byNumber = sorted(small.number, medium.number, large.number, paid.number, overdue.number, direct.number);
    expect(await numbersOf('sort=number&direction=asc')).toEqual(byNumber);
    expect(await numbersOf('sort=date&direction=desc')).toEqual([...byNumber].reverse());
    // The same customer name everywhere: the number decides, in the sort's direction.
    expect(await numbersOf('sort=customer&direction=asc')).toEqual(byNumber);
    const byAssignee = await numbersOf('sort=assignee&direction=asc');
    expect(byAssignee).toHaveLength(6);
    const billing = (await list('sort=billingStatus&direction=asc')).items.map((o: any) => o.billingStatus);
    expect(billing).toEqual([...billing].sort());
    expect(new Set(billing).size).toBeGreaterThan(1);
    const statuses = (await list('sort=status&direction=desc')).items.map((o: any) => o.status);
    expect(statuses).toEqual(['open', 'open', 'delivered', 'delivered', 'delivered', 'delivered']);
    expect((await list('tag=' + tagA)).total).toBe(2);
    expect((await list('paymentStatus=paid&limit=1')).total).toBe(1);
  });

  it('pages by cursor without skipping or repeating, also while orders are added in between', async () => {
    const all = await numbersOf('sort=total&direction=asc');
    const walked: string[] = [];
    let cursor: string | null = null;
    let added: any = null;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const page: any = await ok(
        'admin',
        'GET',
        `/api/v1/orders?customer=${customer.number}&sort=total&direction=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...page.items.map((o: { number: string }) => o.number));
      if (pageNo === 0) {
        expect(page.nextOffset).toBe(2);
        // An order added after the first page, smaller than anything seen: offset paging would repeat a row, the cursor does not.
        added = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: price10, quantity: '0.5' }] });
      } else expect(page.nextOffset).toBeNull();
      cursor = page.nextCursor;
      if (!page.hasMore) {
        expect(cursor).toBeNull();
        break;
      }
    }
    expect(walked).toEqual(all);
    expect((await list('sort=total&direction=asc')).total).toBe(7);
    expect((await numbersOf('sort=total&direction=asc'))[0]).toBe(added.number);
  });

  it('changes tags, assignee and lead source with expectedVersion, audited; refuses a stale version, bad values and other roles', async () => {
    const before = await ok('admin', 'GET', `/api/v1/orders/${medium.number}`);
    const changed = await ok('sales', 'POST', `/api/v1/orders/${medium.number}/attributes`, {
      tags: [tagA, 'Hohe Priorität'],
      assignee: `bernd-${stamp}`,
      expectedVersion: before.version,
    });
    expect(changed).toMatchObject({ tags: [tagA, 'Hohe Priorität'], assignee: `bernd-${stamp}`, leadSource: lead, version: before.version + 1 });
    expect(await numbersOf(`assignee=bernd-${stamp}`)).toEqual([medium.number]);
    const audit = await ok('admin', 'GET', `/api/v1/audit/${medium.number}`);
    const entry = audit.find((e: any) => e.action === 'attributes_changed');
    expect(entry.details.changes).toEqual({ tags: { from: [tagA], to: [tagA, 'Hohe Priorität'] }, assignee: { from: before.assignee, to: `bernd-${stamp}` } });

    const stale = await api('sales', 'POST', `/api/v1/orders/${medium.number}/attributes`, { leadSource: null, expectedVersion: before.version });
    expect([stale.status, stale.body.code]).toEqual([409, 'version_mismatch']);
    const bad = await api('sales', 'POST', `/api/v1/orders/${medium.number}/attributes`, { tags: ['x'.repeat(51)], expectedVersion: changed.version });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('tags[0]');
    const noVersion = await api('sales', 'POST', `/api/v1/orders/${medium.number}/attributes`, { tags: [] });
    expect([noVersion.status, noVersion.body.errors[0].field]).toEqual([422, 'expectedVersion']);
    expect((await api('warehouse', 'POST', `/api/v1/orders/${medium.number}/attributes`, { tags: [], expectedVersion: changed.version })).status).toBe(403);
    expect((await ok('admin', 'GET', `/api/v1/orders/${medium.number}`)).version).toBe(changed.version);
  });

  it('answers 400 naming the parameter for unknown parameters, bad values and a cursor of another sort', async () => {
    const first = await list('sort=total&direction=asc&limit=1');
    const foreign = first.nextCursor as string;
    for (const [query, field] of [
      ['tags=x', 'query.tags'],
      ['total=5', 'query.total'],
      ['minTotal=abc', 'query.minTotal'],
      ['minTotal=1.005', 'query.minTotal'],
      ['maxTotal=-1', 'query.maxTotal'],
      ['minTotal=100&maxTotal=10', 'query.maxTotal'],
      ['totalBasis=vat', 'query.totalBasis'],
      ['paymentStatus=late', 'query.paymentStatus'],
      ['sort=price', 'query.sort'],
      ['direction=up', 'query.direction'],
      ['number=RE-2026', 'query.number'],
      ['number=AB%25', 'query.number'],
      [`tag=${'x'.repeat(101)}`, 'query.tag[0]'],
      ['cursor=not*a*cursor', 'query.cursor'],
      ['cursor=bm9wZQ', 'query.cursor'],
      [`cursor=${foreign}&offset=2`, 'query.cursor'],
      [`cursor=${foreign}&sort=total&direction=desc`, 'query.cursor'],
      [`cursor=${foreign}&sort=customer&direction=asc`, 'query.cursor'],
    ] as const) {
      const res = await api('admin', 'GET', `/api/v1/orders?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect({ query, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ query, fields: expect.arrayContaining([field]) });
    }
  });
});
