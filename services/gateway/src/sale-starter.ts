import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { env } from '../../../shared/config.ts';
import { EVENTS_STREAM } from '../../../shared/nats/connection.ts';
import { decode } from '../../../shared/nats/codec.ts';
import { EventSet, readEnvelope } from '../../../shared/contracts/events.ts';
import { QuoteCreated } from '../../../shared/contracts/quote/events.ts';
import { OrderCreated } from '../../../shared/contracts/order/events.ts';
import { ensureDurableConsumer } from '../../../shared/nats/durable-consumer.ts';
import { call } from '../../../shared/nats/rpc.ts';
import { QuoteCommands, type Quote } from '../../../shared/contracts/quote/index.ts';
import { OrderCommands, type SalesOrder } from '../../../shared/contracts/order/index.ts';
import { SALE_WORKFLOW, SearchKeys, saleWorkflowId, type SaleInput } from '../../../workflows/src/sale.contract.ts';

/** What operators read about a sale in the Temporal UI without decoding its input. */
export interface SaleDisplay {
  customerName: string;
  gross: string;
  currency: string;
}

/**
 * Start options that make a start idempotent: a running sale is joined, a
 * finished one never restarted. The static summary and details (Temporal user
 * metadata) name the sale's customer, order type and total.
 */
export function saleStartOptions(input: SaleInput, stage: 'quote_draft' | 'ordered', display?: SaleDisplay) {
  const number = (input.quoteNumber ?? input.orderNumber)!;
  const what = input.quoteNumber ? 'Angebot' : 'Auftrag';
  const customer = display ? `${display.customerName} (${input.customerNumber})` : input.customerNumber;
  return {
    staticSummary: `Verkauf ${number}: ${what} für ${customer}`,
    staticDetails: [
      `**Kunde:** ${customer}`,
      ...(input.orderType ? [`**Auftragsart:** ${input.orderType}`] : []),
      ...(display ? [`**Summe:** ${display.gross} ${display.currency}`] : []),
      `**Summe (EUR):** ${input.totalBase}`,
    ].join('  \n'),
    taskQueue: env.taskQueue,
    workflowId: saleWorkflowId(number),
    args: [input] as [SaleInput],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: SearchKeys.documentNumber, value: number },
      { key: SearchKeys.customer, value: input.customerNumber },
      { key: SearchKeys.stage, value: stage },
      { key: SearchKeys.totalBase, value: Number(input.totalBase) },
      ...(input.orderType ? [{ key: SearchKeys.orderType, value: input.orderType }] : []),
    ],
  };
}

/** A quote's sale: what the gateway and the starter both start it with, so whichever comes first starts the same sale. */
export function quoteSale(quote: Quote): { input: SaleInput; display: SaleDisplay } {
  return {
    input: {
      quoteNumber: quote.number,
      customerNumber: quote.customer.number,
      totalBase: quote.grossBase,
      authorId: quote.createdBy,
      assignee: quote.assignee,
      expiresAt: quote.expiresAt,
    },
    display: { customerName: quote.customer.name, gross: quote.totals.gross, currency: quote.currency },
  };
}

/** A direct order's sale, keyed by its order number. */
export function directOrderSale(order: SalesOrder): { input: SaleInput; display: SaleDisplay } {
  return {
    input: {
      orderNumber: order.number,
      customerNumber: order.customer.number,
      totalBase: order.grossBase,
      authorId: order.createdBy,
      orderType: order.orderType,
    },
    display: { customerName: order.customer.name, gross: order.totals.gross, currency: order.currency },
  };
}

/** Starts a sale; already running or already finished both count as done. */
export async function startSale(client: Client, input: SaleInput, stage: 'quote_draft' | 'ordered', display?: SaleDisplay): Promise<void> {
  try {
    await client.workflow.start(SALE_WORKFLOW, saleStartOptions(input, stage, display));
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * The safety net behind the gateway: every created quote and every direct
 * order has its sale workflow, even if the gateway died between writing the
 * document and starting the workflow. The outbox guarantees the event; the
 * start is idempotent, so redelivery is harmless.
 */
export async function runSaleStarter(
  nc: NatsConnection,
  client: Client,
  /** Sales the request path of this gateway started already: their events need nothing more. */
  startedHere: (saleNumber: string) => boolean = () => false,
): Promise<{ stop: () => Promise<void> }> {
  const durable = 'sale-starter';
  const starting = new EventSet([QuoteCreated, OrderCreated]);
  await ensureDurableConsumer(await jetstreamManager(nc), durable, starting.filterSubject);
  const messages = await (await jetstream(nc).consumers.get(EVENTS_STREAM, durable)).consume({ max_messages: 32 });
  const done = (async () => {
    for await (const m of messages) {
      let event: ReturnType<typeof starting.parse> = null;
      try {
        const envelope = readEnvelope(decode(m.data));
        event = envelope && starting.parse(envelope);
      } catch (err) {
        // Redelivery cannot fix an event that breaks its contract; the gateway started the sale anyway.
        console.error(`[sale-starter] ${m.subject} does not match its contract; skipped`, err);
        m.term();
        continue;
      }
      try {
        // The document is read from its owner, so the start is the one the gateway makes (names and totals included).
        // Sales this gateway's request path started need nothing more.
        const toStart = event && !startedHere(event.data.number) ? event : null;
        if (toStart?.subject === QuoteCreated.subject) {
          const { input, display } = quoteSale(await call(nc, QuoteCommands.get, { number: toStart.data.number }));
          await startSale(client, input, 'quote_draft', display);
        } else if (toStart?.subject === OrderCreated.subject && !toStart.data.quoteNumber) {
          const { input, display } = directOrderSale(await call(nc, OrderCommands.get, { number: toStart.data.number }));
          await startSale(client, input, 'ordered', display);
        }
        m.ack();
      } catch (err) {
        console.error(`[sale-starter] ${m.subject} ${event?.data.number} failed; will be redelivered`, err);
        m.nak(2000);
      }
    }
  })();
  return {
    stop: async () => {
      await messages.close();
      await done;
    },
  };
}
