import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { env } from '../../../shared/config.ts';
import { EVENTS_STREAM } from '../../../shared/nats/connection.ts';
import { decode } from '../../../shared/nats/codec.ts';
import type { EventEnvelope } from '../../../shared/db/outbox.ts';
import { SALE_WORKFLOW, SearchKeys, saleWorkflowId, type SaleInput } from '../../../workflows/src/sale.contract.ts';

/** Start options that make a start idempotent: a running sale is joined, a finished one never restarted. */
export function saleStartOptions(input: SaleInput, stage: 'quote_draft' | 'ordered') {
  const number = (input.quoteNumber ?? input.orderNumber)!;
  return {
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
    ],
  };
}

/** Starts a sale; already running or already finished both count as done. */
export async function startSale(client: Client, input: SaleInput, stage: 'quote_draft' | 'ordered'): Promise<void> {
  try {
    await client.workflow.start(SALE_WORKFLOW, saleStartOptions(input, stage));
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
export async function runSaleStarter(nc: NatsConnection, client: Client): Promise<{ stop: () => Promise<void> }> {
  const durable = 'sale-starter';
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(EVENTS_STREAM, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: 'events.*.created' })
    .catch(async (err: unknown) => {
      await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => {
        throw err;
      });
    });
  const messages = await (await jetstream(nc).consumers.get(EVENTS_STREAM, durable)).consume({ max_messages: 32 });
  const done = (async () => {
    for await (const m of messages) {
      const event = decode<EventEnvelope<{ number: string; quoteNumber?: string | null; customerNumber?: string; grossBase?: string; createdBy?: string }>>(m.data);
      const d = event.data;
      try {
        if (d.customerNumber && d.grossBase) {
          if (event.subject === 'events.quote.created') {
            await startSale(client, { quoteNumber: d.number, customerNumber: d.customerNumber, totalBase: d.grossBase, ...(d.createdBy ? { authorId: d.createdBy } : {}) }, 'quote_draft');
          } else if (event.subject === 'events.order.created' && !d.quoteNumber) {
            await startSale(client, { orderNumber: d.number, customerNumber: d.customerNumber, totalBase: d.grossBase, ...(d.createdBy ? { authorId: d.createdBy } : {}) }, 'ordered');
          }
        }
        m.ack();
      } catch (err) {
        console.error(`[sale-starter] ${event.subject} ${d.number} failed; will be redelivered`, err);
        m.nak(2000);
      }
    }
  })();
  return { stop: async () => { await messages.close(); await done; } };
}
