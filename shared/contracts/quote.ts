import type { CustomerSnapshot, PricedDocument, Address } from './common.ts';
import type { TaxCategory } from '../tax.ts';

export const QuoteSubjects = {
  customerCreate: 'quote.customer.create',
  customerGet: 'quote.customer.get',
  customerList: 'quote.customer.list',
  productCreate: 'quote.product.create',
  productGet: 'quote.product.get',
  productList: 'quote.product.list',
  create: 'quote.create',
  get: 'quote.get',
  list: 'quote.list',
  send: 'quote.send',
  accept: 'quote.accept',
  reject: 'quote.reject',
  cancel: 'quote.cancel',
  markConverted: 'quote.mark-converted',
  health: 'quote.health',
} as const;

export type QuoteStatus = 'draft' | 'sent' | 'accepted' | 'rejected' | 'expired' | 'cancelled' | 'converted';

export interface Customer extends CustomerSnapshot {
  type: 'business' | 'consumer';
  paymentTermsDays: number;
  createdAt: string;
  version: number;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  unit: string;
  /** List prices per currency, decimal strings. */
  prices: Record<string, string>;
  taxCategory: TaxCategory;
  kind: 'goods' | 'service';
  createdAt: string;
}

export interface Quote extends PricedDocument {
  status: QuoteStatus;
  validUntil: string;
  orderNumber: string | null;
  version: number;
}

export type { Address };
