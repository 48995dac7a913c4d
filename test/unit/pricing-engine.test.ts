import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { priceDocument, totalsFromNets } from '../../services/quote/src/domain/pricing/pricing-engine.ts';
import type {
  Coupon,
  PriceAgreement,
  PricingInput,
  PricingLineInput,
  PricingResult,
  ProductPricing,
} from '../../services/quote/src/domain/pricing/pricing-engine.ts';
import { computeTotals } from '../../shared/totals.ts';
import { ValidationError } from '../../shared/errors.ts';
import { minorUnits } from '../../shared/currencies.ts';
import { prng as rng } from '../helpers/prng.ts';

// ------------------------------------------------------------------ fixtures

const chair: ProductPricing = {
  id: 'chair',
  listPrices: { EUR: '100.00', JPY: '15000', KWD: '30.500' },
  tiers: [
    { minQuantity: '10', unitPrice: { EUR: '90.00' } },
    { minQuantity: '50', unitPrice: { EUR: '80.00' } },
  ],
};
const book: ProductPricing = { id: 'book', listPrices: { EUR: '24.90' } };
const widget: ProductPricing = { id: 'widget', listPrices: { EUR: '3.33', JPY: '333.33', KWD: '1.2345' } };
const unpriced: ProductPricing = { id: 'unpriced', listPrices: {} };
const products = new Map([chair, book, widget, unpriced].map((p) => [p.id, p]));

const TODAY = '2026-03-15';

function line(productId: string, quantity: string, extra: Partial<PricingLineInput> = {}): PricingLineInput {
  return { productId, quantity, vatRate: '19', ...extra };
}

function price(lines: PricingLineInput[], extra: Partial<PricingInput> = {}): PricingResult {
  return priceDocument({ currency: 'EUR', today: TODAY, lines, products, ...extra });
}

function coupon(extra: Partial<Coupon> = {}): Coupon {
  return { code: 'SPRING', type: 'percent', value: '10', timesUsed: 0, ...extra };
}

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

function fields(fn: () => unknown): string[] {
  return (thrown(fn).issues ?? []).map((i) => i.field);
}

const total = (values: string[]): string => values.reduce((acc, v) => acc.plus(v), new Decimal(0)).toFixed();

// -------------------------------------------------------------- steps 1–3

describe('step 1: list price in the document currency, or the manual price', () => {
  it.each([
    { name: 'list price EUR', l: line('chair', '2'), currency: 'EUR', listPrice: '100.00', unitPrice: '100.00', source: 'list', lineNet: '200.00' },
    { name: 'list price JPY', l: line('chair', '2'), currency: 'JPY', listPrice: '15000', unitPrice: '15000', source: 'list', lineNet: '30000' },
    { name: 'list price KWD', l: line('chair', '2'), currency: 'KWD', listPrice: '30.500', unitPrice: '30.500', source: 'list', lineNet: '61.000' },
    {
      name: 'list price with more digits than the currency',
      l: line('widget', '1'),
      currency: 'KWD',
      listPrice: '1.2345',
      unitPrice: '1.2345',
      source: 'list',
      lineNet: '1.235',
    },
    {
      name: 'manual price wins and keeps the list price for reference',
      l: line('chair', '1', { unitPrice: '95.5' }),
      currency: 'EUR',
      listPrice: '100.00',
      unitPrice: '95.50',
      source: 'manual',
      lineNet: '95.50',
    },
    {
      name: 'manual price needs no list price',
      l: line('unpriced', '3', { unitPrice: '0.125' }),
      currency: 'EUR',
      listPrice: null,
      unitPrice: '0.125',
      source: 'manual',
      lineNet: '0.38',
    },
    {
      name: 'manual price skips tiers',
      l: line('chair', '50', { unitPrice: '99' }),
      currency: 'EUR',
      listPrice: '100.00',
      unitPrice: '99.00',
      source: 'manual',
      lineNet: '4950.00',
    },
  ])('$name', ({ l, currency, listPrice, unitPrice, source, lineNet }) => {
    expect(price([l], { currency }).lines[0]).toMatchObject({ listPrice, unitPrice, priceSource: source, lineNet, net: lineNet });
  });

  it('a manual price replaces the agreement too', () => {
    const agreement: PriceAgreement = { prices: { chair: { unitPrice: { EUR: '70' } } } };
    expect(price([line('chair', '1', { unitPrice: '99' })], { agreement }).lines[0]).toMatchObject({ unitPrice: '99.00', priceSource: 'manual' });
  });
});

