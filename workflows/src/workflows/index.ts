/** Every workflow type the sales worker runs. */
export { saleWorkflow } from './sale.workflow.ts';
export { combinedInvoiceWorkflow } from './combined-invoice.workflow.ts';
