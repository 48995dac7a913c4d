import { Client, Connection } from '@temporalio/client';
import { api, ok, userKey } from '../../scripts/api-client.ts';
import { newProduct } from '../helpers/sale.ts';
import { withSettings } from '../helpers/settings.ts';

/**
 * Two-level approval in the sale workflow: refusals by the validator, a
 * rejection back to draft, a reminder and an escalation on short timers,
 * then approval at both levels and sending.
 */
describe('quote approvals', () => {
  const stamp = Date.now().toString(36);
  let restore: () => Promise<void>;
  let temporal: Client;
  beforeAll(async () => {
    restore = await withSettings((s) => ({ ...s, approvalReminderAfter: '2s', approvalEscalateAfter: '4s', escalationRole: 'director' }));
    temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }) });
  });
  afterAll(async () => {
    await restore();
    await temporal.connection.close();
  });

  const waitFor = async <T>(read: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  it('needs sales manager then director, refuses the author and wrong roles, reminds, escalates', async () => {
    const author = await userKey(`anna-${stamp}`, 'sales_manager');
    const manager = await userKey(`bernd-${stamp}`, 'sales_manager');
    const director = await userKey(`clara-${stamp}`, 'director');
    const product = await newProduct('100000.00', 'standard', 'Sondermaschine');
    const customer = await ok('sales', 'POST', '/api/v1/customers', {
      name: `Großkunde ${stamp}`,
      billingAddress: { name: 'Großkunde', street: 'Werkstraße 1', postalCode: '70173', city: 'Stuttgart', country: 'DE' },
    });
    // 15 % discount → sales manager; 303,450 EUR gross → director.
    const created = await author('POST', '/api/v1/quotes', {
      customerId: customer.id,
      currency: 'EUR',
      lines: [{ productId: product.id, quantity: '3', discountPercent: '15' }],
    });
    expect(created.status).toBe(201);
    const q = created.body;
    expect(q.approvals.map((a: any) => [a.level, a.role])).toEqual([
      [1, 'sales_manager'],
      [2, 'director'],
    ]);

    const unapproved = await author('POST', `/api/v1/quotes/${q.number}/send`);
    expect(unapproved.status).toBe(409);
    expect(unapproved.body.code).toBe('approval_required');

    expect((await author('POST', `/api/v1/quotes/${q.number}/submit`)).body.status).toBe('pending_approval');
    const mine = await manager('GET', '/api/v1/approvals');
    expect(mine.body.map((a: any) => a.number)).toContain(q.number);

    const byAuthor = await author('POST', `/api/v1/quotes/${q.number}/approvals/1`, { decision: 'approve' });
    expect([byAuthor.status, byAuthor.body.code]).toEqual([403, 'author_cannot_approve']);
    const byDirectorAtLevel1 = await director('POST', `/api/v1/quotes/${q.number}/approvals/1`, { decision: 'approve' });
    expect([byDirectorAtLevel1.status, byDirectorAtLevel1.body.code]).toEqual([403, 'not_an_approver']);
    expect((await api('sales', 'POST', `/api/v1/quotes/${q.number}/approvals/1`, { decision: 'approve' })).status).toBe(403);
    const noReason = await manager('POST', `/api/v1/quotes/${q.number}/approvals/1`, { decision: 'reject' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('reason');

    const rejected = await manager('POST', `/api/v1/quotes/${q.number}/approvals/1`, { decision: 'reject', reason: 'Rabatt zu hoch für Neukunden' });
    expect(rejected.body.status).toBe('draft');

    // Second round: nobody decides for a while → reminder to the managers, then escalation to the directors.
    await author('POST', `/api/v1/quotes/${q.number}/submit`);
    const reminder = await waitFor(async () =>
      ((await manager('GET', `/api/v1/notifications?documentNumber=${q.number}`)).body as any[]).find((n) => n.kind === 'approval_reminder'),
    );
    expect(reminder.recipient).toBe('role:sales_manager');
    const escalation = await waitFor(async () =>
      ((await director('GET', `/api/v1/notifications?documentNumber=${q.number}`)).body as any[]).find((n) => n.kind === 'approval_escalated'),
    );
    expect(escalation.recipient).toBe('role:director');

    const level1 = await manager('POST', `/api/v1/quotes/${q.number}/approvals/1`, { decision: 'approve' });
    expect(level1.body.status).toBe('pending_approval');
    expect((await director('GET', '/api/v1/approvals')).body.map((a: any) => a.number)).toContain(q.number);
    const level2 = await director('POST', `/api/v1/quotes/${q.number}/approvals/2`, { decision: 'approve' });
    expect(level2.body.status).toBe('approved');
    expect((await author('POST', `/api/v1/quotes/${q.number}/send`)).body.status).toBe('sent');

    const trail = (await api('admin', 'GET', `/api/v1/quotes/${q.number}/audit`)).body as any[];
    expect(trail.map((a) => `${a.action}:${a.actor.id}`)).toEqual([
      `created:anna-${stamp}`,
      `submit:anna-${stamp}`,
      `approval_reject:bernd-${stamp}`,
      `submit:anna-${stamp}`,
      'approval_reminder:system',
      'approval_escalated:system',
      `approval_approve:bernd-${stamp}`,
      `approval_approve:clara-${stamp}`,
      `send:anna-${stamp}`,
    ]);
    expect(trail.find((a) => a.action === 'approval_reject').details.reason).toBe('Rabatt zu hoch für Neukunden');

    const state = await temporal.workflow.getHandle(`sale:${q.number}`).query<any>('state');
    expect(state.stagesReached).toEqual(expect.arrayContaining(['quote_draft', 'pending_approval', 'approved', 'quote_sent']));
  }, 60_000);
});

describe('quote validity', () => {
  let restore: () => Promise<void>;
  beforeAll(async () => {
    restore = await withSettings((s) => ({ ...s, expiryReminderBefore: '3s' }));
  });
  afterAll(async () => {
    await restore();
  });

  it('reminds the assignee before the quote lapses, expires it, and a revision brings it back', async () => {
    const product = await newProduct('10.00');
    const customer = await ok('sales', 'POST', '/api/v1/customers', {
      name: 'Zögerlich GmbH',
      billingAddress: { name: 'Zögerlich GmbH', street: 'Am Bach 2', postalCode: '01067', city: 'Dresden', country: 'DE' },
    });
    const validUntil = new Date(Date.now() + 7000).toISOString();
    const q = await ok('sales', 'POST', '/api/v1/quotes', {
      customerId: customer.id,
      currency: 'EUR',
      validUntil,
      assignee: 'erika',
      lines: [{ productId: product.id, quantity: '1' }],
    });
    expect(q.expiresAt).toBe(validUntil);
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/send`);
    const deadline = Date.now() + 30_000;
    let status = 'sent';
    while (status !== 'expired' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await ok('admin', 'GET', `/api/v1/quotes/${q.number}`)).status;
    }
    expect(status).toBe('expired');
    const notes = (await api('admin', 'GET', `/api/v1/notifications?recipient=user:erika&documentNumber=${q.number}`)).body as any[];
    expect(notes.map((n) => n.kind)).toEqual(['expiry_reminder']);
    const late = await api('sales', 'POST', `/api/v1/quotes/${q.number}/accept`);
    expect(late.status).toBe(409);
    const current = await ok('admin', 'GET', `/api/v1/quotes/${q.number}`);
    const revived = await ok('sales', 'POST', `/api/v1/quotes/${q.number}/edit`, {
      currency: 'EUR',
      lines: [{ productId: product.id, quantity: '1' }],
      expectedVersion: current.version,
    });
    expect(revived).toMatchObject({ revision: 2, status: 'draft' });
  }, 60_000);
});

describe('approval rules on margin and credit limit', () => {
  const address = { name: 'Kreditkunde', street: 'Ring 3', postalCode: '20095', city: 'Hamburg', country: 'DE' };

  it('asks the sales manager when the margin is thin', async () => {
    const thin = await ok('sales_manager', 'POST', '/api/v1/products', {
      sku: `THIN-${Date.now()}`,
      name: 'Knapp kalkuliert',
      prices: { EUR: '100.00' },
      costPrices: { EUR: '90.00' },
    });
    const customer = await ok('sales', 'POST', '/api/v1/customers', { name: 'Margenkunde', billingAddress: address });
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: thin.id, quantity: '1' }] });
    expect(q.approvals.map((a: any) => a.reasons)).toEqual([['margin 10 % below 15 %']]);
  });

  it('asks the sales manager when open invoices plus the quote exceed the credit limit', async () => {
    const product = await newProduct('500.00');
    const customer = await ok('sales', 'POST', '/api/v1/customers', { name: 'Kreditkunde', billingAddress: address, creditLimit: '1000.00' });
    const first = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    expect(first.approvals).toEqual([]);
    await ok('sales', 'POST', `/api/v1/quotes/${first.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${first.number}/accept`);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${first.number}/convert`, {});
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] }); // 595.00 open
    const quoteNow = async () =>
      (await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] })).approvals;
    // The exposure follows the invoicing events; give the projection a moment.
    let approvals: any[] = [];
    for (let i = 0; i < 40 && approvals.length === 0; i++) {
      approvals = await quoteNow();
      if (approvals.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(approvals[0].reasons[0]).toMatch(/exposure 1190.00 EUR above credit limit 1000/);
    await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '595.00' });
    let cleared: any[] = approvals;
    for (let i = 0; i < 40 && cleared.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      cleared = await quoteNow();
    }
    expect(cleared).toEqual([]);
  });
});
