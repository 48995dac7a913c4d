import { sleep } from '@temporalio/workflow';
import { saleWorkflow as recorded } from '../../../workflows/src/workflows/sale.workflow.ts';
import type { SaleInput, SaleState } from '../../../workflows/src/sale.contract.ts';

/**
 * A deliberately incompatible change, as someone might make it without
 * patched(): a new timer before the sale starts. Replaying recorded histories
 * against it must fail.
 */
export async function saleWorkflow(input: SaleInput): Promise<SaleState> {
  await sleep('1 second');
  return recorded(input);
}