describe('step 2: customer price agreement', () => {
  it.each<{
    name: string;
    entry: NonNullable<PriceAgreement['prices']>[string];
    id?: string;
    quantity?: string;
    unitPrice: string;
    source: string;
    lineNet: string;
  }>([
    { name: 'fixed price', entry: { unitPrice: { EUR: '85' } }, unitPrice: '85.00', source: 'agreement', lineNet: '85.00' },
    { name: 'discount percent on the list price', entry: { discountPercent: '10' }, unitPrice: '90.00', source: 'agreement', lineNet: '90.00' },
    { name: 'fixed wins over percent', entry: { unitPrice: { EUR: '85' }, discountPercent: '50' }, unitPrice: '85.00', source: 'agreement', lineNet: '85.00' },
    {
      name: 'fixed only in another currency: percent applies',
      entry: { unitPrice: { USD: '10' }, discountPercent: '25' },
      unitPrice: '75.00',
      source: 'agreement',
      lineNet: '75.00',
    },
    {
      name: 'percent keeps the exact unit price, rounding on the line net',
      id: 'book',
      quantity: '3',
      entry: { discountPercent: '12.5' },
      unitPrice: '21.7875',
      source: 'agreement',
      lineNet: '65.36',
    }, // 65.3625
    { name: 'a 0 % agreement leaves the list price', entry: { discountPercent: '0' }, unitPrice: '100.00', source: 'list', lineNet: '100.00' },
    { name: 'an entry without price leaves the list price', entry: {}, unitPrice: '100.00', source: 'list', lineNet: '100.00' },
    {
      name: 'fixed price for a product without list price',
      id: 'unpriced',
      entry: { unitPrice: { EUR: '12.345' } },
      unitPrice: '12.345',
      source: 'agreement',
      lineNet: '12.35',
    },
  ])('$name', ({ entry, id = 'chair', quantity = '1', unitPrice, source, lineNet }) => {
    const agreement: PriceAgreement = { prices: { [id]: entry } };
    expect(price([line(id, quantity)], { agreement }).lines[0]).toMatchObject({ unitPrice, priceSource: source, lineNet });
  });

  it('an agreement for another product does not apply', () => {
    const agreement: PriceAgreement = { prices: { book: { unitPrice: { EUR: '1' } } } };
    expect(price([line('chair', '1')], { agreement }).lines[0]).toMatchObject({ unitPrice: '100.00', priceSource: 'list' });
  });

  it('a percent agreement needs a list price', () => {
    const agreement: PriceAgreement = { prices: { unpriced: { discountPercent: '10' } } };
    expect(fields(() => price([line('unpriced', '1')], { agreement }))).toEqual(['lines[0].unitPrice']);
  });
});

describe('step 3: tier prices', () => {
  it.each([
    // product tiers: from 10 → 90, from 50 → 80; list 100
    { quantity: '1', unitPrice: '100.00', source: 'list' },
    { quantity: '9', unitPrice: '100.00', source: 'list' },
    { quantity: '9.999', unitPrice: '100.00', source: 'list' },
    { quantity: '10', unitPrice: '90.00', source: 'tier' }, // exactly at minQuantity
    { quantity: '11', unitPrice: '90.00', source: 'tier' },
    { quantity: '49', unitPrice: '90.00', source: 'tier' },
    { quantity: '50', unitPrice: '80.00', source: 'tier' },
    { quantity: '51', unitPrice: '80.00', source: 'tier' },
  ])('quantity $quantity → $unitPrice ($source)', ({ quantity, unitPrice, source }) => {
    const l = price([line('chair', quantity)]).lines[0]!;
    expect(l).toMatchObject({ unitPrice, priceSource: source });
    expect(l.lineNet).toBe(new Decimal(quantity).times(unitPrice).toFixed(2));
  });

  it.each<{ name: string; agreement: PriceAgreement; quantity: string; unitPrice: string; source: string }>([
    {
      name: 'a tier above the agreement price does not apply',
      agreement: { prices: { chair: { unitPrice: { EUR: '70' } } } },
      quantity: '50',
      unitPrice: '70.00',
      source: 'agreement',
    },
    {
      name: 'a tier below the agreement price applies',
      agreement: { prices: { chair: { unitPrice: { EUR: '85' } } } },
      quantity: '50',
      unitPrice: '80.00',
      source: 'tier',
    },
    {
      name: 'a tier equal to the agreement price does not apply',
      agreement: { prices: { chair: { unitPrice: { EUR: '90' } } } },
      quantity: '10',
      unitPrice: '90.00',
      source: 'agreement',
    },
    {
      name: 'a tier above the agreement percent price does not apply',
      agreement: { prices: { chair: { discountPercent: '15' } } },
      quantity: '10',
      unitPrice: '85.00',
      source: 'agreement',
    },
    {
      name: 'a tier below the agreement percent price applies',
      agreement: { prices: { chair: { discountPercent: '15' } } },
      quantity: '50',
      unitPrice: '80.00',
      source: 'tier',
    },
    {
      name: 'agreement tiers replace the product tiers',
      agreement: { prices: { chair: { tiers: [{ minQuantity: '5', unitPrice: { EUR: '95' } }] } } },
      quantity: '50',
      unitPrice: '95.00',
      source: 'tier',
    },
    {
      name: 'agreement tiers below their lowest minQuantity: list price',
      agreement: { prices: { chair: { tiers: [{ minQuantity: '5', unitPrice: { EUR: '95' } }] } } },
      quantity: '4',
      unitPrice: '100.00',
      source: 'list',
    },
    {
      name: 'an empty agreement tier list keeps the product tiers',
      agreement: { prices: { chair: { tiers: [] } } },
      quantity: '10',
      unitPrice: '90.00',
      source: 'tier',
    },
    {
      name: 'the highest applicable minQuantity wins even if unsorted',
      agreement: {
        prices: {
          chair: {
            tiers: [
              { minQuantity: '20', unitPrice: { EUR: '60' } },
              { minQuantity: '5', unitPrice: { EUR: '70' } },
            ],
          },
        },
      },
      quantity: '20',
      unitPrice: '60.00',
      source: 'tier',
    },
  ])('$name', ({ agreement, quantity, unitPrice, source }) => {
    expect(price([line('chair', quantity)], { agreement }).lines[0]).toMatchObject({ unitPrice, priceSource: source });
  });

  it('ignores tiers without a price in the document currency', () => {
    expect(price([line('chair', '50')], { currency: 'JPY' }).lines[0]).toMatchObject({ unitPrice: '15000', priceSource: 'list', lineNet: '750000' });
  });
});

