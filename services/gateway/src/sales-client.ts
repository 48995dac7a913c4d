import type { NatsConnection } from '@nats-io/transport-node';
import {
  Client,
  Connection,
  isGrpcServiceError,
  ServiceError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import { call } from '../../../shared/nats/rpc.ts';
import { directOrderSale, quoteSale, startSale } from './sale-starter.ts';
import { env } from '../../../shared/config.ts';
import { DomainError, type ErrorBody } from '../../../shared/errors.ts';
import { QuoteCommands, type Quote } from '../../../shared/contracts/quote/index.ts';
import type { CommandReply } from '../../../shared/contracts/commands.ts';
import {
  COMBINED_INVOICE_WORKFLOW,
  combinedInvoiceWorkflowId,
  SearchKeys,
  saleWorkflowId,
  stateQuery,
  type CombinedInvoiceInput,
  type InvoiceFacts,
  type SaleState,
  type StepFacts,
} from '../../../workflows/src/sale.contract.ts';
import { OrderCommands, type SalesOrder } from '../../../shared/contracts/order/index.ts';
import { FulfillmentCommands } from '../../../shared/contracts/fulfillment/index.ts';
import { InvoicingCommands, type Invoice } from '../../../shared/contracts/invoicing/index.ts';
import { SaleRouting } from './sale-routing.ts';
import { setBounded } from './bounded-map.ts';

/** Where the document a step's facts name is read: its owner's get query. */
const ownerQuery = {
  quote: QuoteCommands.get,
  order: OrderCommands.get,
  delivery_note: FulfillmentCommands.get,
  invoice: InvoicingCommands.get,
} satisfies Record<StepFacts['kind'], unknown>;

/** The document a step's facts name, as its owner has it now. */
type DocumentOf<F extends StepFacts> = CommandReply<(typeof ownerQuery)[F['kind']]>;

/** The gateway's handle on sale workflows: start one per quote, drive it with Updates, read it with the Query. */
export class SalesClient {
  private readonly client: Client;
  private readonly nc: NatsConnection;
  /** Which sale a document's step goes to; learns from every document a step answers. */
  readonly routing: SaleRouting;
  readonly #startedHere = new Map<string, true>();

  private constructor(client: Client, nc: NatsConnection) {
    this.client = client;
    this.nc = nc;
    this.routing = SaleRouting.overNats(nc);
  }

  static async connect(nc: NatsConnection): Promise<SalesClient> {
    const connection = await Connection.connect({ address: env.temporalAddress });
    return new SalesClient(new Client({ connection, namespace: env.temporalNamespace }), nc);
  }

  get workflowService() {
    return this.client.workflowService;
  }

  /** Starts the sale's workflow; a repeated start for the same quote attaches to the running one. */
  async start(quote: Quote): Promise<void> {
    const { input, display } = quoteSale(quote);
    await startSale(this.client, input, 'quote_draft', display);
    this.#remember(quote.number);
  }

  /** Starts the sale of an order entered directly, keyed by its order number. */
  async startDirect(order: SalesOrder): Promise<void> {
    const { input, display } = directOrderSale(order);
    await startSale(this.client, input, 'ordered', display);
    this.#remember(order.number);
  }

  /**
   * Whether this gateway started the sale of that quote or direct order itself, recently: the sale
   * starter then has nothing to do for its event (no owner read, no second start for Temporal to refuse).
   */
  startedHere(saleNumber: string): boolean {
    return this.#startedHere.has(saleNumber);
  }

  #remember(saleNumber: string): void {
    // The event follows the start within seconds; a forgotten old entry only means the starter starts again, harmlessly.
    setBounded(this.#startedHere, saleNumber, true, STARTED_HERE_LIMIT);
  }

  async state(quoteNumber: string): Promise<SaleState> {
    try {
      return await this.client.workflow.getHandle(saleWorkflowId(quoteNumber)).query(stateQuery);
    } catch (err) {
      throw mapFailure(err, quoteNumber);
    }
  }

  /**
   * Runs one lifecycle step and answers the document it wrote, read from the
   * document's owner (the sale itself answers only the facts it decides on).
   * The caller's scoped idempotency key is the Update ID: a retry of a step
   * whose answer was lost (timeout, gateway restart) attaches to the first run
   * instead of running the step twice. Refusals come back as DomainErrors.
   */
  async updateOnce<F extends StepFacts, A extends unknown[]>(
    updateId: string | undefined,
    saleNumber: string,
    def: UpdateDefinition<F, A>,
    ...args: A
  ): Promise<DocumentOf<F>> {
    let facts: F;
    for (let attempt = 1; ; attempt++) {
      try {
        const handle = this.client.workflow.getHandle(saleWorkflowId(saleNumber));
        facts = await handle.executeUpdate(def as unknown as UpdateDefinition<F, [unknown]>, {
          args: args as unknown as [unknown],
          ...(updateId ? { updateId } : {}),
        });
        break;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || isNotFound(err)) throw await this.closedOrMissing(saleNumber);
        // The server refused the Update before the workflow saw it (it reached a workflow task that
        // completed without it, which happens under bursts of concurrent Updates): nothing ran, so ask again.
        // Likewise when the workflow task that carried it failed or timed out (a starved worker): the
        // Update was never accepted, and a step it had begun runs again under the same idempotency keys.
        if ((isUnprocessed(err) || isTaskFailure(err)) && attempt < MAX_UNPROCESSED_ATTEMPTS) {
          console.warn(`[gateway] ${def.name} for sale ${saleNumber} was not processed by a workflow task; asking again (attempt ${attempt + 1})`);
          await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
          continue;
        }
        throw mapFailure(err, saleNumber);
      }
    }
    const get: (typeof ownerQuery)[StepFacts['kind']] = ownerQuery[facts.kind];
    // The facts' kind chose the query, so the reply is the document of that kind.
    const document = (await call(this.nc, get, { number: facts.number })) as DocumentOf<F>;
    this.routing.learn(facts.kind, document);
    return document;
  }

  /**
   * Issues a combined invoice (Sammelrechnung) through its coordinating workflow (the invoicing service
   * issues it, each order's sale is told) and answers the invoice from its owner. The request's key is
   * the workflow's ID: a retry joins the first run. A refusal comes back as the service's DomainError.
   */
  async combinedInvoice(input: CombinedInvoiceInput): Promise<Invoice> {
    let facts: InvoiceFacts;
    try {
      facts = await this.client.workflow.execute<(i: CombinedInvoiceInput) => Promise<InvoiceFacts>>(COMBINED_INVOICE_WORKFLOW, {
        taskQueue: env.taskQueue,
        workflowId: combinedInvoiceWorkflowId(input.requestKey),
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        staticSummary: `Sammelrechnung zu ${input.deliveryNoteNumbers.join(', ')}`,
        typedSearchAttributes: [{ key: SearchKeys.documents, value: input.deliveryNoteNumbers }],
      });
    } catch (err) {
      const cause = err instanceof WorkflowFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.details?.[0]) throw DomainError.fromBody(cause.details[0] as ErrorBody);
      throw err;
    }
    return call(this.nc, InvoicingCommands.get, { number: facts.number });
  }

  /** Tells a running sale a fact it watches (a changed milestone plan); false when the sale has finished or does not exist. */
  async signal<A extends unknown[]>(saleNumber: string, def: SignalDefinition<A>, ...args: A): Promise<boolean> {
    try {
      await this.client.workflow.getHandle(saleWorkflowId(saleNumber)).signal(def, ...args);
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || isNotFound(err)) return false;
      throw err;
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
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
    return new DomainError(504, 'sale_timeout', `sale ${quoteNumber} did not answer in time; the step may still complete`);
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.details?.[0]) return DomainError.fromBody(cause.details[0] as ErrorBody);
    // A validator refusal: the sale is not at a stage where this step is allowed.
    return new DomainError(409, 'invalid_stage', cause?.message ?? err.message);
  }
  return err;
}

const MAX_UNPROCESSED_ATTEMPTS = 5;
const STARTED_HERE_LIMIT = 10_000;
function isUnprocessed(err: unknown): boolean {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'UnprocessedUpdate';
}

/**
 * gRPC FAILED_PRECONDITION with the server's text for an Update whose workflow task failed before
 * accepting it (the code alone also covers refusals that must not be retried).
 */
const GRPC_FAILED_PRECONDITION = 9;
export function isTaskFailure(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(cause) && cause.code === GRPC_FAILED_PRECONDITION && /unexpected workflow task failure/.test(cause.details || cause.message);
}

/** gRPC NOT_FOUND: the server's answer to an Update for a workflow that has finished (or never ran). */
const GRPC_NOT_FOUND = 5;
function isNotFound(err: unknown): boolean {
  return isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND;
}
