import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM } from '../../../shared/nats/connection.ts';
import { decode } from '../../../shared/nats/codec.ts';
import { EventSet, readEnvelope } from '../../../shared/contracts/events.ts';
import { CorrectionIssued } from '../../../shared/contracts/invoicing/events.ts';
import { InvoicingCommands } from '../../../shared/contracts/invoicing/index.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { ensureDurableConsumer } from '../../../shared/nats/durable-consumer.ts';
import { call } from '../../../shared/nats/rpc.ts';
import { invoiceCorrectedSignal } from '../../../workflows/src/sale.contract.ts';
import type { SalesClient } from './sales-client.ts';

/**
 * Tells a sale about credit notes of its invoices. Credit notes are issued
 * outside the sale (by API, and by the invoicing service for received returns),
 * but a credit note can settle an invoice, and the sale closes only when every
 * live invoice is settled. For each issued credit note the relay reads the
 * invoice's status from its owner and signals it to the order's sale. The signal
 * is idempotent, so redelivery is harmless; a sale that is gone is skipped.
 * Cancellation invoices are steps of the sale already (cancelInvoice Update).
 */
export async function runCorrectionRelay(nc: NatsConnection, sales: SalesClient): Promise<{ stop: () => Promise<void> }> {
  const durable = 'sale-corrections';
  const events = new EventSet([CorrectionIssued]);
  await ensureDurableConsumer(await jetstreamManager(nc), durable, events.filterSubject);
  const messages = await (await jetstream(nc).consumers.get(EVENTS_STREAM, durable)).consume({ max_messages: 32 });
  const done = (async () => {
    for await (const m of messages) {
      let event: ReturnType<typeof events.parse> = null;
      try {
        const envelope = readEnvelope(decode(m.data));
        event = envelope && events.parse(envelope);
      } catch (err) {
        console.error(`[correction-relay] ${m.subject} does not match its contract; skipped`, err);
        m.term();
        continue;
      }
      try {
        if (event?.data.kind === 'credit_note') {
          const invoice = await call(nc, InvoicingCommands.get, { number: event.data.refersTo });
          const order = await call(nc, OrderCommands.get, { number: invoice.orderNumber });
          // A direct order's sale is keyed by the order number itself.
          await sales.signal(order.quoteNumber ?? order.number, invoiceCorrectedSignal, { invoiceNumber: invoice.number, status: invoice.status });
        }
        m.ack();
      } catch (err) {
        console.error(`[correction-relay] ${event?.data.number} failed; will be redelivered`, err);
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
