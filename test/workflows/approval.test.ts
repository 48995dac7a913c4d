import { cancelQuoteUpdate, decideApprovalUpdate, sendQuoteUpdate, submitForApprovalUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, quoteSale, recordHistory, refusal, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** Two approval levels; the workflow reminds the approvers, escalates, and only the level's role decides. */
describe('approval with reminder and escalation', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('approval', {
      series: 41,
      approvalLevels: [
        { level: 1, role: 'sales_manager' },
        { level: 2, role: 'director' },
      ],
      timings: { approvalReminderAfter: '500ms', approvalEscalateAfter: '1000ms', escalationRole: 'admin' },
    });
  });
  afterAll(() => env.close());

  it('reminds, escalates, refuses the author and other roles, and approves level by level', async () => {
    const quote = env.fake.createQuote([{ quantity: '1', unitPrice: '300000.00' }]);
    const handle = await env.start(quoteSale(quote.number));
    await update(handle, submitForApprovalUpdate, actor('anna', 'sales'));
    expect((await state(handle)).approval).toMatchObject({ level: 1, role: 'sales_manager', remindedAt: null });

    const escalated = await until(handle, (s) => s.approval?.escalatedAt != null);
    expect(escalated.approval!.remindedAt).not.toBeNull();
    const notes = env.fake.called('notify');
    expect(notes.map((n) => [n.kind, n.recipient, n.idempotencyKey])).toEqual([
      ['approval_reminder', 'role:sales_manager', `${quote.number}:approval:1:1:reminder`],
      ['approval_escalated', 'role:admin', `${quote.number}:approval:1:1:escalation`],
    ]);

    expect(await refusal(update(handle, decideApprovalUpdate, { level: 1, decision: 'approve', ...actor('anna', 'sales_manager') }))).toEqual({
      status: 403,
      code: 'author_cannot_approve',
    });
    expect(await refusal(update(handle, decideApprovalUpdate, { level: 1, decision: 'approve', ...actor('udo', 'warehouse') }))).toEqual({
      status: 403,
      code: 'not_an_approver',
    });
    expect(await refusal(update(handle, decideApprovalUpdate, { level: 2, decision: 'approve', ...actor('dora', 'director') }))).toEqual({
      status: 409,
      code: 'no_pending_approval',
    });
    await update(handle, decideApprovalUpdate, { level: 1, decision: 'approve', ...actor('max', 'sales_manager') });
    // The next level starts its own clock.
    expect((await state(handle)).approval).toMatchObject({ level: 2, role: 'director', remindedAt: null, escalatedAt: null });
    await until(handle, (s) => s.approval?.remindedAt != null);
    await update(handle, decideApprovalUpdate, { level: 2, decision: 'approve', ...actor('dora', 'director') });
    expect(await state(handle)).toMatchObject({ stage: 'approved', approval: null });
    expect(env.fake.called('decideApproval').map((c) => c.idempotencyKey)).toEqual([`${quote.number}:approval:1:1`, `${quote.number}:approval:1:2`]);

    await update(handle, sendQuoteUpdate, actor('anna', 'sales'));
    await update(handle, cancelQuoteUpdate, { reason: 'Projekt gestoppt', ...actor('anna', 'sales') });
    expect((await handle.result()).stagesReached).toEqual(['quote_draft', 'pending_approval', 'approved', 'quote_sent', 'cancelled']);
    await recordHistory(handle, 'approval-reminder-escalation');
  });
});
