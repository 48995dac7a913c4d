import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import type { Em } from '../../../shared/db/orm.ts';
import type { ExchangeRateSnapshot, PricedLine } from '../../../shared/contracts/common.ts';
import type { quoteContentSchema } from '../../../shared/contracts/quote/index.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { captureExchangeRate } from './domain/pricing/exchange-rates.ts';
import { MAX_DOCUMENT_TOTAL, roundMoney, toAmountString } from '../../../shared/money.ts';
import { baseTotals } from '../../../shared/pricing.ts';
import { priceDocument, type Coupon, type ProductPricing } from './domain/pricing/pricing-engine.ts';
import { lineTax } from './domain/pricing/tax-destination.ts';
import { taxNotes, type TaxNoteCode } from '../../../shared/tax-notes.ts';
import { ValidationError, type FieldIssue } from '../../../shared/errors.ts';
import type { DocumentTotals } from '../../../shared/totals.ts';
import { ProductEntity, type CustomerRow } from './entities.ts';
import type { ApprovalFacts } from './domain/approval-policy.ts';
import type { SalesSettings } from '../../../shared/contracts/quote/index.ts';

export type QuoteContent = z.infer<typeof quoteContentSchema>;

export interface PricedQuote {
  lines: PricedLine[];
  totals: DocumentTotals;
  totalsBase: { net: string; vat: string; gross: string };
  exchangeRate: ExchangeRateSnapshot;
  taxNotes: string[];
  documentDiscount: string;
  couponDiscount: string;
  facts: ApprovalFacts;
}

const toBase = (amount: Decimal.Value, rate: string) => toAmountString(roundMoney(new Decimal(amount).div(rate), BASE_CURRENCY), BASE_CURRENCY);

/**
 * Prices a quote's content for a customer: tax by destination per line, the
 * pricing engine (list → agreement → tier → discounts → coupon → shipping),
 * the exchange rate captured now (or overridden with a reason), and every
 * amount also in base currency. Also returns the facts the approval policy reads.
 */
export async function priceQuoteContent(
  tx: Em,
  customer: CustomerRow,
  content: QuoteContent,
  settings: SalesSettings,
  today: string,
  openExposureBase: string,
): Promise<PricedQuote> {
  const productIds = [...new Set(content.lines.map((l) => l.productId))];
  const products = await tx.find(ProductEntity, { id: { $in: productIds } });
  const byId = new Map(products.map((p) => [p.id, p]));
  const party = { type: customer.type, country: customer.billingAddress.country, vatId: customer.vatId ?? null };
  const taxSettings = { sellerCountry: 'DE' as const, ...settings.tax };
  const taxes = content.lines.map((l) => {
    const p = byId.get(l.productId);
    return p ? lineTax({ taxCategory: p.taxCategory, kind: p.kind }, party, taxSettings) : null;
  });
  const coupon = content.couponCode ? await loadCoupon(tx, content.couponCode) : null;
  // Shipping is ancillary to the main supply and follows its treatment (goods if any line is goods).
  const mainKind = products.some((p) => p.kind === 'goods') ? 'goods' : 'service';
  const shippingTax = lineTax({ taxCategory: 'standard', kind: mainKind }, party, taxSettings);
  const result = priceDocument({
    currency: content.currency,
    today,
    lines: content.lines.map((l, i) => ({
      productId: l.productId,
      quantity: l.quantity,
      ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}),
      ...(l.discountPercent !== undefined ? { discountPercent: l.discountPercent } : {}),
      vatRate: taxes[i]?.vatRate ?? '0',
    })),
    products: new Map<string, ProductPricing>(products.map((p) => [p.id, { id: p.id, listPrices: p.prices, tiers: p.tiers }])),
    agreement: customer.priceAgreement ?? null,
    ...(content.documentDiscountPercent !== undefined ? { documentDiscountPercent: content.documentDiscountPercent } : {}),
    coupon,
    shipping: content.shippingCharge && new Decimal(content.shippingCharge).gt(0) ? { amount: content.shippingCharge, vatRate: shippingTax.vatRate } : null,
  });

  const exchangeRate: ExchangeRateSnapshot = content.exchangeRate
    ? {
        base: BASE_CURRENCY,
        quote: content.currency,
        rate: new Decimal(content.exchangeRate.rate).toString(),
        source: `manual: ${content.exchangeRate.reason}`,
        capturedAt: new Date().toISOString(),
      }
    : captureExchangeRate(content.currency);
  if (content.currency === BASE_CURRENCY && exchangeRate.rate !== '1') {
    throw new ValidationError('the base currency has no exchange rate', [{ field: 'exchangeRate', message: `${BASE_CURRENCY} is the base currency` }]);
  }

  const lines: PricedLine[] = result.lines.map((r, i) => {
    const req = content.lines[i]!;
    const p = byId.get(req.productId)!;
    return {
      position: i + 1,
      productId: p.id,
      sku: p.sku,
      description: req.description ?? (customer.language === 'en' ? p.names.en : p.names.de) ?? p.name,
      quantity: new Decimal(req.quantity).toString(),
      unit: p.unit,
      unitPrice: r.unitPrice,
      discountPercent: r.discountPercent,
      vatRate: r.vatRate,
      net: r.net,
      kind: 'item',
      listPrice: r.listPrice,
      priceSource: r.priceSource,
      lineNet: r.lineNet,
      documentDiscount: r.documentDiscount,
      couponDiscount: r.couponDiscount,
      netBase: toBase(r.net, exchangeRate.rate),
      taxTreatment: taxes[i]!.treatment,
      // A line is made to order when it says so, or when its product is (an explicit false makes a stock line of it).
      ...((req.makeToOrder ?? p.makeToOrder) ? { makeToOrder: true, ...(req.promisedDate ? { promisedDate: req.promisedDate } : {}) } : {}),
    };
  });
  if (result.shipping) {
    lines.push({
      position: lines.length + 1,
      productId: 'shipping',
      sku: 'VERSAND',
      description: customer.language === 'en' ? 'Shipping' : 'Versandkosten',
      quantity: '1',
      unit: customer.language === 'en' ? 'flat' : 'pauschal',
      unitPrice: result.shipping.net,
      discountPercent: '0',
      vatRate: result.shipping.vatRate,
      net: result.shipping.net,
      kind: 'charge',
      listPrice: null,
      priceSource: 'shipping',
      lineNet: result.shipping.net,
      documentDiscount: '0',
      couponDiscount: '0',
      netBase: toBase(result.shipping.net, exchangeRate.rate),
      taxTreatment: shippingTax.treatment,
    });
  }
  const notes = taxNotes([...taxes.map((t) => t!.noteCode), ...(result.shipping ? [shippingTax.noteCode] : [])] as (TaxNoteCode | null)[], customer.language);
  const totals = result.totals;
  const totalsBase = baseTotals(totals, exchangeRate);
  checkTotalsFit(lines, totals.gross, totalsBase.gross, content.currency);
  return {
    lines,
    totals,
    totalsBase,
    exchangeRate,
    taxNotes: notes,
    documentDiscount: result.documentDiscount,
    couponDiscount: result.couponDiscount,
    facts: approvalFacts(
      content,
      lines,
      products.map((p) => ({ id: p.id, costPrices: p.costPrices })),
      totalsBase.gross,
      customer,
      openExposureBase,
    ),
  };
}

