import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { SaleActivities } from '../activities/index.ts';
import { SearchKeys, type SaleLedger, type SaleStage, type SaleState } from '../sale.contract.ts';
import { FifoLock } from './fifo-lock.ts';
import { fitKey } from './sale-keys.ts';

// Every activity is one or two NATS round trips of milliseconds, so they run as
// local activities: one marker in the history instead of three events and a
// workflow task each. 15 s leaves room for a busy database; retries back off to
// 10 s and stop after 10 minutes, when an operator should look.
const LOCAL_ACTIVITY: LocalActivityOptions = {
  startToCloseTimeout: '15 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
};

/**
 * The sale's activities, each call with a summary in the user's terms that the
 * Temporal UI shows on its event ("Rechnung zu LS-2026-00007 erstellen"), so
 * operators read a sale without decoding payloads.
 */
export function act(summary: string): SaleActivities {
  return proxyLocalActivities<SaleActivities>({ ...LOCAL_ACTIVITY, summary });
}

/** German names of the stages, for the sale's current details in the Temporal UI. */
const STAGE_LABELS: Record<SaleStage, string> = {
  quote_draft: 'Angebot in Bearbeitung',
  pending_approval: 'Freigabe ausstehend',
  approved: 'Angebot freigegeben',
  quote_sent: 'Angebot versendet',
  expired: 'Angebot abgelaufen',
  quote_accepted: 'Angebot angenommen',
  ordered: 'Auftrag bestätigt',
  partially_delivered: 'teilweise geliefert',
  delivered: 'geliefert',
  invoiced: 'berechnet',
  paid: 'bezahlt',
  rejected: 'abgelehnt',
  cancelled: 'storniert',
};

export function emptyLedger(): SaleLedger {
  return { shipments: [], delivered: false, invoices: [], steps: {}, automationDone: true, pendingSchedule: [] };
}

/** What the sale's handlers and timers share: its state, its ledger and its one-at-a-time lock. */
export class SaleContext {
  readonly state: SaleState;
  readonly ledger: SaleLedger;
  readonly lock = new FifoLock();
  /** Bumped on every stage change, so timers can tell that something happened meanwhile. */
  epoch = 0;

  constructor(state: SaleState, ledger: SaleLedger) {
    this.state = state;
    this.ledger = ledger;
  }

  /**
   * Idempotency key of a step that happens once per document: `AN-2026-00042:send:r2`,
   * `LS-2026-00007:ship`. It names the business fact, so it stays the same across
   * activity retries, replays, continue-as-new and code changes.
   */
  key(documentNumber: string, step: string, ...qualifiers: (string | number)[]): string {
    return fitKey([documentNumber, step, ...qualifiers].join(':'));
  }

  /** Key of a step that may happen several times per document (edits, delivery notes, payments): its count is part of the key. */
  nextKey(documentNumber: string, step: string): string {
    const counter = `${documentNumber}:${step}`;
    const n = (this.ledger.steps[counter] ?? 0) + 1;
    this.ledger.steps[counter] = n;
    return `${counter}:${n}`;
  }

  /** How often a repeatable step was taken so far. */
  count(documentNumber: string, step: string): number {
    return this.ledger.steps[`${documentNumber}:${step}`] ?? 0;
  }

  moveTo(stage: SaleStage): void {
    this.state.stage = stage;
    this.epoch += 1;
    if (!this.state.stagesReached.includes(stage)) this.state.stagesReached.push(stage);
    const s = this.state;
    this.showDetails();
    upsertSearchAttributes([
      { key: SearchKeys.stage, value: stage },
      {
        key: SearchKeys.documents,
        value: [...(s.quoteNumber ? [s.quoteNumber] : []), ...(s.orderNumber ? [s.orderNumber] : []), ...s.deliveryNoteNumbers, ...s.invoiceNumbers],
      },
      ...(s.orderNumber ? [{ key: SearchKeys.orderType, value: s.orderType }] : []),
    ]);
  }

  /**
   * The sale's current details in the Temporal UI: stage, customer, documents
   * and, for an order billed by plan, each item with its invoice or "offen".
   * Kept in the workflow's metadata (a query), not in its history: free to update at every step.
   */
  showDetails(): void {
    const s = this.state;
    const billing = s.billing?.items.length
      ? [
          `**Zahlungsplan:** ${s.billing.items.map((i) => `${i.label} ${i.invoiceNumber ?? 'offen'}`).join(', ')}; Schlussrechnung ${s.billing.finalInvoice ?? 'offen'}`,
        ]
      : [];
    setCurrentDetails(
      [
        `**Stand:** ${STAGE_LABELS[s.stage]}`,
        `**Kunde:** ${s.customer}`,
        `**Auftragsart:** ${s.orderType}`,
        `**Summe (EUR):** ${s.totalBase}`,
        `**Dokumente:** ${s.documents.join(', ') || '–'}`,
        ...billing,
      ].join('  \n'),
    );
  }

  /** Runs one step at a time (handlers would otherwise interleave at every await) and hands refusals back to the caller. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
        throw err;
      }
    });
  }

  /**
   * Registers an Update whose check runs twice: as validator, so a refused step
   * never enters the history, and again inside the lock, because the handlers
   * queued before it may have moved the sale on meanwhile.
   */
  step<R, A extends any[]>(def: UpdateDefinition<R, A>, check: (...args: NoInfer<A>) => void, run: (...args: NoInfer<A>) => Promise<NoInfer<R>>): void {
    setHandler(
      def,
      (...args: A) =>
        this.exclusive(async () => {
          check(...args);
          return run(...args);
        }),
      { validator: check },
    );
  }

  requireStage(...allowed: SaleStage[]): void {
    if (!allowed.includes(this.state.stage)) refuse(409, 'invalid_stage', `sale ${this.state.saleNumber} is at stage '${this.state.stage}'`);
  }

  /**
   * Waits until the stage changes, the server suggests continue-as-new, or the
   * time runs out; true when the caller should look at the sale again.
   */
  async waitForChange(ms?: number, summary?: string): Promise<boolean> {
    const at = this.epoch;
    const changed = () => this.epoch !== at || workflowInfo().continueAsNewSuggested;
    if (ms === undefined) {
      await condition(changed);
      return true;
    }
    if (ms <= 0) return changed();
    return summary ? condition(changed, ms, { summary }) : condition(changed, ms);
  }

  /** No Update running or queued and nobody holding the lock: the moment to continue as new. */
  async idle(): Promise<void> {
    await condition(() => allHandlersFinished() && !this.lock.busy);
  }
}

/** Refuses an Update with a coded error the gateway turns into an HTTP problem; nothing is written. */
export function refuse(status: number, code: string, message: string, field?: string): never {
  throw ApplicationFailure.create({
    message,
    type: code,
    nonRetryable: true,
    details: [{ status, code, message, ...(field ? { issues: [{ field, message }] } : {}) }],
  });
}
