import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../shared/nats/rpc.ts';
import { DocumentCommands } from '../../../shared/contracts/document/index.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import { QuoteCommands } from '../../../shared/contracts/quote/index.ts';

/*
 * The e-invoice gate before issue: an invoice or correction whose customer
 * receives an e-invoice is issued only if that e-invoice passes the document
 * service's validation gate. Every issuing path (delivery, combined, plan,
 * final, time, recurring invoices, cancellations and credit notes) calls
 * refuseInvalidEInvoice with the document as it is about to be written, in its
 * transaction and before it takes its number: a refusal (422
 * einvoice_invalid, one error per rule) rolls everything back and consumes no
 * number, and the number series is not locked while the XML is written.
 */

/** The number the document is checked under: the real one is taken only after the check passes (numbers are gapless). */
export const CHECK_NUMBER = 'Entwurf';

let nats: NatsConnection | undefined;

/** Connects the gate to NATS (main.ts, at start); issuing before that is refused rather than issued unchecked. */
export function connectEInvoiceGate(nc: NatsConnection): void {
  nats = nc;
}

/**
 * Refuses a document whose e-invoice would fail the gate. The customer's
 * setting is read from the quote service (a single row): a customer with
 * format none costs that one read and never waits on the document service, so
 * sales go on while it is down. Otherwise the document service reads the
 * setting itself, writes the e-invoice of `build()` (the document under
 * CHECK_NUMBER, and the invoice a correction refers to) and runs the gate.
 */
export async function refuseInvalidEInvoice(customerId: string, build: () => { invoice: Invoice; corrected?: Invoice }): Promise<void> {
  if (!nats) throw new Error('the e-invoice gate is not connected (connectEInvoiceGate): nothing is issued unchecked');
  const customer = await call(nats, QuoteCommands.customerGet, { id: customerId });
  if ((customer.einvoice?.format ?? 'none') === 'none') return;
  const { invoice, corrected } = build();
  await call(nats, DocumentCommands.checkEInvoice, { customerId, invoice, ...(corrected ? { corrected } : {}) });
}
