import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { currentOffer, lessCredited, skontoEarned, skontoOffer, splitDiscount, splitPayment } from '../../services/invoicing/src/payments/skonto.ts';
import { invoiceNumbersIn } from '../../services/invoicing/src/payments/reference.ts';
import { daysBetween } from '../../services/invoicing/src/payments/open-items.ts';
import { parseSignatureHeader, signPayload, signatureHeader, verifySignature } from '../../services/gateway/src/http/webhook-signature.ts';
import { totalsOfNets } from '../../shared/totals.ts';
import { prng } from '../helpers/prng.ts';
import { skontoTerms } from '../../services/document/src/view-models.ts';

/** The pure parts of payments: Skonto arithmetic, the webhook signature, matching invoice numbers in a reference. */

describe('Skonto offer', () => {
  it.each([
    // terms, gross, currency → amount, payable
    [{ percent: '2', days: 7 }, '172.50', 'EUR', '3.45', '169.05'],
    [{ percent: '3', days: 10 }, '119.00', 'EUR', '3.57', '115.43'],
    // 2 % of 0.25 = 0.005 → 0.01 (half-up)
    [{ percent: '2', days: 7 }, '0.25', 'EUR', '0.01', '0.24'],
    [{ percent: '2.5', days: 14 }, '1001', 'JPY', '25', '976'],
    [{ percent: '1.25', days: 5 }, '10.000', 'KWD', '0.125', '9.875'],
  ])('%j of %s %s is %s off, %s payable', (terms, gross, currency, amount, payable) => {
    const offer = skontoOffer(terms, gross, currency, '2026-12-28');
    expect(offer).toEqual({ ...terms, until: addDays('2026-12-28', terms.days), amount, payableAmount: payable });
  });

  it('runs its days over the year end by the calendar and offers nothing without terms, without a gross or below a cent', () => {
    expect(skontoOffer({ percent: '2', days: 7 }, '100.00', 'EUR', '2026-12-28')!.until).toBe('2027-01-04');
    expect(skontoOffer(null, '100.00', 'EUR', '2026-12-01')).toBeNull();
    expect(skontoOffer({ percent: '2', days: 7 }, '0.00', 'EUR', '2026-12-01')).toBeNull();
    expect(skontoOffer({ percent: '2', days: 7 }, '0.20', 'EUR', '2026-12-01')).toBeNull(); // 0.004 rounds to 0.00
  });
});

describe('Skonto after credit notes', () => {
  // 172.50 gross, 2 % within 7 days: 3.45 off, 169.05 payable. A credit note of 50.00 leaves 122.50: 2 % = 2.45, payable 120.05.
  const offer = skontoOffer({ percent: '2', days: 7 }, '172.50', 'EUR', '2026-12-01')!;
  it.each([
    ['0', '3.45', '169.05'],
    ['50.00', '2.45', '120.05'],
    ['0.25', '3.45', '168.80'], // 172.25 × 2 % = 3.445, half-up 3.45
    ['172.50', null, null],
  ])('credited %s: discount %s, payable %s', (credited, amount, payable) => {
    const now = currentOffer(offer, '172.50', credited, 'EUR');
    expect(now && [now.amount, now.payableAmount, now.until, now.percent]).toEqual(amount === null ? null : [amount, payable, '2026-12-08', '2']);
  });
  it('a payment in time of the reduced payable amount settles the reduced invoice with the reduced discount', () => {
    const now = currentOffer(offer, '172.50', '50.00', 'EUR');
    const split = splitPayment(now, { gross: '122.50', paid: '0', discount: '0' }, '120.05', '2026-12-08');
    expect([split.applied.toString(), split.discount.toString(), split.excess.toString(), split.settles]).toEqual(['120.05', '2.45', '0', true]);
    // A cent less than the reduced payable amount earns nothing.
    const short = splitPayment(now, { gross: '122.50', paid: '0', discount: '0' }, '120.04', '2026-12-08');
    expect([short.discount.toString(), short.settles]).toEqual(['0', false]);
  });
});

