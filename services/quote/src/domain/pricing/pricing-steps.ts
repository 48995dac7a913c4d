/**
 * The steps of the pricing engine (see pricing-engine.ts for the order
 * and the rounding points). Each step is a pure function on exact decimals;
 * nothing here reads the clock or touches a binary float.
 */
import { Decimal } from 'decimal.js';
import { minorUnits } from '../../../../../shared/currencies.ts';
import { allocate, roundMoney, sum } from '../../../../../shared/money.ts';
import type { FieldIssue } from '../../../../../shared/errors.ts';
import type { Coupon, PriceAgreement, PriceSource, PriceTier, ProductPricing } from './pricing-engine.ts';

/**
 * Intermediate products (quantity × unit price × discount factor) are
 * computed with ample precision, so that the only rounding a line sees is the
 * explicit one to the currency's minor unit.
 */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

const DECIMAL = /^\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HUNDRED = new Decimal(100);

// ---------------------------------------------------------------- input checks

/**
 * Reads a non-negative decimal given as a string (JSON numbers are refused so
 * no float ever carries money). Records an issue and returns null if invalid.
 */
export function readDecimal(value: unknown, field: string, issues: FieldIssue[], limits: { positive?: boolean; max?: Decimal.Value } = {}): Decimal | null {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    issues.push({ field, message: 'must be a non-negative decimal number as a string, e.g. "12.50"' });
    return null;
  }
  const d = new Decimal(value);
  if (limits.positive && d.isZero()) {
    issues.push({ field, message: 'must be greater than zero' });
    return null;
  }
  if (limits.max !== undefined && d.gt(limits.max)) {
    issues.push({ field, message: `must not be greater than ${new Decimal(limits.max).toString()}` });
    return null;
  }
  return d;
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** A unit price shown with at least the currency's digits, more if it has them: "289.00", "9.9975", JPY "333.33". */
export function formatUnitPrice(price: Decimal, currency: string): string {
  const digits = minorUnits(currency);
  return price.decimalPlaces() > digits ? price.toFixed() : price.toFixed(digits);
}

// ------------------------------------------------------------ steps 1–3: unit price

/** Step 1: the list price of the product in the document currency, or null if it has none. */
export function listPriceStep(product: ProductPricing, currency: string): Decimal | null {
  const price = product.listPrices[currency];
  return price === undefined ? null : new Decimal(price);
}

/**
 * Step 2: the customer's price agreement for the product. A fixed unit price
 * in the document currency wins over a discount percent; a discount percent
 * (> 0) reduces the list price and is kept exact (not rounded: rounding
 * happens once, on the line net). Returns null if the agreement sets no price.
 */
export function agreementStep(agreement: PriceAgreement | null | undefined, productId: string, listPrice: Decimal | null, currency: string): Decimal | null {
  const entry = agreement?.prices?.[productId];
  if (!entry) return null;
  const fixed = entry.unitPrice?.[currency];
  if (fixed !== undefined) return new Decimal(fixed);
  if (entry.discountPercent !== undefined && listPrice !== null && !new Decimal(entry.discountPercent).isZero()) {
    return new Exact(listPrice).times(HUNDRED.minus(entry.discountPercent)).div(HUNDRED);
  }
  return null;
}

/**
 * Step 3: the tier (volume) price. The tiers are the agreement's for the
 * product if it has any, else the product's; tiers without a price in the
 * document currency are ignored. The tier with the highest minQuantity ≤
 * quantity applies only if its price is lower than the price so far.
 */
export function tierStep(
  agreement: PriceAgreement | null | undefined,
  product: ProductPricing,
  quantity: Decimal,
  currency: string,
  priceSoFar: Decimal,
): Decimal | null {
  const agreed = agreement?.prices?.[product.id]?.tiers;
  const tiers: PriceTier[] = agreed && agreed.length > 0 ? agreed : (product.tiers ?? []);
  let best: { min: Decimal; price: Decimal } | null = null;
  for (const tier of tiers) {
    const price = tier.unitPrice[currency];
    if (price === undefined) continue;
    const min = new Decimal(tier.minQuantity);
    if (min.lte(quantity) && (best === null || min.gt(best.min))) best = { min, price: new Decimal(price) };
  }
  return best !== null && best.price.lt(priceSoFar) ? best.price : null;
}

/**
 * Steps 1–3 together: the unit price of a line and where it came from. An
 * explicit (manual) price replaces all three steps. Returns a null unit price
 * if there is nothing to start from (no list price and no fixed agreement price).
 */
