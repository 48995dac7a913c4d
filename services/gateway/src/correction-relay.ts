import type { NatsConnection } from '@nats-io/transport-node';
import { CorrectionIssued } from '../../../shared/contracts/invoicing/events.ts';
import { InvoicingCommands } from '../../../shared/contracts/invoicing/index.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { call } from '../../../shared/nats/rpc.ts';
import { invoiceCorrectedSignal } from '../../../workflows/src/sale.contract.ts';
import type { SalesClient } from './sales-client.ts';
import { relayEvents } from './event-relay.ts';

/**
 * Tells a sale about credit notes of its invoices. Credit notes are issued
 * outside the sale (by API, and by the invoicing service for received returns),
 * but a credit note can settle an invoice, and the sale closes only when every
 * live invoice is settled. For each issued credit note the relay reads the
 * invoice's status from its owner and signals it to the order's sale. The signal
 * is idempotent, so redelivery is harmless; a sale that is gone is skipped.
 * Cancellation invoices are steps of the sale already (cancelInvoice Update).
 */
export function runCorrectionRelay(nc: NatsConnection, sales: SalesClient): Promise<{ stop: () => Promise<void> }> {
  return relayEvents(nc, 'sale-corrections', [CorrectionIssued], async (event) => {
    if (event.data.kind !== 'credit_note') return;
    const invoice = await call(nc, InvoicingCommands.get, { number: event.data.refersTo });
    const order = await call(nc, OrderCommands.get, { number: invoice.orderNumber });
    // A direct order's sale is keyed by the order number itself.
    await sales.signal(order.quoteNumber ?? order.number, invoiceCorrectedSignal, { invoiceNumber: invoice.number, status: invoice.status });
  });
}