// ------------------------------------------------------------------ step 4

describe('step 4: line discount and line net rounding', () => {
  it.each([
    { currency: 'EUR', id: 'chair', quantity: '3', discount: '10', lineNet: '270.00' },
    { currency: 'EUR', id: 'chair', quantity: '1', discount: '33.33', lineNet: '66.67' },
    { currency: 'EUR', id: 'chair', quantity: '1', discount: '100', lineNet: '0.00' },
    { currency: 'EUR', id: 'chair', quantity: '1', discount: '0.005', lineNet: '100.00' }, // 99.995 half up
    { currency: 'EUR', id: 'chair', quantity: '1', discount: '0.0051', lineNet: '99.99' }, // 99.9949
    { currency: 'EUR', id: 'book', quantity: '2.5', discount: '0', lineNet: '62.25' },
    { currency: 'EUR', id: 'widget', quantity: '3', discount: '0', lineNet: '9.99' },
    { currency: 'JPY', id: 'widget', quantity: '3', discount: '0', lineNet: '1000' }, // 999.99
    { currency: 'JPY', id: 'widget', quantity: '1', discount: '0', lineNet: '333' },
    { currency: 'JPY', id: 'widget', quantity: '1.5', discount: '0', lineNet: '500' }, // 499.995
    { currency: 'KWD', id: 'widget', quantity: '1', discount: '0', lineNet: '1.235' }, // 1.2345 half up
    { currency: 'KWD', id: 'widget', quantity: '2', discount: '10', lineNet: '2.222' }, // 2.2221
  ])('$quantity × $id less $discount % in $currency = $lineNet', ({ currency, id, quantity, discount, lineNet }) => {
    const l = price([line(id, quantity, { discountPercent: discount })], { currency }).lines[0]!;
    expect(l).toMatchObject({ lineNet, net: lineNet, documentDiscount: new Decimal(0).toFixed(minorUnits(currency)) });
  });

  it('normalises the discount percent', () => {
    expect(price([line('chair', '1', { discountPercent: '10.50' })]).lines[0]!.discountPercent).toBe('10.5');
  });
});

// ------------------------------------------------------------------ step 5