export function resolveUnitPrice(
  product: ProductPricing,
  quantity: Decimal,
  manual: Decimal | null,
  agreement: PriceAgreement | null | undefined,
  currency: string,
): { listPrice: Decimal | null; unitPrice: Decimal | null; source: PriceSource } {
  const listPrice = listPriceStep(product, currency);
  if (manual !== null) return { listPrice, unitPrice: manual, source: 'manual' };
  let unitPrice = listPrice;
  let source: PriceSource = 'list';
  const agreed = agreementStep(agreement, product.id, listPrice, currency);
  if (agreed !== null) {
    unitPrice = agreed;
    source = 'agreement';
  }
  if (unitPrice === null) return { listPrice, unitPrice: null, source };
  const tier = tierStep(agreement, product, quantity, currency, unitPrice);
  if (tier !== null) {
    unitPrice = tier;
    source = 'tier';
  }
  return { listPrice, unitPrice, source };
}

// --------------------------------------------------------------- step 4: line net

/** Step 4: quantity × unit price × (1 − line discount), rounded once to the minor unit (half up). */
export function lineNetStep(quantity: Decimal, unitPrice: Decimal, discountPercent: Decimal, currency: string): Decimal {
  return roundMoney(new Exact(quantity).times(unitPrice).times(HUNDRED.minus(discountPercent)).div(HUNDRED), currency);
}

// ------------------------------------------------------- steps 5 and 6: discounts

/**
 * Splits an already rounded document-level amount over the lines in
 * proportion to their nets (largest remainder), so the parts add up exactly
 * and each VAT rate group shrinks by its share. Never takes more from a line
 * than its net as long as the amount does not exceed the sum of the nets.
 */
export function splitOverLines(amount: Decimal, nets: Decimal[], currency: string): Decimal[] {
  if (amount.isZero() || sum(nets).isZero()) return nets.map(() => new Decimal(0));
  return allocate(amount, nets, currency);
}

/** Step 5: the document discount on the sum of the line nets, rounded to the minor unit, split over the lines. */
export function documentDiscountStep(nets: Decimal[], percent: Decimal, currency: string): { amount: Decimal; shares: Decimal[] } {
  const amount = roundMoney(new Exact(sum(nets)).times(percent).div(HUNDRED), currency);
  return { amount, shares: splitOverLines(amount, nets, currency) };
}

/**
 * Checks a coupon against the document: its value, the validity window
 * (validFrom and validUntil both inclusive, compared as ISO dates with the
 * document date `today`), the usage limit (this use is number timesUsed + 1)
 * and the currency (an amount coupon must name the document currency; a
 * percent coupon may be restricted to one). Returns the reason it fails, or null.
 */
export function couponProblem(coupon: Coupon, today: string, currency: string): string | null {
  const label = `coupon ${coupon.code}`;
  if (typeof coupon.code !== 'string' || coupon.code.trim() === '') return 'coupon without a code';
  if (coupon.type !== 'percent' && coupon.type !== 'amount') return `${label} has an unknown type`;
  const valueIssues: FieldIssue[] = [];
  readDecimal(coupon.value, 'value', valueIssues, { positive: true, ...(coupon.type === 'percent' ? { max: 100 } : {}) });
  if (valueIssues.length) return `${label} has an invalid value: ${valueIssues[0]!.message}`;
  if (coupon.validFrom !== undefined && !isIsoDate(coupon.validFrom)) return `${label} has an invalid validFrom`;
  if (coupon.validUntil !== undefined && !isIsoDate(coupon.validUntil)) return `${label} has an invalid validUntil`;
  if (coupon.validFrom !== undefined && today < coupon.validFrom) return `${label} is not valid before ${coupon.validFrom}`;
  if (coupon.validUntil !== undefined && today > coupon.validUntil) return `${label} expired on ${coupon.validUntil}`;
  if (coupon.usageLimit !== undefined && coupon.timesUsed >= coupon.usageLimit) {
    return `${label} is used up (${coupon.timesUsed} of ${coupon.usageLimit} uses)`;
  }
  if (coupon.type === 'amount' && coupon.currency === undefined) return `${label} is an amount without a currency`;
  if (coupon.currency !== undefined && coupon.currency !== currency) return `${label} is only valid in ${coupon.currency}, not in ${currency}`;
  return null;
}

/**
 * Step 6: the coupon discount on the nets after the document discount. A
 * percent coupon is rounded to the minor unit; an amount coupon is capped at
 * the net so the total never turns negative. Split over the lines like step 5.
 */
export function couponStep(coupon: Coupon, nets: Decimal[], currency: string): { amount: Decimal; shares: Decimal[] } {
  const base = sum(nets);
  const amount =
    coupon.type === 'percent' ? roundMoney(new Exact(base).times(coupon.value).div(HUNDRED), currency) : Decimal.min(roundMoney(coupon.value, currency), base);
  return { amount, shares: splitOverLines(amount, nets, currency) };
}
