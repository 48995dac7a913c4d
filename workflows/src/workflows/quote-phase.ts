import { durationMs } from '../../../shared/durations.ts';
import {
  acceptQuoteUpdate,
  cancelQuoteUpdate,
  convertToOrderUpdate,
  decideApprovalUpdate,
  editQuoteUpdate,
  rejectQuoteUpdate,
  sendQuoteUpdate,
  submitForApprovalUpdate,
  type OrderFacts,
  type QuoteFacts,
  type SaleTimings,
} from '../sale.contract.ts';
import { act, refuse, type SaleContext } from './sale-context.ts';
import { adoptOrder } from './order-phase.ts';

/** Keeps the workflow's view of the quote in step with what the quote service answered. */
function follow(ctx: SaleContext, q: QuoteFacts): void {
  const s = ctx.state;
  s.revision = q.revision;
  s.assignee = q.assignee;
  s.expiresAt = q.expiresAt;
  s.orderType = q.orderType;
  s.totalBase = q.grossBase;
  const pending = q.pendingApproval;
  const levelChanged = pending?.level !== s.approval?.level;
  s.approval =
    q.status === 'pending_approval' && pending
      ? levelChanged
        ? { level: pending.level, role: pending.role, remindedAt: null, escalatedAt: null }
        : s.approval
      : null;
  if (levelChanged) ctx.epoch += 1;
}

/** Quote steps: edit/revise, approval, send, accept/reject, conversion. */
export function registerQuoteHandlers(ctx: SaleContext): void {
  const s = ctx.state;
  const number = () => s.quoteNumber!;
  /** Approval round: one per submission, so the keys of a resubmitted quote's decisions differ from the first round's. */
  const round = () => ctx.count(number(), 'submit');

  ctx.step(
    editQuoteUpdate,
    () => ctx.requireStage('quote_draft', 'approved', 'quote_sent', 'expired'),
    async (req) => {
      const q = await act(`Angebot ${number()} bearbeiten`).editQuote({
        number: number(),
        content: req.content,
        expectedVersion: req.expectedVersion,
        actor: req.actor,
        idempotencyKey: ctx.nextKey(number(), 'edit'),
      });
      follow(ctx, q);
      s.expiryRemindedAt = null;
      ctx.moveTo('quote_draft');
      return q;
    },
  );

  ctx.step(
    submitForApprovalUpdate,
    () => ctx.requireStage('quote_draft'),
    async (req?) => {
      const q = await act(`Angebot ${number()} zur Freigabe einreichen`).submitQuote({
        number: number(),
        actor: req?.actor,
        idempotencyKey: ctx.nextKey(number(), 'submit'),
      });
      follow(ctx, q);
      ctx.moveTo('pending_approval');
      return q;
    },
  );

  // Refused before anything is written: only the level's role (or an admin), never the author, and a rejection needs a reason.
  ctx.step(
    decideApprovalUpdate,
    (req) => {
      ctx.requireStage('pending_approval');
      const step = s.approval;
      if (!step || step.level !== req.level) refuse(409, 'no_pending_approval', `no approval pending at level ${req.level}`);
      if (!req.actor) refuse(422, 'validation_failed', 'an approval needs the approver', 'actor');
      if (req.actor.id === s.authorId) refuse(403, 'author_cannot_approve', 'the author of a quote cannot approve it');
      if (req.actor.role !== step.role && req.actor.role !== 'admin')
        refuse(403, 'not_an_approver', `level ${step.level} needs role ${step.role}, not ${req.actor.role}`);
      if (req.decision === 'reject' && !req.reason?.trim()) refuse(422, 'validation_failed', 'a rejection needs a reason', 'reason');
    },
    async (req) => {
      const q = await act(`Freigabe Stufe ${req.level} von ${number()}: ${req.decision === 'approve' ? 'genehmigt' : 'abgelehnt'}`).decideApproval({
        number: number(),
        level: req.level,
        decision: req.decision,
        reason: req.reason,
        actor: req.actor,
        idempotencyKey: ctx.key(number(), 'approval', round(), req.level),
      });
      follow(ctx, q);
      if (q.status === 'approved') ctx.moveTo('approved');
      if (q.status === 'draft') ctx.moveTo('quote_draft');
      return q;
    },
  );

  ctx.step(
    sendQuoteUpdate,
    () => ctx.requireStage('quote_draft', 'approved'),
    async (req?) => {
      const q = await act(`Angebot ${number()} versenden`).sendQuote({
        number: number(),
        actor: req?.actor,
        idempotencyKey: ctx.key(number(), 'send', `r${s.revision}`),
      });
      follow(ctx, q);
      if (!s.documents.includes(q.number)) s.documents.push(q.number);
      ctx.moveTo('quote_sent');
      return q;
    },
  );

  ctx.step(
    acceptQuoteUpdate,
    () => ctx.requireStage('quote_sent'),
    async (req?) => {
      const q = await act(`Annahme von ${number()} erfassen`).acceptQuote({
        number: number(),
        actor: req?.actor,
        idempotencyKey: ctx.key(number(), 'accept', `r${s.revision}`),
      });
      ctx.moveTo('quote_accepted');
      return q;
    },
  );

  ctx.step(
    rejectQuoteUpdate,
    () => ctx.requireStage('quote_sent'),
    async (req) => {
      const q = await act(`Ablehnung von ${number()} erfassen`).rejectQuote({
        number: number(),
        actor: req.actor,
        reason: req.reason,
        idempotencyKey: ctx.key(number(), 'reject', `r${s.revision}`),
      });
      ctx.moveTo('rejected');
      return q;
    },
  );

  ctx.step(
    cancelQuoteUpdate,
    () => ctx.requireStage('quote_draft', 'pending_approval', 'approved', 'quote_sent'),
    async (req) => {
      const q = await act(`Angebot ${number()} stornieren`).cancelQuote({
        number: number(),
        reason: req.reason,
        actor: req.actor,
        idempotencyKey: ctx.key(number(), 'cancel'),
      });
      ctx.moveTo('cancelled');
      return q;
    },
  );

  // Converting again (also concurrently: the lock queues the callers) answers the order of the first conversion.
  ctx.step(
    convertToOrderUpdate,
    (req) => {
      if (s.orderNumber) return;
      ctx.requireStage('quote_accepted');
      if (req?.revision !== undefined && req.revision !== s.revision)
        refuse(409, 'revision_superseded', `revision ${req.revision} is superseded by revision ${s.revision}`, 'revision');
    },
    async (req): Promise<OrderFacts> => {
      if (s.orderNumber) return act(`Auftrag ${s.orderNumber} lesen`).getOrder(s.orderNumber);
      const order = await act(`Auftrag aus ${number()} anlegen`).convertQuote({
        quoteNumber: number(),
        revision: s.revision,
        actor: req?.actor,
        idempotencyKey: ctx.key(number(), 'order'),
        markKey: ctx.key(number(), 'converted'),
      });
      s.orderNumber = order.number;
      adoptOrder(ctx, order);
      s.documents.push(order.number);
      ctx.moveTo('ordered');
      return order;
    },
  );
}

