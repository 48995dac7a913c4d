import { z } from 'zod';
import { EINVOICE_FORMATS } from './model.ts';

/**
 * A customer's e-invoice setting as the document service uses it (the quote
 * service keeps and validates it in the customer master data, field `einvoice`).
 */
export interface EInvoiceSettings {
  format: 'none' | (typeof EINVOICE_FORMATS)[number];
  /** BT-10: the Leitweg-ID of a public buyer, or the reference the buyer asked for. */
  buyerReference?: string | null;
  /** BT-49: where the buyer receives e-invoices; the customer's e-mail (scheme EM) when absent. */
  electronicAddress?: { scheme: string; value: string } | null;
}

export const einvoiceFormatSchema = z.enum(['none', ...EINVOICE_FORMATS]);
