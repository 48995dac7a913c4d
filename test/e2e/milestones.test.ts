import { Client, Connection } from '@temporalio/client';
import { api, ok, newCustomer, newProduct } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';

/**
 * A manufacturer's machine order with a milestone plan over months: planners
 * plan, move dates with a reason and mark milestones done; the sale's workflow
 * flags the one whose date passed (notice to the responsible person, search
 * attribute in Temporal); the overdue list runs across orders; refusals write nothing.
 */
describe('milestones', () => {
  let temporal: Client;
  let connection: Connection;
  const today = berlinDate(new Date());
  // One responsible person per run, so the lists across orders hold only this run's milestones.
  const paula = `paula.planung.${Date.now().toString(36)}`;
  const max = `max.montage.${Date.now().toString(36)}`;
  let customer: { id: string; number: string };
  let productId: string;

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
    temporal = new Client({ connection });
    customer = await newCustomer({ name: `Maschinenbau Test ${Date.now()}` });
    productId = (await newProduct('125000.00', 'standard', 'Sondermaschine')).id;
  });
  afterAll(() => connection.close());

  const machineOrder = () =>
    ok('sales', 'POST', '/api/v1/orders', {
      customerId: customer.id,
      currency: 'EUR',
      lines: [
        { productId, quantity: '1' },
        { productId, quantity: '1' },
      ],
    });
  const plan = (number: string) => ok('planner', 'GET', `/api/v1/orders/${number}/milestones`);
  const named = (p: any, name: string) => p.milestones.find((m: any) => m.name === name);
  const attributes = async (orderNumber: string) =>
    (await temporal.workflow.getHandle(`sale:${orderNumber}`).describe()).searchAttributes as Record<string, unknown[]>;

  it('plans 4 milestones, moves a date with a reason, flags the overdue one and clears it when done', async () => {
    const order = await machineOrder();
    expect(await plan(order.number)).toEqual({ orderNumber: order.number, version: 0, milestones: [] });

    // The plan: the design release was due three days ago (entered late), the rest over the coming months.
    const created = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones`, {
      milestones: [
        { name: 'M1 Konstruktion freigegeben', plannedDate: addDays(today, -3), responsible: paula, billingShare: { kind: 'percent', value: '30' } },
        { name: 'M2 Fertigung abgeschlossen', plannedDate: addDays(today, 60), responsible: paula, coveredPositions: [1] },
        { name: 'M3 Werksabnahme', plannedDate: addDays(today, 120), responsible: max, billingShare: { kind: 'amount', value: '50000.00' } },
        { name: 'M4 Inbetriebnahme', plannedDate: addDays(today, 180), responsible: max },
      ],
    });
    expect(created.version).toBe(1);
    expect(created.milestones.map((m: any) => [m.position, m.status])).toEqual([
      [1, 'planned'],
      [2, 'planned'],
      [3, 'planned'],
      [4, 'planned'],
    ]);
    expect(named(created, 'M2 Fertigung abgeschlossen')).toMatchObject({ coveredPositions: [1], billingShare: null });

    // The billing share may come later, but not beyond the order: 30 % + 50,000 (20 %) of 250,000 net leave 50 %.
    const m4 = named(created, 'M4 Inbetriebnahme');
    const tooMuch = await api('planner', 'POST', `/api/v1/orders/${order.number}/milestones/${m4.id}/edit`, {
      expectedVersion: 1,
      billingShare: { kind: 'percent', value: '50.01' },
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].field).toBe('billingShare');
    const shared = await ok('project_manager', 'POST', `/api/v1/orders/${order.number}/milestones/${m4.id}/edit`, {
      expectedVersion: 1,
      billingShare: { kind: 'percent', value: '50' },
    });
    expect(shared.version).toBe(2);

    // A date move with a reason: kept on the milestone and in the order's audit trail.
    const m2 = named(created, 'M2 Fertigung abgeschlossen');
    const moved = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones/${m2.id}/move`, {
      expectedVersion: 2,
      plannedDate: addDays(today, 75),
      reason: 'Zulieferteil verspätet',
    });
    expect(moved.version).toBe(3);
    expect(named(moved, 'M2 Fertigung abgeschlossen')).toMatchObject({
      plannedDate: addDays(today, 75),
      dateMoves: [expect.objectContaining({ from: addDays(today, 60), to: addDays(today, 75), reason: 'Zulieferteil verspätet' })],
    });
    const audit = await ok('admin', 'GET', `/api/v1/audit/${order.number}`);
    expect(audit.find((e: any) => e.action === 'milestone_rescheduled')).toMatchObject({
      details: { milestoneId: m2.id, from: addDays(today, 60), to: addDays(today, 75), reason: 'Zulieferteil verspätet' },
    });

    // M1 is past its date and not done: the sale tells its responsible person and sets the search attributes.
    const notice = await eventually(
      async () =>
        ((await api('admin', 'GET', `/api/v1/notifications?recipient=${encodeURIComponent(`user:${paula}`)}`)).body as any[]).find(
          (n) => n.kind === 'milestone_overdue' && n.documentNumber === order.number,
        ),
      30_000,
      'overdue notice',
    );
    const m1 = named(created, 'M1 Konstruktion freigegeben');
    expect(notice.details).toMatchObject({ milestoneId: m1.id, plannedDate: addDays(today, -3) });
    const flagged = await eventually(
      async () => {
        const a = await attributes(order.number);
        return a.KontorMilestoneOverdue?.[0] === true ? a : undefined;
      },
      20_000,
      'KontorMilestoneOverdue',
    );
    expect(flagged.KontorOrderType).toEqual(['standard']);
    expect(new Date(flagged.KontorNextMilestoneDate![0] as string).toISOString().slice(0, 10)).toBe(addDays(today, -3));
    // Operators filter by it (the list is eventually consistent).
    const found = await eventually(
      async () => {
        const ids = [];
        for await (const wf of temporal.workflow.list({ query: `KontorMilestoneOverdue = true AND KontorDocumentNumber = '${order.number}'` }))
          ids.push(wf.workflowId);
        return ids.length ? ids : undefined;
      },
      10_000,
      'sale listed by KontorMilestoneOverdue',
    );
    expect(found).toEqual([`sale:${order.number}`]);
    const sale = await ok('admin', 'GET', `/api/v1/sales/${order.number}`);
    expect(sale.milestones.find((m: any) => m.id === m1.id)).toMatchObject({ overdue: true, status: 'planned' });

    // The overdue list across orders.
    const overdue = await ok('project_manager', 'GET', `/api/v1/milestones?overdue=true&responsible=${paula}`);
    expect(overdue.items.map((m: any) => [m.orderNumber, m.name, m.overdue])).toEqual([[order.number, 'M1 Konstruktion freigegeben', true]]);
    expect(overdue.items[0].customer).toEqual({ number: customer.number, name: expect.any(String) });

    // Done with its actual date: off the overdue list, and the sale clears the flag; the next date is M2's.
    const done = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones/${m1.id}/done`, { expectedVersion: 3, actualDate: today });
    expect(named(done, 'M1 Konstruktion freigegeben')).toMatchObject({ status: 'done', actualDate: today });
    expect((await ok('planner', 'GET', `/api/v1/milestones?overdue=true&responsible=${paula}`)).items).toEqual([]);
    const cleared = await eventually(
      async () => {
        const a = await attributes(order.number);
        return a.KontorMilestoneOverdue?.[0] === false ? a : undefined;
      },
      20_000,
      'overdue flag cleared',
    );
    expect(new Date(cleared.KontorNextMilestoneDate![0] as string).toISOString().slice(0, 10)).toBe(addDays(today, 75));
    // Start and done for the next one, in order.
    const started = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones/${m2.id}/start`, { expectedVersion: 4 });
    expect(named(started, 'M2 Fertigung abgeschlossen').status).toBe('in_progress');
  }, 90_000);

  it('lists milestones across orders by status, due range, customer and responsible person', async () => {
    const [a, b] = [await machineOrder(), await machineOrder()];
    await ok('planner', 'POST', `/api/v1/orders/${a.number}/milestones`, {
      milestones: [
        { name: 'A1', plannedDate: addDays(today, -10), responsible: max },
        { name: 'A2', plannedDate: addDays(today, 10), responsible: max },
      ],
    });
    const planB = await ok('planner', 'POST', `/api/v1/orders/${b.number}/milestones`, {
      milestones: [
        { name: 'B1', plannedDate: addDays(today, -5), responsible: max },
        { name: 'B2', plannedDate: addDays(today, 20), responsible: max },
      ],
    });
    await ok('planner', 'POST', `/api/v1/orders/${b.number}/milestones/${named(planB, 'B2').id}/cancel`, { expectedVersion: 1, reason: 'entfällt' });

    const list = async (query: string) => (await ok('planner', 'GET', `/api/v1/milestones?responsible=${max}&${query}`)).items.map((m: any) => m.name);
    expect(await list('overdue=true')).toEqual(['A1', 'B1']);
    expect(await list(`overdue=false&dueFrom=${today}&dueTo=${addDays(today, 30)}`)).toEqual(['A2', 'B2']);
    expect(await list('status=cancelled')).toEqual(['B2']);
    expect(await list(`dueFrom=${addDays(today, -7)}&dueTo=${addDays(today, 15)}`)).toEqual(['B1', 'A2']);
    expect(await list(`customer=${customer.number}&overdue=true`)).toEqual(['A1', 'B1']);
    const page = await ok('planner', 'GET', `/api/v1/milestones?responsible=${max}&overdue=true&limit=1`);
    expect(page).toMatchObject({ items: [expect.objectContaining({ name: 'A1', orderNumber: a.number })], hasMore: true, nextOffset: 1 });
    const bad = await api('planner', 'GET', '/api/v1/milestones?late=true');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.late');
    expect((await api('planner', 'GET', `/api/v1/milestones?dueFrom=${today}&dueTo=${addDays(today, -1)}`)).body.errors[0].field).toBe('query.dueTo');
    // The planning board: what is still open, overdue first (by planned date), each with its plan's version to mark it done.
    const window = `dueFrom=${addDays(today, -10)}&dueTo=${addDays(today, 30)}`;
    expect(await list(`open=true&${window}`)).toEqual(['A1', 'B1', 'A2']);
    const closed = await list('open=false');
    expect(closed).toContain('B2');
    expect(closed.filter((n: string) => ['A1', 'B1', 'A2'].includes(n))).toEqual([]);
    const board = (await ok('planner', 'GET', `/api/v1/milestones?responsible=${max}&open=true&${window}`)).items;
    expect(board.map((m: any) => [m.name, m.overdue, m.planVersion])).toEqual([
      ['A1', true, 1],
      ['B1', true, 2],
      ['A2', false, 1],
    ]);
    const b1 = board[1];
    await ok('planner', 'POST', `/api/v1/orders/${b1.orderNumber}/milestones/${b1.id}/done`, { expectedVersion: b1.planVersion, actualDate: today });
    expect(await list(`open=true&${window}`)).toEqual(['A1', 'A2']);
    expect((await api('planner', 'GET', '/api/v1/milestones?open=yes')).body.errors[0].field).toBe('query.open');
  }, 60_000);

  it('refuses with nothing written: a warehouse user editing milestones, a move without reason, a stale version, a planner shipping', async () => {
    const order = await machineOrder();
    const body = { milestones: [{ name: 'M1', plannedDate: addDays(today, 30), responsible: paula }] };
    const forbidden = await api('warehouse', 'POST', `/api/v1/orders/${order.number}/milestones`, body);
    expect(forbidden.status).toBe(403);
    expect((await plan(order.number)).version).toBe(0);

    const created = await ok('planner', 'POST', `/api/v1/orders/${order.number}/milestones`, body);
    const m1 = created.milestones[0];
    const path = `/api/v1/orders/${order.number}/milestones/${m1.id}`;
    expect((await api('warehouse', 'POST', `${path}/done`, { expectedVersion: 1 })).status).toBe(403);

    const noReason = await api('planner', 'POST', `${path}/move`, { expectedVersion: 1, plannedDate: addDays(today, 40) });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e: any) => e.field)).toEqual(['reason']);

    await ok('planner', 'POST', `${path}/move`, { expectedVersion: 1, plannedDate: addDays(today, 40), reason: 'Kunde verschiebt Abnahme' });
    const stale = await api('planner', 'POST', `${path}/move`, { expectedVersion: 1, plannedDate: addDays(today, 50), reason: 'zweiter Planer, alter Stand' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_mismatch');
    const replaceStale = await api('planner', 'POST', `/api/v1/orders/${order.number}/milestones`, { expectedVersion: 1, ...body });
    expect(replaceStale.status).toBe(409);
    const after = await plan(order.number);
    expect(after.version).toBe(2);
    expect(after.milestones[0]).toMatchObject({ plannedDate: addDays(today, 40), dateMoves: [expect.objectContaining({ to: addDays(today, 40) })] });
    expect((await ok('admin', 'GET', `/api/v1/audit/${order.number}`)).filter((e: any) => e.action === 'milestone_rescheduled')).toHaveLength(1);

    // Planners plan; they do not ship.
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    const ship = await api('planner', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    expect(ship.status).toBe(403);
    expect((await ok('admin', 'GET', `/api/v1/delivery-notes/${note.number}`)).status).toBe('open');
  }, 60_000);
});
