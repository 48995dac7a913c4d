/**
 * Pricing engine: from requested lines to document totals, pure and exact.
 *
 * Steps, in this order (the step functions live in pricing-steps.ts):
 *  1. list price of the product in the document currency;
 *  2. customer price agreement: a fixed unit price (wins) or a discount
 *     percent on the list price;
 *  3. tier (volume) price: the tier with the highest minQuantity ≤ quantity,
 *     only if lower than the price so far (agreement tiers replace product tiers);
 *     an explicit unit price given by the salesperson replaces steps 1–3;
 *  4. line discount percent → line net;
 *  5. document discount percent on the sum of the line nets, split over the lines;
 *  6. coupon (percent, or an amount capped at the net), split over the lines;
 *  7. shipping as a separate charge line in its own VAT rate group, never discounted;
 *  then VAT once per rate group.
 *
 * Rounding points (all to the currency's minor unit — JPY 0, EUR 2, KWD 3 —
 * with ROUND_HALF_UP, i.e. commercial rounding, half away from zero):
 *  - unit prices are NOT rounded: list, agreement, tier and manual prices and
 *    an agreement percent applied to a list price stay exact decimals;
 *  - line net = quantity × unit price × (1 − line discount), rounded once;
 *  - document discount amount = sum of line nets × percent, rounded once, then
 *    split over the lines by line net with allocate() (largest remainder), so
 *    the parts add up exactly to the amount and no line goes below zero;
 *  - coupon amount: a percent coupon on the net after the document discount,
 *    rounded once; an amount coupon rounded to the minor unit and capped at
 *    that net; split like the document discount;
 *  - shipping amount rounded to the minor unit;
 *  - VAT = group net × rate, rounded once per VAT rate group (German practice,
 *    UStAE 14.5 Abs. 9), never per line; gross = net + VAT.
 * Every amount in the result is a string with exactly the currency's digits;
 * unit prices have at least those digits, more if they carry more.
 */
import { Decimal } from 'decimal.js';
import { isCurrency } from '../../../../../shared/currencies.ts';
import { ValidationError, type FieldIssue } from '../../../../../shared/errors.ts';
import { roundMoney, toAmountString } from '../../../../../shared/money.ts';
import { totalsOfNets, type DocumentTotals, type TaxGroup } from '../../../../../shared/totals.ts';
import { couponProblem, couponStep, documentDiscountStep, formatUnitPrice, isIsoDate, lineNetStep, readDecimal, resolveUnitPrice } from './pricing-steps.ts';

export type { DocumentTotals, TaxGroup };

/** A volume price: from minQuantity on, this unit price (per currency). */
export interface PriceTier {
  minQuantity: string;
  unitPrice: Record<string, string>;
}

export interface PriceAgreement {
  /** Per product id: a fixed unit price per currency (wins), or a discount percent on the list price, and/or own tiers. */
  prices?: Record<string, { unitPrice?: Record<string, string>; discountPercent?: string; tiers?: PriceTier[] }>;
}

export interface ProductPricing {
  id: string;
  /** List price per currency code. */
  listPrices: Record<string, string>;
  tiers?: PriceTier[];
}

export interface PricingLineInput {
  productId: string;
  quantity: string;
  /** Explicit unit price from the salesperson: replaces list, agreement and tier price. */
  unitPrice?: string;
  /** Line discount, 0..100. */
  discountPercent?: string;
  vatRate: string;
}

export interface Coupon {
  code: string;
  type: 'percent' | 'amount';
  /** Percent (0 < value ≤ 100) or an amount in `currency`. */
  value: string;
  /** First day of validity, ISO date, inclusive. */
  validFrom?: string;
  /** Last day of validity, ISO date, inclusive. */
  validUntil?: string;
  usageLimit?: number;
  timesUsed: number;
  /** Required for amount coupons; restricts a percent coupon to this currency. */
  currency?: string;
}

export interface PricingInput {
  currency: string;
  /** The document date (ISO YYYY-MM-DD) the coupon is checked against; the engine never reads the clock. */
  today: string;
  lines: PricingLineInput[];
  products: Map<string, ProductPricing>;
  agreement?: PriceAgreement | null;
  /** Document discount, 0..100. */
  documentDiscountPercent?: string;
  coupon?: Coupon | null;
  shipping?: { amount: string; vatRate: string } | null;
}

export type PriceSource = 'list' | 'manual' | 'agreement' | 'tier';

export interface PricedLineResult {
  /** The product's list price in the document currency, if it has one (also shown for manual prices). */
  listPrice: string | null;
  unitPrice: string;
  priceSource: PriceSource;
  discountPercent: string;
  /** After the line discount (step 4). */
  lineNet: string;
  /** This line's share of the document discount (step 5). */
  documentDiscount: string;
  /** This line's share of the coupon (step 6). */
  couponDiscount: string;
  /** lineNet − documentDiscount − couponDiscount. */
  net: string;
  vatRate: string;
}

export interface PricingResult {
  lines: PricedLineResult[];
  shipping: { net: string; vatRate: string } | null;
  documentDiscount: string;
  couponDiscount: string;
  /** lineNets: the final net of each line, followed by the shipping net if there is shipping. */
  totals: DocumentTotals;
}

interface LineDraft {
  listPrice: Decimal | null;
  unitPrice: Decimal;
  source: PriceSource;
  discountPercent: Decimal;
  lineNet: Decimal;
  vatRate: Decimal;
}

