import { ActivityFailure, ApplicationFailure, getExternalWorkflowHandle, log, upsertSearchAttributes } from '@temporalio/workflow';
import {
  combinedInvoiceSignal,
  SearchKeys,
  saleWorkflowId,
  type CombinedInvoiceInput,
  type CombinedInvoiceNotice,
  type InvoiceFacts,
} from '../sale.contract.ts';
import { act } from './sale-context.ts';
import { fitKey } from './sale-keys.ts';

/**
 * A combined invoice (Sammelrechnung) over several orders of one customer.
 * The invoicing service issues it (one gapless number, the notes locked so
 * that a note is billed once however many invoices ask at the same time, and
 * refuses what does not match, writing nothing); then each order's sale is
 * told which of its notes the invoice bills. The sale of the first order leads
 * the invoice: it gets the due date (dunning) and the other sales, takes the
 * payments and the cancellation, and tells the others when it is paid or
 * cancelled. The signals are durable once sent: a worker restart in between
 * replays to the same invoice (same idempotency key) and sends what is left.
 */
export async function combinedInvoiceWorkflow(input: CombinedInvoiceInput): Promise<InvoiceFacts> {
  let issued;
  try {
    issued = await act(`Sammelrechnung zu ${input.deliveryNoteNumbers.join(', ')} erstellen`).createCombinedInvoice({
      deliveryNoteNumbers: input.deliveryNoteNumbers,
      ...(input.customerId ? { customerId: input.customerId } : {}),
      actor: input.actor,
      idempotencyKey: fitKey(`combined-invoice:${input.requestKey}`),
    });
  } catch (err) {
    // A refusal (409, 422) ends the workflow with the service's problem, for the caller.
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
    throw err;
  }
  const { invoice, parts } = issued;
  upsertSearchAttributes([
    { key: SearchKeys.documentNumber, value: invoice.number },
    { key: SearchKeys.documents, value: [invoice.number, ...parts.map((p) => p.orderNumber), ...invoice.deliveryNoteNumbers] },
  ]);
  const sales = parts.map((p) => p.saleNumber);
  for (const [i, part] of parts.entries()) {
    const notice: CombinedInvoiceNotice = {
      invoiceNumber: invoice.number,
      status: invoice.status,
      gross: invoice.gross,
      deliveryNoteNumbers: part.deliveryNoteNumbers,
      ...(i === 0 ? { ...(invoice.dueDate ? { dueDate: invoice.dueDate } : {}), partners: sales.slice(1) } : {}),
    };
    try {
      await getExternalWorkflowHandle(saleWorkflowId(part.saleNumber)).signal(combinedInvoiceSignal, notice);
    } catch (err) {
      // A sale that is gone cannot be told; the invoice stands and the order's projection knows it from the issued event.
      log.error(`sale ${part.saleNumber} was not told of combined invoice ${invoice.number}`, { error: String(err) });
    }
  }
  return invoice;
}
