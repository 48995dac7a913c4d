import { EntitySchema } from '@mikro-orm/core';
import type { Address, CustomerSnapshot, ExchangeRateSnapshot, PricedLine } from '../../../shared/contracts/common.ts';
import type { QuoteStatus } from '../../../shared/contracts/quote.ts';
import type { TaxCategory } from '../../../shared/tax.ts';
import type { DocumentTotals } from '../../../shared/totals.ts';

export interface CustomerRow {
  id: string;
  number: string;
  name: string;
  type: 'business' | 'consumer';
  billingAddress: Address;
  shippingAddress: Address;
  vatId?: string | null;
  email?: string | null;
  paymentTermsDays: number;
  createdAt: Date;
  version: number;
}

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customer',
  properties: {
    id: { type: 'string', primary: true },
    number: { type: 'string', unique: true },
    name: { type: 'string' },
    type: { type: 'string' },
    billingAddress: { type: 'json' },
    shippingAddress: { type: 'json' },
    vatId: { type: 'string', nullable: true },
    email: { type: 'string', nullable: true },
    paymentTermsDays: { type: 'integer' },
    createdAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  unit: string;
  prices: Record<string, string>;
  taxCategory: TaxCategory;
  kind: 'goods' | 'service';
  createdAt: Date;
}

export const ProductEntity = new EntitySchema<ProductRow>({
  name: 'Product',
  tableName: 'product',
  properties: {
    id: { type: 'string', primary: true },
    sku: { type: 'string', unique: true },
    name: { type: 'string' },
    unit: { type: 'string' },
    prices: { type: 'json' },
    taxCategory: { type: 'string' },
    kind: { type: 'string' },
    createdAt: { type: 'datetime' },
  },
});

export interface QuoteRow {
  id: string;
  number: string;
  status: QuoteStatus;
  customerId: string;
  customer: CustomerSnapshot;
  currency: string;
  exchangeRate: ExchangeRateSnapshot;
  lines: PricedLine[];
  totals: DocumentTotals;
  grossBase: string;
  paymentTermsDays: number;
  validUntil: string;
  orderNumber?: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const QuoteEntity = new EntitySchema<QuoteRow>({
  name: 'Quote',
  tableName: 'quote',
  properties: {
    id: { type: 'string', primary: true },
    number: { type: 'string', unique: true },
    status: { type: 'string' },
    customerId: { type: 'string' },
    customer: { type: 'json' },
    currency: { type: 'string' },
    exchangeRate: { type: 'json' },
    lines: { type: 'json' },
    totals: { type: 'json' },
    grossBase: { type: 'decimal', precision: 18, scale: 4 },
    paymentTermsDays: { type: 'integer' },
    validUntil: { type: 'string', columnType: 'date' },
    orderNumber: { type: 'string', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});