describe('VAT rates left after credit notes', () => {
  it('adds the notes per rate; a discount then splits only over what is left', () => {
    const t = (groups: [string, string, string, string][]) => ({
      currency: 'EUR',
      lineNets: [],
      taxGroups: groups.map(([vatRate, net, vat, gross]) => ({ vatRate, net, vat, gross })),
      net: groups.reduce((a, g) => a.plus(g[1]), new Decimal(0)).toFixed(2),
      vat: groups.reduce((a, g) => a.plus(g[2]), new Decimal(0)).toFixed(2),
      gross: groups.reduce((a, g) => a.plus(g[3]), new Decimal(0)).toFixed(2),
    });
    const invoice = t([
      ['19', '100.00', '19.00', '119.00'],
      ['7', '50.00', '3.50', '53.50'],
    ]);
    const left = lessCredited(invoice, [t([['7', '-50.00', '-3.50', '-53.50']]), t([['19', '-10.00', '-1.90', '-11.90']])]);
    expect([left.taxGroups.map((g) => [g.vatRate, g.net, g.vat, g.gross]), left.net, left.vat, left.gross]).toEqual([
      [
        ['19', '90.00', '17.10', '107.10'],
        ['7', '0.00', '0.00', '0.00'],
      ],
      '90.00',
      '17.10',
      '107.10',
    ]);
    expect(splitDiscount('2.14', left, 'EUR').taxGroups.map((g) => [g.vatRate, g.gross])).toEqual([['19', '2.14']]);
    expect(lessCredited(invoice, [])).toEqual(invoice);
  });
});

describe('Skonto earned by a payment', () => {
  const offer = skontoOffer({ percent: '2', days: 7 }, '172.50', 'EUR', '2026-12-01')!; // 3.45 off, 169.05 until 2026-12-08
  const fresh = { gross: '172.50', paid: '0', discount: '0' };

  it.each([
    ['the payable amount on the last day', fresh, '169.05', '2026-12-08', '3.45'],
    ['the payable amount a day late', fresh, '169.05', '2026-12-09', '0'],
    ['a cent short in time', fresh, '169.04', '2026-12-01', '0'],
    ['the rest after a part payment, in time', { ...fresh, paid: '100.00' }, '69.05', '2026-12-05', '3.45'],
    ['the full gross in time: nothing left to discount', fresh, '172.50', '2026-12-01', '0'],
    ['a cent more than payable: one cent less discount', fresh, '169.06', '2026-12-01', '3.44'],
    ['a second time, after a discount was granted', { ...fresh, discount: '3.45' }, '1.00', '2026-12-01', '0'],
  ])('%s', (_what, state, received, at, discount) => {
    expect(skontoEarned(offer, state, received, at).toFixed(2)).toBe(new Decimal(discount).toFixed(2));
  });

  it('splits a payment into booked, discount and excess, never paying the invoice beyond its open amount', () => {
    expect(fmt(splitPayment(offer, fresh, '169.05', '2026-12-08'))).toEqual({ applied: '169.05', discount: '3.45', excess: '0.00', settles: true });
    expect(fmt(splitPayment(offer, fresh, '200.00', '2026-12-09'))).toEqual({ applied: '172.50', discount: '0.00', excess: '27.50', settles: true });
    expect(fmt(splitPayment(null, { gross: '119.00', paid: '100.00', discount: '0' }, '19.01', '2026-12-01'))).toEqual({
      applied: '19.00',
      discount: '0.00',
      excess: '0.01',
      settles: true,
    });
    expect(fmt(splitPayment(null, { gross: '119.00', paid: '0', discount: '0' }, '50.00', '2026-12-01'))).toEqual({
      applied: '50.00',
      discount: '0.00',
      excess: '0.00',
      settles: false,
    });
  });
});

describe('Skonto split over the VAT rates', () => {
  it('splits 3.45 of 119.00 (19 %) + 53.50 (7 %) into 2.38 and 1.07, each with its VAT', () => {
    const totals = totalsOfNets(
      [
        { net: '100.00', vatRate: '19' },
        { net: '50.00', vatRate: '7' },
      ],
      'EUR',
    );
    const split = splitDiscount('3.45', totals, 'EUR');
    const byRate = Object.fromEntries(split.taxGroups.map((g) => [g.vatRate, [g.gross, g.net, g.vat]]));
    expect(byRate).toEqual({ '19': ['2.38', '2.00', '0.38'], '7': ['1.07', '1.00', '0.07'] });
  });

  it('always adds up: parts sum to the discount and net + VAT to each part (seeded random invoices)', () => {
    const random = prng(9);
    for (let run = 0; run < 300; run++) {
      const rates = ['19', '7', '0'].slice(0, 1 + Math.floor(random() * 3));
      const totals = totalsOfNets(
        rates.map((vatRate) => ({ net: new Decimal(Math.floor(random() * 1_000_000)).div(100).toFixed(2), vatRate })),
        'EUR',
      );
      if (new Decimal(totals.gross).isZero()) continue;
      const offer = skontoOffer({ percent: String(1 + Math.floor(random() * 5)), days: 7 }, totals.gross, 'EUR', '2026-12-01');
      if (!offer) continue;
      const split = splitDiscount(offer.amount, totals, 'EUR');
      const sum = split.taxGroups.reduce((a, g) => a.plus(g.gross), new Decimal(0));
      expect(sum.toFixed(2)).toBe(offer.amount);
      for (const g of split.taxGroups) expect(new Decimal(g.net).plus(g.vat).toFixed(2)).toBe(g.gross);
      expect(new Decimal(offer.payableAmount).plus(offer.amount).toFixed(2)).toBe(totals.gross);
    }
  });
});