/**
 * Approval waiting: remind the approvers after a while, escalate after
 * longer, then keep waiting for the decision. Any decision (or a new level)
 * restarts the clock.
 */
export async function approvalTimers(ctx: SaleContext, timings: SaleTimings): Promise<void> {
  const s = ctx.state;
  const step = s.approval;
  if (!step) return void (await ctx.waitForChange());
  const remind = durationMs(timings.approvalReminderAfter);
  const escalate = durationMs(timings.approvalEscalateAfter);
  const key = (what: string) => ctx.key(s.quoteNumber!, 'approval', ctx.count(s.quoteNumber!, 'submit'), step.level, what);
  if (!step.remindedAt) {
    if (await ctx.waitForChange(remind, `Freigabe ${s.quoteNumber} Stufe ${step.level}: Erinnerung fällig`)) return;
    await act(`Erinnerung an role:${step.role}: Freigabe ${s.quoteNumber} offen`).notify({
      recipient: `role:${step.role}`,
      kind: 'approval_reminder',
      subject: `Freigabe offen: ${s.quoteNumber} (Stufe ${step.level})`,
      documentNumber: s.quoteNumber!,
      details: { level: step.level },
      idempotencyKey: key('reminder'),
    });
    step.remindedAt = new Date().toISOString();
  }
  if (!step.escalatedAt) {
    if (await ctx.waitForChange(Math.max(0, escalate - remind), `Freigabe ${s.quoteNumber} Stufe ${step.level}: Eskalation fällig`)) return;
    await act(`Eskalation an role:${timings.escalationRole}: Freigabe ${s.quoteNumber}`).notify({
      recipient: `role:${timings.escalationRole}`,
      kind: 'approval_escalated',
      subject: `Freigabe eskaliert: ${s.quoteNumber} wartet auf ${step.role}`,
      documentNumber: s.quoteNumber!,
      details: { level: step.level, waitingFor: step.role },
      idempotencyKey: key('escalation'),
    });
    step.escalatedAt = new Date().toISOString();
  }
  await ctx.waitForChange();
}

/** Validity: remind the assignee before a sent quote lapses, then expire it. */
export async function expiryTimers(ctx: SaleContext, timings: SaleTimings): Promise<void> {
  const s = ctx.state;
  const expiresAt = Date.parse(s.expiresAt!);
  const remindAt = expiresAt - durationMs(timings.expiryReminderBefore);
  if (!s.expiryRemindedAt) {
    if (await ctx.waitForChange(remindAt - Date.now(), `Angebot ${s.quoteNumber}: Erinnerung vor Ablauf`)) return;
    await act(`Erinnerung: Angebot ${s.quoteNumber} läuft am ${s.expiresAt} ab`).notify({
      recipient: `user:${s.assignee ?? s.authorId}`,
      kind: 'expiry_reminder',
      subject: `Angebot ${s.quoteNumber} läuft am ${s.expiresAt} ab`,
      documentNumber: s.quoteNumber!,
      details: { expiresAt: s.expiresAt },
      idempotencyKey: ctx.key(s.quoteNumber!, 'expiry-reminder', s.expiresAt!),
    });
    s.expiryRemindedAt = new Date().toISOString();
  }
  if (await ctx.waitForChange(expiresAt - Date.now(), `Angebot ${s.quoteNumber} läuft ab am ${s.expiresAt}`)) return;
  await ctx.exclusive(async () => {
    // An Update queued before this timer may have accepted, rejected or revised the quote.
    if (s.stage !== 'quote_sent' || s.expiresAt === null || Date.parse(s.expiresAt) > Date.now()) return;
    await act(`Angebot ${s.quoteNumber} ist abgelaufen`).expireQuote({
      number: s.quoteNumber!,
      idempotencyKey: ctx.key(s.quoteNumber!, 'expire', s.expiresAt),
    });
    ctx.moveTo('expired');
  });
}