describe('step 5: document discount split over the lines', () => {
  it('splits 33.33 % of 30.00 exactly and shrinks each VAT group', () => {
    // 30.00 × 33.33 % = 9.999 → 10.00; 3.333… each → 3.34 (first by largest remainder, then position), 3.33, 3.33
    const r = price(
      [line('widget', '1', { unitPrice: '10' }), line('widget', '1', { unitPrice: '10' }), line('book', '1', { unitPrice: '10', vatRate: '7' })],
      { documentDiscountPercent: '33.33' },
    );
    expect(r.documentDiscount).toBe('10.00');
    expect(r.lines.map((l) => [l.lineNet, l.documentDiscount, l.net])).toEqual([
      ['10.00', '3.34', '6.66'],
      ['10.00', '3.33', '6.67'],
      ['10.00', '3.33', '6.67'],
    ]);
    expect(r.totals).toEqual({
      currency: 'EUR',
      lineNets: ['6.66', '6.67', '6.67'],
      taxGroups: [
        { vatRate: '19', net: '13.33', vat: '2.53', gross: '15.86' }, // 2.5327
        { vatRate: '7', net: '6.67', vat: '0.47', gross: '7.14' }, // 0.4669
      ],
      net: '20.00',
      vat: '3.00',
      gross: '23.00',
    });
  });

  it.each([
    {
      currency: 'EUR',
      percent: '10',
      lines: [line('chair', '1'), line('book', '3', { vatRate: '7' }), line('widget', '7')],
      amount: '19.80',
      shares: ['10.00', '7.47', '2.33'],
    },
    { currency: 'EUR', percent: '3', lines: [line('widget', '1'), line('widget', '1'), line('widget', '1')], amount: '0.30', shares: ['0.10', '0.10', '0.10'] }, // 0.2997 → 0.30
    { currency: 'EUR', percent: '100', lines: [line('chair', '1'), line('book', '1', { vatRate: '7' })], amount: '124.90', shares: ['100.00', '24.90'] },
    { currency: 'EUR', percent: '0', lines: [line('chair', '1')], amount: '0.00', shares: ['0.00'] },
    { currency: 'EUR', percent: '50', lines: [line('chair', '1', { discountPercent: '100' }), line('book', '1')], amount: '12.45', shares: ['0.00', '12.45'] },
    // JPY: 1000 + 333 = 1333 × 10 % = 133.3 → 133; 99.77 / 33.22 → 100, 33
    { currency: 'JPY', percent: '10', lines: [line('widget', '3'), line('widget', '1', { vatRate: '7' })], amount: '133', shares: ['100', '33'] },
    // KWD: 2.222 + 30.500 = 32.722 × 5 % = 1.6361 → 1.636; 0.111091 / 1.524908 → 0.111, 1.525
    { currency: 'KWD', percent: '5', lines: [line('widget', '2', { discountPercent: '10' }), line('chair', '1')], amount: '1.636', shares: ['0.111', '1.525'] },
  ])('$percent % in $currency: $amount split as $shares', ({ currency, percent, lines, amount, shares }) => {
    const r = price(lines, { currency, documentDiscountPercent: percent });
    expect(r.documentDiscount).toBe(amount);
    expect(r.lines.map((l) => l.documentDiscount)).toEqual(shares);
    expect(total(shares)).toBe(new Decimal(amount).toFixed());
    r.lines.forEach((l) => expect(new Decimal(l.lineNet).minus(l.documentDiscount).eq(l.net)).toBe(true));
  });

  it('JPY totals after the document discount', () => {
    const r = price([line('widget', '3'), line('widget', '1', { vatRate: '7' })], { currency: 'JPY', documentDiscountPercent: '10' });
    expect(r.totals).toMatchObject({
      lineNets: ['900', '300'],
      taxGroups: [
        { vatRate: '19', net: '900', vat: '171', gross: '1071' },
        { vatRate: '7', net: '300', vat: '21', gross: '321' },
      ],
      net: '1200',
      vat: '192',
      gross: '1392',
    });
  });

  it('KWD totals after the document discount', () => {
    const r = price([line('widget', '2', { discountPercent: '10' }), line('chair', '1')], { currency: 'KWD', documentDiscountPercent: '5' });
    expect(r.totals).toMatchObject({
      lineNets: ['2.111', '28.975'],
      taxGroups: [{ vatRate: '19', net: '31.086', vat: '5.906', gross: '36.992' }], // 5.90634
      net: '31.086',
      vat: '5.906',
      gross: '36.992',
    });
  });
});

// ------------------------------------------------------------------ step 6