describe('Skonto on the invoice PDF', () => {
  it('prints both dates and both amounts in German', () => {
    expect(skontoTerms({ percent: '2', until: '2026-12-08', amount: '3.45', payableAmount: '1169.05' }, '15.12.2026', 'EUR')).toBe(
      'Zahlbar bis 15.12.2026 ohne Abzug, bei Zahlung bis 08.12.2026 abzüglich 2 % Skonto (3,45 EUR): 1.169,05 EUR',
    );
  });
});

describe('webhook signature (HMAC-SHA256 over "<t>.<raw body>")', () => {
  const secret = 'whsec_test';
  const body = '{"id":"evt_1","type":"payment.received"}';
  const now = 1_800_000_000;

  it('matches a known vector and accepts its own header within 5 minutes either way', () => {
    // printf '1800000000.{"id":"evt_1","type":"payment.received"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signPayload(secret, now, body)).toBe('f0cdc1edfeac99a89f3ef0e934f6e140df5b3447695be8ab79b7a6a2bccabb9a');
    expect(verifySignature(secret, signatureHeader(secret, now, body), body, now)).toBeNull();
    expect(verifySignature(secret, signatureHeader(secret, now - 300, body), body, now)).toBeNull();
    expect(verifySignature(secret, signatureHeader(secret, now + 300, body), body, now)).toBeNull();
    // Several v1 entries while a secret rotates: one matching is enough.
    expect(verifySignature(secret, `t=${now},v1=${'0'.repeat(64)},v1=${signPayload(secret, now, body)}`, body, now)).toBeNull();
  });

  it.each([
    ['no header', undefined, 'missing_signature'],
    ['no v1', `t=${now}`, 'malformed_signature'],
    ['no t', `v1=${'a'.repeat(64)}`, 'malformed_signature'],
    ['a short signature', `t=${now},v1=abc`, 'malformed_signature'],
    ['a timestamp 301 s old', signatureHeader(secret, now - 301, body), 'timestamp_out_of_tolerance'],
    ['a timestamp 301 s ahead', signatureHeader(secret, now + 301, body), 'timestamp_out_of_tolerance'],
    ['another secret', signatureHeader('other', now, body), 'invalid_signature'],
    ['another body', signatureHeader(secret, now, `${body} `), 'invalid_signature'],
    ['another timestamp than signed', `t=${now + 1},v1=${signPayload(secret, now, body)}`, 'invalid_signature'],
  ])('refuses %s', (_what, header, problem) => {
    expect(verifySignature(secret, header, body, now)).toBe(problem);
  });

  it('parses the header strictly', () => {
    expect(parseSignatureHeader(`t=12,v1=${'A'.repeat(64)}`)).toEqual({ timestamp: 12, signatures: ['a'.repeat(64)] });
    expect(parseSignatureHeader(`t=12,t=13,v1=${'a'.repeat(64)}`)).toBeNull();
    expect(parseSignatureHeader('garbage')).toBeNull();
  });
});

describe('invoice numbers in a reference text', () => {
  it.each([
    ['Zahlung RE-2026-00042 Kd 1001', ['RE-2026-00042']],
    ['re-2026-00042', ['RE-2026-00042']],
    ['RE 2026 00042 und RE-2026-00043', ['RE-2026-00042', 'RE-2026-00043']],
    ['RE2026/00042', ['RE-2026-00042']],
    ['RE-2026-00042, nochmals RE-2026-00042', ['RE-2026-00042']],
    ['AB-2026-00042 Anzahlung', []],
    ['PRE-2026-00042', []],
    ['RE-2026-0042 (zu kurz)', []],
    ['Rechnung vom Oktober', []],
  ])('%s → %j', (reference, numbers) => {
    expect(invoiceNumbersIn(reference)).toEqual(numbers);
  });
});

describe('days overdue', () => {
  it('counts calendar days after the due date, 0 before', () => {
    expect(daysBetween('2026-12-01', '2026-12-01')).toBe(0);
    expect(daysBetween('2026-12-01', '2026-11-20')).toBe(0);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // over the switch to summer time
    expect(daysBetween('2026-12-20', '2027-01-03')).toBe(14);
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function fmt(s: { applied: Decimal; discount: Decimal; excess: Decimal; settles: boolean }) {
  return { applied: s.applied.toFixed(2), discount: s.discount.toFixed(2), excess: s.excess.toFixed(2), settles: s.settles };
}
