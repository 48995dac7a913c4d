import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { startSale } from './sale-starter.ts';
import { env } from '../../../shared/config.ts';
import { DomainError, type ErrorBody } from '../../../shared/errors.ts';
import type { Quote } from '../../../shared/contracts/quote.ts';
import { saleWorkflowId, stateQuery, type SaleInput, type SaleState } from '../../../workflows/src/sale.contract.ts';
import type { SalesOrder } from '../../../shared/contracts/order.ts';

/** The gateway's handle on sale workflows: start one per quote, drive it with Updates, read it with the Query. */
export class SalesClient {
  private readonly client: Client;

  private constructor(client: Client) {
    this.client = client;
  }

  static async connect(): Promise<SalesClient> {
    const connection = await Connection.connect({ address: env.temporalAddress });
    return new SalesClient(new Client({ connection, namespace: env.temporalNamespace }));
  }

  get workflowService() {
    return this.client.workflowService;
  }

  /** Starts the sale's workflow; a repeated start for the same quote attaches to the running one. */
  async start(quote: Quote): Promise<void> {
    await this.startSale({ quoteNumber: quote.number, customerNumber: quote.customer.number, totalBase: quote.grossBase, authorId: quote.createdBy }, 'quote_draft');
  }

  /** Starts the sale of an order entered directly, keyed by its order number. */
  async startDirect(order: SalesOrder): Promise<void> {
    await this.startSale({ orderNumber: order.number, customerNumber: order.customer.number, totalBase: order.grossBase, authorId: order.createdBy }, 'ordered');
  }

  private async startSale(input: SaleInput, stage: 'quote_draft' | 'ordered'): Promise<void> {
    await startSale(this.client, input, stage);
  }


  async state(quoteNumber: string): Promise<SaleState> {
    try {
      return await this.client.workflow.getHandle(saleWorkflowId(quoteNumber)).query(stateQuery);
    } catch (err) {
      throw mapFailure(err, quoteNumber);
    }
  }

  /** Runs one lifecycle step and waits for its result; refusals come back as DomainErrors with their status. */
  async update<R, A extends unknown[]>(quoteNumber: string, def: UpdateDefinition<R, A>, ...args: A): Promise<R> {
    return this.updateOnce(undefined, quoteNumber, def, ...args);
  }

  /**
   * Like update, with the caller's scoped idempotency key as the Update ID: a
   * retry of a step whose answer was lost (timeout, gateway restart) attaches to
   * the first run instead of running the step twice.
   */
  async updateOnce<R, A extends unknown[]>(updateId: string | undefined, quoteNumber: string, def: UpdateDefinition<R, A>, ...args: A): Promise<R> {
    try {
      const handle = this.client.workflow.getHandle(saleWorkflowId(quoteNumber));
      return await handle.executeUpdate(def as unknown as UpdateDefinition<R, [unknown]>, { args: args as unknown as [unknown], ...(updateId ? { updateId } : {}) });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw await this.closedOrMissing(quoteNumber);
      throw mapFailure(err, quoteNumber);
    }
  }

  /** An Update to a finished sale finds no running workflow: say it is closed (409), not missing (404). */
  private async closedOrMissing(saleNumber: string): Promise<DomainError> {
    try {
      const d = await this.client.workflow.getHandle(saleWorkflowId(saleNumber)).describe();
      const stage = (d.searchAttributes as Record<string, unknown[]>).KontorStage?.[0] ?? d.status.name;
      return new DomainError(409, 'sale_closed', `sale ${saleNumber} is closed (stage '${String(stage)}')`);
    } catch {
      return new DomainError(404, 'sale_not_found', `no sale for ${saleNumber}`);
    }
  }
}

function mapFailure(err: unknown, quoteNumber: string): unknown {
  if (err instanceof WorkflowNotFoundError) return new DomainError(404, 'sale_not_found', `no sale for ${quoteNumber}`);
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return new DomainError(504, 'sale_timeout', `sale ${quoteNumber} did not answer in time; the step may still complete`);
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.details?.[0]) return DomainError.fromBody(cause.details[0] as ErrorBody);
    // A validator refusal: the sale is not at a stage where this step is allowed.
    return new DomainError(409, 'invalid_stage', cause?.message ?? err.message);
  }
  if (err instanceof Error && /workflow.*(not found|completed|closed)/i.test(err.message)) {
    return new DomainError(409, 'sale_closed', `sale ${quoteNumber} is closed: ${err.message}`);
  }
  return err;
}
