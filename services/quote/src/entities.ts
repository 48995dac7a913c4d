import type { EInvoiceSettings } from '../../../shared/einvoice.ts';
import { EntitySchema } from '@mikro-orm/core';
import type { Address, CustomerSnapshot, ExchangeRateSnapshot, PricedLine } from '../../../shared/contracts/common.ts';
import type { QuoteStatus } from '../../../shared/contracts/quote/index.ts';
import type { TaxCategory } from '../../../shared/tax.ts';
import type { DocumentTotals } from '../../../shared/totals.ts';
import type { PriceAgreement, PriceTier } from '../../../shared/contracts/quote/index.ts';
import type { OrderType } from '../../../shared/contracts/common.ts';
import type { EarlyPaymentTerms } from '../../../shared/contracts/payment-terms.ts';
import type { ApprovalStep } from './domain/approval-policy.ts';

export interface CustomerRow {
  id: string;
  number: string;
  name: string;
  type: 'business' | 'consumer';
  billingAddress: Address;
  shippingAddress: Address;
  vatId?: string | null;
  email?: string | null;
  language: 'de' | 'en';
  currency: string;
  paymentTermsDays: number;
  /** Skonto terms, null when the customer gets none. */
  earlyPaymentDiscount?: EarlyPaymentTerms | null;
  invoiceOnShipment: boolean;
  creditLimit?: string | null;
  priceAgreement?: PriceAgreement | null;
  tags: string[];
  assignee?: string | null;
  leadSource?: string | null;
  einvoice?: EInvoiceSettings | null;
  createdAt: Date;
  updatedAt: Date;
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
    language: { type: 'string' },
    currency: { type: 'string' },
    paymentTermsDays: { type: 'integer' },
    earlyPaymentDiscount: { type: 'json', nullable: true },
    invoiceOnShipment: { type: 'boolean' },
    creditLimit: { type: 'decimal', precision: 18, scale: 4, nullable: true },
    priceAgreement: { type: 'json', nullable: true },
    tags: { type: 'json' },
    assignee: { type: 'string', nullable: true },
    leadSource: { type: 'string', nullable: true },
    einvoice: { type: 'json', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  unit: string;
  names: { de: string; en: string };
  prices: Record<string, string>;
  costPrices: Record<string, string>;
  tiers: PriceTier[];
  taxCategory: TaxCategory;
  kind: 'goods' | 'service';
  stocked: boolean;
  makeToOrder: boolean;
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
    names: { type: 'json' },
    prices: { type: 'json' },
    costPrices: { type: 'json' },
    tiers: { type: 'json' },
    taxCategory: { type: 'string' },
    kind: { type: 'string' },
    stocked: { type: 'boolean' },
    makeToOrder: { type: 'boolean' },
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
  earlyPaymentDiscount?: EarlyPaymentTerms | null;
  invoiceOnShipment: boolean;
  validUntil: string;
  expiresAt: Date;
  orderNumber?: string | null;
  revision: number;
  createdBy: string;
  assignee?: string | null;
  probability?: number | null;
  expectedCloseDate?: string | null;
  orderType: OrderType;
  /** The content as last entered, so an edit or revision starts from it. */
  request: Record<string, unknown>;
  pricing: { documentDiscountPercent: string; documentDiscount: string; couponCode: string | null; couponDiscount: string };
  tax: { notes: string[] };
  totalsBase: { net: string; vat: string; gross: string };
  approvals: ApprovalStep[];
  sentAt?: Date | null;
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
    earlyPaymentDiscount: { type: 'json', nullable: true },
    invoiceOnShipment: { type: 'boolean' },
    validUntil: { type: 'string', columnType: 'date' },
    expiresAt: { type: 'datetime' },
    orderNumber: { type: 'string', nullable: true },
    revision: { type: 'integer' },
    createdBy: { type: 'string' },
    assignee: { type: 'string', nullable: true },
    probability: { type: 'integer', nullable: true },
    expectedCloseDate: { type: 'string', columnType: 'date', nullable: true },
    orderType: { type: 'string' },
    request: { type: 'json' },
    pricing: { type: 'json' },
    tax: { type: 'json' },
    totalsBase: { type: 'json' },
    approvals: { type: 'json' },
    sentAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});