describe('step 6: coupons', () => {
  const lines = [line('chair', '1'), line('book', '2', { vatRate: '7' })]; // 100.00 + 49.80 = 149.80

  it.each<{ name: string; c: Coupon; doc?: string; amount: string; shares: string[]; net: string }>([
    { name: 'percent', c: coupon({ value: '10' }), amount: '14.98', shares: ['10.00', '4.98'], net: '134.82' },
    { name: 'percent after the document discount', c: coupon({ value: '10' }), doc: '10', amount: '13.48', shares: ['9.00', '4.48'], net: '121.34' }, // 134.82 × 10 % = 13.482
    { name: 'amount', c: coupon({ type: 'amount', value: '15', currency: 'EUR' }), amount: '15.00', shares: ['10.01', '4.99'], net: '134.80' }, // 10.0133 / 4.9866
    {
      name: 'amount rounded to the minor unit',
      c: coupon({ type: 'amount', value: '0.005', currency: 'EUR' }),
      amount: '0.01',
      shares: ['0.01', '0.00'],
      net: '149.79',
    },
    {
      name: 'amount larger than the net is capped at the net',
      c: coupon({ type: 'amount', value: '500', currency: 'EUR' }),
      amount: '149.80',
      shares: ['100.00', '49.80'],
      net: '0.00',
    },
    {
      name: 'amount capped at the net after the document discount',
      c: coupon({ type: 'amount', value: '500', currency: 'EUR' }),
      doc: '50',
      amount: '74.90',
      shares: ['50.00', '24.90'],
      net: '0.00',
    },
    { name: 'valid on its first day', c: coupon({ validFrom: TODAY }), amount: '14.98', shares: ['10.00', '4.98'], net: '134.82' },
    { name: 'valid on its last day', c: coupon({ validUntil: TODAY }), amount: '14.98', shares: ['10.00', '4.98'], net: '134.82' },
    {
      name: 'within its window and under its limit',
      c: coupon({ validFrom: '2026-01-01', validUntil: '2026-12-31', usageLimit: 5, timesUsed: 4 }),
      amount: '14.98',
      shares: ['10.00', '4.98'],
      net: '134.82',
    },
    { name: 'percent coupon restricted to the document currency', c: coupon({ currency: 'EUR' }), amount: '14.98', shares: ['10.00', '4.98'], net: '134.82' },
  ])('$name', ({ c, doc, amount, shares, net }) => {
    const r = price(lines, { coupon: c, ...(doc ? { documentDiscountPercent: doc } : {}) });
    expect(r.couponDiscount).toBe(amount);
    expect(r.lines.map((l) => l.couponDiscount)).toEqual(shares);
    expect(total(shares)).toBe(new Decimal(amount).toFixed());
    expect(r.totals.net).toBe(net);
    r.lines.forEach((l) => {
      expect(new Decimal(l.lineNet).minus(l.documentDiscount).minus(l.couponDiscount).eq(l.net)).toBe(true);
      expect(new Decimal(l.net).isNegative()).toBe(false);
    });
  });

  it('an amount coupon larger than the net leaves only shipping to pay', () => {
    const r = price(lines, { coupon: coupon({ type: 'amount', value: '1000', currency: 'EUR' }), shipping: { amount: '4.90', vatRate: '19' } });
    expect(r.totals).toMatchObject({ net: '4.90', vat: '0.93', gross: '5.83' });
    expect(r.lines.map((l) => l.net)).toEqual(['0.00', '0.00']);
  });

  it.each<{ name: string; c: Coupon; message: RegExp }>([
    { name: 'expired', c: coupon({ validUntil: '2026-03-14' }), message: /expired on 2026-03-14/ },
    { name: 'not yet valid', c: coupon({ validFrom: '2026-03-16' }), message: /not valid before 2026-03-16/ },
    { name: 'exhausted', c: coupon({ usageLimit: 3, timesUsed: 3 }), message: /used up/ },
    { name: 'over-exhausted', c: coupon({ usageLimit: 0, timesUsed: 0 }), message: /used up/ },
    { name: 'amount in the wrong currency', c: coupon({ type: 'amount', value: '10', currency: 'USD' }), message: /only valid in USD/ },
    { name: 'percent restricted to another currency', c: coupon({ currency: 'CHF' }), message: /only valid in CHF/ },
    { name: 'amount without a currency', c: coupon({ type: 'amount', value: '10' }), message: /without a currency/ },
    { name: 'percent over 100', c: coupon({ value: '101' }), message: /invalid value/ },
    { name: 'zero value', c: coupon({ value: '0' }), message: /invalid value/ },
    { name: 'negative amount', c: coupon({ type: 'amount', value: '-5', currency: 'EUR' }), message: /invalid value/ },
    { name: 'value as a float', c: coupon({ value: 10 as unknown as string }), message: /invalid value/ },
    { name: 'unknown type', c: coupon({ type: 'gift' as Coupon['type'] }), message: /unknown type/ },
    { name: 'malformed date', c: coupon({ validUntil: '31.12.2026' }), message: /invalid validUntil/ },
    { name: 'empty code', c: coupon({ code: ' ' }), message: /without a code/ },
  ])('$name → ValidationError on couponCode', ({ c, message }) => {
    const err = thrown(() => price(lines, { coupon: c }));
    expect(err.status).toBe(422);
    expect(err.issues).toEqual([{ field: 'couponCode', message: expect.stringMatching(message) }]);
  });

  it('a null coupon is no coupon', () => {
    expect(price(lines, { coupon: null }).couponDiscount).toBe('0.00');
  });
});