/** Steps 1–4 for one line; records issues under `lines[i].…` and returns null if the line cannot be priced. */
function priceLine(line: PricingLineInput, i: number, input: PricingInput, issues: FieldIssue[]): LineDraft | null {
  const at = `lines[${i}]`;
  const before = issues.length;
  const quantity = readDecimal(line.quantity, `${at}.quantity`, issues, { positive: true });
  const discountPercent = readDecimal(line.discountPercent ?? '0', `${at}.discountPercent`, issues, { max: 100 });
  const vatRate = readDecimal(line.vatRate, `${at}.vatRate`, issues, { max: 100 });
  const manual = line.unitPrice === undefined ? null : readDecimal(line.unitPrice, `${at}.unitPrice`, issues);
  const product = input.products.get(line.productId);
  if (!product) issues.push({ field: `${at}.productId`, message: `unknown product ${line.productId}` });
  if (issues.length > before || !product || !quantity || !discountPercent || !vatRate) return null;
  const { listPrice, unitPrice, source } = resolveUnitPrice(product, quantity, manual, input.agreement, input.currency);
  if (unitPrice === null) {
    issues.push({ field: `${at}.unitPrice`, message: `product ${product.id} has no list price in ${input.currency}; give unitPrice` });
    return null;
  }
  const lineNet = lineNetStep(quantity, unitPrice, discountPercent, input.currency);
  return { listPrice, unitPrice, source, discountPercent, lineNet, vatRate };
}

/** Prices a document: steps 1–7 and VAT per rate group. Throws ValidationError listing every invalid field. */
export function priceDocument(input: PricingInput): PricingResult {
  const { currency } = input;
  if (!isCurrency(currency)) {
    throw new ValidationError(`invalid currency: unknown ISO 4217 code ${currency}`, [{ field: 'currency', message: 'unknown ISO 4217 currency code' }]);
  }
  const issues: FieldIssue[] = [];
  if (!isIsoDate(input.today)) issues.push({ field: 'today', message: 'must be an ISO date (YYYY-MM-DD)' });
  const docPercent = readDecimal(input.documentDiscountPercent ?? '0', 'documentDiscountPercent', issues, { max: 100 });
  const shipping = input.shipping
    ? {
        amount: readDecimal(input.shipping.amount, 'shipping.amount', issues),
        vatRate: readDecimal(input.shipping.vatRate, 'shipping.vatRate', issues, { max: 100 }),
      }
    : null;
  const drafts = input.lines.map((line, i) => priceLine(line, i, input, issues));
  const coupon = input.coupon ?? null;
  if (coupon && isIsoDate(input.today)) {
    const problem = couponProblem(coupon, input.today, currency);
    if (problem) issues.push({ field: 'couponCode', message: problem });
  }
  if (issues.length) throw new ValidationError(`invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);

  const lines = drafts as LineDraft[];
  const lineNets = lines.map((l) => l.lineNet);
  const zero = (): Decimal[] => lines.map(() => new Decimal(0));
  // Step 5: document discount on the line nets.
  const doc = docPercent && !docPercent.isZero() ? documentDiscountStep(lineNets, docPercent, currency) : { amount: new Decimal(0), shares: zero() };
  const afterDoc = lineNets.map((n, i) => n.minus(doc.shares[i]!));
  // Step 6: coupon on the nets after the document discount.
  const cpn = coupon ? couponStep(coupon, afterDoc, currency) : { amount: new Decimal(0), shares: zero() };
  const finalNets = afterDoc.map((n, i) => n.minus(cpn.shares[i]!));
  // Step 7: shipping, its own charge line, not discounted.
  const shippingLine = shipping ? { net: roundMoney(shipping.amount!, currency), vatRate: shipping.vatRate!.toString() } : null;

  const money = (d: Decimal): string => toAmountString(d, currency);
  const items = lines.map((l, i) => ({ net: money(finalNets[i]!), vatRate: l.vatRate.toString() }));
  const charges = shippingLine ? [{ net: money(shippingLine.net), vatRate: shippingLine.vatRate }] : [];
  return {
    lines: lines.map((l, i) => ({
      listPrice: l.listPrice === null ? null : formatUnitPrice(l.listPrice, currency),
      unitPrice: formatUnitPrice(l.unitPrice, currency),
      priceSource: l.source,
      discountPercent: l.discountPercent.toFixed(),
      lineNet: money(l.lineNet),
      documentDiscount: money(doc.shares[i]!),
      couponDiscount: money(cpn.shares[i]!),
      net: items[i]!.net,
      vatRate: items[i]!.vatRate,
    })),
    shipping: charges[0] ?? null,
    documentDiscount: money(doc.amount),
    couponDiscount: money(cpn.amount),
    totals: totalsFromNets([...items, ...charges], currency),
  };
}

/**
 * Totals of items whose nets are final (already discounted), in the shape of
 * computeTotals: VAT once per rate on the net sum of that rate group (German
 * practice), groups ordered by rate, highest first; lineNets in item order.
 */
export function totalsFromNets(items: { net: string; vatRate: string }[], currency: string): DocumentTotals {
  return totalsOfNets(
    items.map((item) => ({ net: roundMoney(item.net, currency), vatRate: item.vatRate })),
    currency,
  );
}
