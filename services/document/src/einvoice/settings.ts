export type { EInvoiceSettings } from '../../../../shared/einvoice.ts';