// ------------------------------------------------------------------ step 7

describe('step 7: shipping as its own charge line', () => {
  it('adds shipping to its own VAT group and never discounts it', () => {
    const r = price([line('book', '2', { vatRate: '7' })], {
      shipping: { amount: '4.90', vatRate: '19' },
      documentDiscountPercent: '50',
      coupon: coupon({ value: '10' }),
    });
    // 49.80 − 24.90 = 24.90 − 2.49 = 22.41
    expect(r.shipping).toEqual({ net: '4.90', vatRate: '19' });
    expect(r.lines[0]).toMatchObject({ lineNet: '49.80', documentDiscount: '24.90', couponDiscount: '2.49', net: '22.41' });
    expect(r.totals).toEqual({
      currency: 'EUR',
      lineNets: ['22.41', '4.90'],
      taxGroups: [
        { vatRate: '19', net: '4.90', vat: '0.93', gross: '5.83' }, // 0.931
        { vatRate: '7', net: '22.41', vat: '1.57', gross: '23.98' }, // 1.5687
      ],
      net: '27.31',
      vat: '2.50',
      gross: '29.81',
    });
  });

  it.each([
    { currency: 'EUR', amount: '4.9', rate: '7', net: '4.90', group7: '29.80' },
    { currency: 'EUR', amount: '0', rate: '7', net: '0.00', group7: '24.90' },
    { currency: 'EUR', amount: '4.995', rate: '7', net: '5.00', group7: '29.90' },
  ])('shipping $amount at $rate % in $currency joins the group of its rate', ({ currency, amount, rate, net, group7 }) => {
    const r = price([line('book', '1', { vatRate: '7' })], { currency, shipping: { amount, vatRate: rate } });
    expect(r.shipping).toEqual({ net, vatRate: rate });
    expect(r.totals.taxGroups).toEqual([expect.objectContaining({ vatRate: '7', net: group7 })]);
  });

  it('JPY shipping', () => {
    const r = price([line('widget', '3')], { currency: 'JPY', shipping: { amount: '500', vatRate: '10' } });
    expect(r.totals).toMatchObject({ net: '1500', vat: '240', gross: '1740' }); // 190 + 50
  });
});

// ------------------------------------------------------- combined and errors

describe('all steps combined', () => {
  it('agreement, tier, line discount, document discount, coupon and shipping on one document', () => {
    const agreement: PriceAgreement = { prices: { chair: { discountPercent: '5' }, book: { unitPrice: { EUR: '22.00' } } } };
    const r = price(
      [
        line('chair', '12', { discountPercent: '2' }), // agreement 95, tier 90 wins: 1080 × 0.98 = 1058.40
        line('book', '10', { vatRate: '7' }), // fixed 22 = 220.00
        line('widget', '3', { unitPrice: '2.999' }), // manual: 8.997 → 9.00
      ],
      {
        agreement,
        documentDiscountPercent: '3',
        coupon: coupon({ type: 'amount', value: '20', currency: 'EUR' }),
        shipping: { amount: '9.90', vatRate: '19' },
      },
    );
    expect(r.lines.map((l) => [l.unitPrice, l.priceSource, l.lineNet])).toEqual([
      ['90.00', 'tier', '1058.40'],
      ['22.00', 'agreement', '220.00'],
      ['2.999', 'manual', '9.00'],
    ]);
    // 1287.40 × 3 % = 38.622 → 38.62 → 31.751… / 6.599… / 0.269… → 31.75, 6.60, 0.27
    expect(r.documentDiscount).toBe('38.62');
    expect(r.lines.map((l) => l.documentDiscount)).toEqual(['31.75', '6.60', '0.27']);
    // 1248.78: 20 → 16.44… / 3.42… / 0.139… → 16.44, 3.42, 0.14
    expect(r.couponDiscount).toBe('20.00');
    expect(r.lines.map((l) => l.couponDiscount)).toEqual(['16.44', '3.42', '0.14']);
    expect(r.lines.map((l) => l.net)).toEqual(['1010.21', '209.98', '8.59']);
    expect(r.totals).toEqual({
      currency: 'EUR',
      lineNets: ['1010.21', '209.98', '8.59', '9.90'],
      taxGroups: [
        { vatRate: '19', net: '1028.70', vat: '195.45', gross: '1224.15' }, // 195.453
        { vatRate: '7', net: '209.98', vat: '14.70', gross: '224.68' }, // 14.6986
      ],
      net: '1238.68',
      vat: '210.15',
      gross: '1448.83',
    });
  });

  it('an empty document costs nothing but shipping', () => {
    const r = price([], {
      documentDiscountPercent: '10',
      coupon: coupon({ type: 'amount', value: '5', currency: 'EUR' }),
      shipping: { amount: '5', vatRate: '19' },
    });
    expect(r).toMatchObject({ lines: [], documentDiscount: '0.00', couponDiscount: '0.00', totals: { net: '5.00', vat: '0.95', gross: '5.95' } });
  });
});

