import { ActivityFailure, ApplicationFailure, condition, proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SaleActivities } from '../activities/index.ts';
import { SearchKeys, type SaleStage, type SaleState } from '../sale.contract.ts';

// NATS round trips take milliseconds; 15 s leaves room for a busy database
// without waiting long on a worker that died mid-activity. Retries back off
// to 10 s and stop after 10 minutes, when an operator should look.
export const act = proxyActivities<SaleActivities>({
  startToCloseTimeout: '15 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** What the sale's handlers share: its state, its step counter and its one-at-a-time lock. */
export class SaleContext {
  readonly state: SaleState;
  readonly orderLines: { position: number; quantity: string }[] = [];
  readonly shipped: { orderPosition: number; quantity: string }[] = [];
  readonly paidInvoices = new Set<string>();
  readonly cancelledInvoices = new Set<string>();
  /** Bumped on every stage change, so timers can tell that something happened meanwhile. */
  epoch = 0;
  private step = 0;
  private busy = false;

  constructor(state: SaleState) {
    this.state = state;
  }

  /** Idempotency key of the next command: stable across replays and activity retries. */
  key(what: string): string {
    return `${workflowInfo().workflowId}:${++this.step}:${what}`;
  }

  moveTo(stage: SaleStage): void {
    this.state.stage = stage;
    this.epoch += 1;
    if (!this.state.stagesReached.includes(stage)) this.state.stagesReached.push(stage);
    const s = this.state;
    upsertSearchAttributes([
      { key: SearchKeys.stage, value: stage },
      { key: SearchKeys.documents, value: [...(s.quoteNumber ? [s.quoteNumber] : []), ...(s.orderNumber ? [s.orderNumber] : []), ...s.deliveryNoteNumbers, ...s.invoiceNumbers] },
    ]);
  }

  /** Runs one step at a time (handlers would otherwise interleave at every await) and hands refusals back to the caller. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
      throw err;
    } finally {
      this.busy = false;
    }
  }

  requireStage(...allowed: SaleStage[]): void {
    if (!allowed.includes(this.state.stage)) refuse(409, 'invalid_stage', `sale ${this.state.saleNumber} is at stage '${this.state.stage}'`);
  }

  /** Waits until the stage changes or the time runs out; true when it changed. */
  async waitForChange(ms?: number): Promise<boolean> {
    const at = this.epoch;
    if (ms === undefined) {
      await condition(() => this.epoch !== at);
      return true;
    }
    return ms <= 0 ? this.epoch !== at : condition(() => this.epoch !== at, ms);
  }
}

/** Refuses an Update in its validator with a coded error the gateway turns into an HTTP problem; nothing is written. */
export function refuse(status: number, code: string, message: string, field?: string): never {
  throw ApplicationFailure.create({ message, type: code, nonRetryable: true, details: [{ status, code, message, ...(field ? { issues: [{ field, message }] } : {}) }] });
}