/**
 * Quantities and prices are each bounded, but their product is not: a document whose total (or its
 * EUR equivalent at a tiny manual rate) exceeds MAX_DOCUMENT_TOTAL is refused, naming the line that
 * is too large on its own, else the lines together.
 */
function checkTotalsFit(lines: PricedLine[], gross: string, grossBase: string, currency: string): void {
  const max = MAX_DOCUMENT_TOTAL;
  if (new Decimal(gross).lte(max) && new Decimal(grossBase).lte(max)) return;
  const limit = `a document may total at most ${max.toFixed(2)} ${currency} and ${max.toFixed(2)} ${BASE_CURRENCY}`;
  const issues: FieldIssue[] = lines
    .filter((l) => new Decimal(l.net).gt(max) || new Decimal(l.netBase ?? '0').gt(max))
    .map((l) => ({
      field: l.kind === 'charge' ? 'shippingCharge' : `lines[${l.position - 1}]`,
      message: `line total ${l.net} ${currency} is too large; ${limit}`,
    }));
  if (!issues.length) issues.push({ field: 'lines', message: `total ${gross} ${currency} (${grossBase} ${BASE_CURRENCY}) is too large; ${limit}` });
  throw new ValidationError(`invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);
}

function approvalFacts(
  content: QuoteContent,
  lines: PricedLine[],
  costs: { id: string; costPrices: Record<string, string> }[],
  grossBase: string,
  customer: CustomerRow,
  openExposureBase: string,
): ApprovalFacts {
  const discounts = [content.documentDiscountPercent ?? '0', ...lines.map((l) => l.discountPercent)];
  const maxDiscountPercent = discounts.reduce((a, d) => (new Decimal(d).gt(a) ? new Decimal(d).toString() : a), '0');
  let net = new Decimal(0);
  let cost = new Decimal(0);
  for (const l of lines) {
    const unitCost = costs.find((c) => c.id === l.productId)?.costPrices[content.currency];
    if (unitCost === undefined) continue;
    net = net.plus(l.net);
    cost = cost.plus(new Decimal(unitCost).times(l.quantity));
  }
  return {
    maxDiscountPercent,
    marginPercent: net.gt(0) ? net.minus(cost).div(net).times(100).toDecimalPlaces(2).toString() : null,
    grossBase,
    creditLimit: customer.creditLimit == null ? null : new Decimal(customer.creditLimit).toString(),
    openExposureBase,
  };
}

async function loadCoupon(tx: Em, code: string): Promise<Coupon> {
  const [row] = await tx.execute<
    {
      code: string;
      type: 'percent' | 'amount';
      value: string;
      currency: string | null;
      valid_from: string | null;
      valid_until: string | null;
      usage_limit: number | null;
      times_used: number;
    }[]
  >(
    `select code, type, value::text as value, currency, valid_from::text as valid_from, valid_until::text as valid_until, usage_limit, times_used from coupon where code = ?`,
    [code],
  );
  if (!row) throw new ValidationError(`unknown coupon ${code}`, [{ field: 'couponCode', message: 'no such coupon' }]);
  return {
    code: row.code,
    type: row.type,
    value: new Decimal(row.value).toString(),
    timesUsed: row.times_used,
    ...(row.currency ? { currency: row.currency } : {}),
    ...(row.valid_from ? { validFrom: row.valid_from } : {}),
    ...(row.valid_until ? { validUntil: row.valid_until } : {}),
    ...(row.usage_limit !== null ? { usageLimit: row.usage_limit } : {}),
  };
}