describe('validation', () => {
  it.each<{ name: string; input: Partial<PricingInput>; lines?: PricingLineInput[]; fields: string[] }>([
    { name: 'unknown product', lines: [line('chair', '1'), line('ghost', '1')], input: {}, fields: ['lines[1].productId'] },
    { name: 'no list price and no unit price', lines: [line('unpriced', '1')], input: {}, fields: ['lines[0].unitPrice'] },
    { name: 'no list price in the currency', lines: [line('book', '1')], input: { currency: 'JPY' }, fields: ['lines[0].unitPrice'] },
    {
      name: 'every bad line at once',
      lines: [line('ghost', '1'), line('chair', '0'), line('chair', '1', { discountPercent: '101' }), line('chair', '1', { unitPrice: '-1' })],
      input: {},
      fields: ['lines[0].productId', 'lines[1].quantity', 'lines[2].discountPercent', 'lines[3].unitPrice'],
    },
    { name: 'quantity as a float', lines: [line('chair', 2 as unknown as string)], input: {}, fields: ['lines[0].quantity'] },
    { name: 'bad VAT rate', lines: [line('chair', '1', { vatRate: 'x' })], input: {}, fields: ['lines[0].vatRate'] },
    { name: 'document discount over 100', input: { documentDiscountPercent: '100.01' }, fields: ['documentDiscountPercent'] },
    { name: 'negative shipping', input: { shipping: { amount: '-1', vatRate: '19' } }, fields: ['shipping.amount'] },
    { name: 'malformed date', input: { today: '15.03.2026' }, fields: ['today'] },
    {
      name: 'line and coupon issues together',
      lines: [line('ghost', '1')],
      input: { coupon: coupon({ validUntil: '2020-01-01' }) },
      fields: ['lines[0].productId', 'couponCode'],
    },
  ])('$name', ({ input, lines = [line('chair', '1')], fields: expected }) => {
    expect(fields(() => price(lines, input))).toEqual(expected);
  });

  it('unknown currency', () => {
    expect(fields(() => price([line('chair', '1')], { currency: 'QQQ' }))).toEqual(['currency']);
  });
});

describe('totalsFromNets', () => {
  it('has the shape and the numbers of computeTotals', () => {
    const lines = [
      { quantity: '2', unitPrice: '289.00', discountPercent: '0', vatRate: '19' },
      { quantity: '1', unitPrice: '749.00', discountPercent: '10', vatRate: '19' },
      { quantity: '3', unitPrice: '24.90', discountPercent: '0', vatRate: '7' },
      { quantity: '1', unitPrice: '100', discountPercent: '0', vatRate: '0' },
    ];
    const expected = computeTotals(lines, 'EUR');
    expect(
      totalsFromNets(
        expected.lineNets.map((net, i) => ({ net, vatRate: lines[i]!.vatRate })),
        'EUR',
      ),
    ).toEqual(expected);
  });

  it('rounds VAT per group, not per line', () => {
    const t = totalsFromNets(
      [
        { net: '0.03', vatRate: '19' },
        { net: '0.03', vatRate: '19' },
        { net: '0.03', vatRate: '19.0' },
      ],
      'EUR',
    );
    expect(t.taxGroups).toEqual([{ vatRate: '19', net: '0.09', vat: '0.02', gross: '0.11' }]); // per line: 3 × 0.01
  });
});

// ------------------------------------------------------------ property loop

