import type { CustomerSnapshot, PricedDocument, Address } from './common.ts';
import type { TaxCategory } from '../tax.ts';

export const QuoteSubjects = {
  customerCreate: 'quote.customer.create',
  customerGet: 'quote.customer.get',
  customerUpdate: 'quote.customer.update',
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
  edit: 'quote.edit',
  submit: 'quote.submit',
  decide: 'quote.approval.decide',
  expire: 'quote.expire',
  revisions: 'quote.revisions',
  forecast: 'quote.forecast',
  approvals: 'quote.approvals.open',
  couponCreate: 'quote.coupon.create',
  settingsGet: 'quote.settings.get',
  settingsPut: 'quote.settings.put',
  price: 'quote.price',
  health: 'quote.health',
} as const;

export type QuoteStatus = 'draft' | 'pending_approval' | 'approved' | 'sent' | 'accepted' | 'rejected' | 'expired' | 'cancelled' | 'converted';

/** Volume price: from minQuantity on, this unit price per currency. */
export interface PriceTier {
  minQuantity: string;
  unitPrice: Record<string, string>;
}

/** Customer-specific prices per product id. */
export interface PriceAgreement {
  prices?: Record<string, { unitPrice?: Record<string, string>; discountPercent?: string; tiers?: PriceTier[] }>;
}

export interface Customer extends CustomerSnapshot {
  type: 'business' | 'consumer';
  country: string;
  language: 'de' | 'en';
  currency: string;
  paymentTermsDays: number;
  creditLimit: string | null;
  priceAgreement: PriceAgreement | null;
  tags: string[];
  assignee: string | null;
  leadSource: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  names: { de: string; en: string };
  unit: string;
  /** List prices per currency, decimal strings. */
  prices: Record<string, string>;
  /** Cost prices per currency, for the margin rule of the approval policy. */
  costPrices: Record<string, string>;
  tiers: PriceTier[];
  taxCategory: TaxCategory;
  kind: 'goods' | 'service';
  stocked: boolean;
  makeToOrder: boolean;
  createdAt: string;
}

export interface ApprovalStepJson {
  level: number;
  role: string;
  reasons: string[];
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

export interface Quote extends PricedDocument {
  status: QuoteStatus;
  revision: number;
  createdBy: string;
  assignee: string | null;
  validUntil: string;
  /** The instant the quote lapses; the sale workflow expires it then. */
  expiresAt: string;
  probability: number | null;
  expectedCloseDate: string | null;
  documentDiscountPercent: string;
  couponCode: string | null;
  approvals: ApprovalStepJson[];
  schedule: { date: string; orderPosition: number; quantity: string }[];
  supplier: { name: string; email?: string | null } | null;
  /** Carried into the order: stocked goods may ship in parts as stock arrives. */
  allowBackorders: boolean;
  orderNumber: string | null;
  version: number;
}

export type { Address };
