import { sleep } from '@temporalio/workflow';
import { saleWorkflow as recorded } from '../../../workflows/src/workflows/sale.workflow.ts';
import { combinedInvoiceWorkflow as combined } from '../../../workflows/src/workflows/combined-invoice.workflow.ts';
import type { CombinedInvoiceInput, InvoiceFacts, SaleInput, SaleState } from '../../../workflows/src/sale.contract.ts';

/**
 * A deliberately incompatible change, as someone might make it without
 * patched(): a new timer before the sale starts. Replaying recorded histories
 * against it must fail.
 */
export async function saleWorkflow(input: SaleInput): Promise<SaleState> {
  await sleep('1 second');
  return recorded(input);
}

/** The same deliberate change to the combined invoice's workflow. */
export async function combinedInvoiceWorkflow(input: CombinedInvoiceInput): Promise<InvoiceFacts> {
  await sleep('1 second');
  return combined(input);
}