describe('properties over pseudo-random documents', () => {
  const random = rng(20260315);
  const int = (max: number): number => Math.floor(random() * (max + 1));
  const pick = <T>(values: readonly T[]): T => values[int(values.length - 1)]!;
  /** A decimal string built from integers (never from a float), 0..maxInt with up to `digits` decimals. */
  const decimalOf = (maxInt: number, digits: number): string => new Decimal(int(maxInt * 10 ** digits)).div(10 ** digits).toFixed();
  /** The same, but greater than zero. */
  const positiveOf = (maxInt: number, digits: number): string => new Decimal(1 + int(maxInt * 10 ** digits - 1)).div(10 ** digits).toFixed();

  const cases = Array.from({ length: 400 }, (_, n) => {
    const currency = pick(['EUR', 'JPY', 'KWD'] as const);
    const lines = Array.from({ length: 1 + int(6) }, () => {
      const kind = int(3); // 0: chair (tiers), 1: widget (list), 2–3: manual price
      return line(kind === 0 ? 'chair' : 'widget', pick(['1', '2', '3', '7', '10', '50', positiveOf(20, 3)]), {
        vatRate: pick(['19', '7', '0']),
        ...(kind >= 2 ? { unitPrice: decimalOf(500, 4) } : {}),
        ...(int(1) ? { discountPercent: decimalOf(100, 2) } : {}),
      });
    });
    const input: PricingInput = {
      currency,
      today: TODAY,
      lines,
      products,
      ...(int(1) ? { documentDiscountPercent: decimalOf(100, 2) } : {}),
      ...(int(1) ? { coupon: int(1) ? coupon({ value: positiveOf(100, 1) }) : coupon({ type: 'amount', value: positiveOf(3000, 3), currency }) } : {}),
      ...(int(1) ? { shipping: { amount: decimalOf(50, 3), vatRate: pick(['19', '7']) } } : {}),
      ...(int(2) === 0
        ? {
            agreement: {
              prices: {
                chair: { discountPercent: decimalOf(30, 1) },
                widget: { tiers: [{ minQuantity: '3', unitPrice: { EUR: '2.5', JPY: '250', KWD: '1.1' } }] },
              },
            },
          }
        : {}),
    };
    return { n, input };
  });

  it.each(cases)('document #$n', ({ input }) => {
    const r = priceDocument(input);
    const digits = minorUnits(input.currency);
    const amount = new RegExp(digits === 0 ? '^\\d+$' : `^\\d+\\.\\d{${digits}}$`);
    const nets = r.lines.map((l) => l.net);
    // sum of line nets + shipping == totals.net; net + VAT == gross
    expect(total([...nets, r.shipping?.net ?? '0'])).toBe(new Decimal(r.totals.net).toFixed());
    expect(new Decimal(r.totals.net).plus(r.totals.vat).eq(r.totals.gross)).toBe(true);
    expect(total(r.totals.taxGroups.map((g) => g.gross))).toBe(new Decimal(r.totals.gross).toFixed());
    r.totals.taxGroups.forEach((g) => expect(new Decimal(g.net).plus(g.vat).eq(g.gross)).toBe(true));
    // the splits add up exactly, no line goes negative
    expect(total(r.lines.map((l) => l.documentDiscount))).toBe(new Decimal(r.documentDiscount).toFixed());
    expect(total(r.lines.map((l) => l.couponDiscount))).toBe(new Decimal(r.couponDiscount).toFixed());
    r.lines.forEach((l) => {
      expect(new Decimal(l.lineNet).minus(l.documentDiscount).minus(l.couponDiscount).eq(l.net)).toBe(true);
      expect(new Decimal(l.net).isNegative()).toBe(false);
      for (const a of [l.lineNet, l.documentDiscount, l.couponDiscount, l.net]) expect(a).toMatch(amount);
    });
    for (const a of [r.documentDiscount, r.couponDiscount, r.totals.net, r.totals.vat, r.totals.gross]) expect(a).toMatch(amount);
    expect(r.totals.lineNets).toEqual([...nets, ...(r.shipping ? [r.shipping.net] : [])]);
    // the document discount is the rounded percent of the line nets
    const lineNetSum = new Decimal(total(r.lines.map((l) => l.lineNet)));
    const percent = new Decimal(input.documentDiscountPercent ?? '0');
    expect(r.documentDiscount).toBe(lineNetSum.times(percent).div(100).toFixed(digits, Decimal.ROUND_HALF_UP));
  });

  it('without document discount, coupon and shipping the totals equal computeTotals', () => {
    for (const { input } of cases.slice(0, 100)) {
      const plain = { ...input, documentDiscountPercent: '0', coupon: null, shipping: null };
      const r = priceDocument(plain);
      const expected = computeTotals(
        r.lines.map((l, i) => ({ quantity: input.lines[i]!.quantity, unitPrice: l.unitPrice, discountPercent: l.discountPercent, vatRate: l.vatRate })),
        input.currency,
      );
      expect(r.totals).toEqual(expected);
    }
  });
});
