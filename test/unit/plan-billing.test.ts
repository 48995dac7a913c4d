import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { effectiveOrder, finalSettlement, partTaxGroups, shareNet, type BilledPart } from '../../services/invoicing/src/domain/plan-billing.ts';
import { computeTotals } from '../../shared/totals.ts';
import { ConflictError } from '../../shared/errors.ts';
import { thrown } from '../helpers/thrown.ts';

/*
 * A machine at 19 % and accessories at 7 %, billed 30 % down, 40 % on
 * shipment, the rest by the final invoice. The expected amounts were worked out
 * by hand (and checked with Python's decimal module), not by this code.
 */
const order = computeTotals(
  [
    { quantity: '1', unitPrice: '84999.99', discountPercent: '0', vatRate: '19' },
    { quantity: '3', unitPrice: '333.33', discountPercent: '0', vatRate: '7' },
  ],
  'EUR',
);
const part = (number: string, kind: string, taxGroups: ReturnType<typeof partTaxGroups>): BilledPart => ({ number, kind, issueDate: '2026-12-01', taxGroups });
const pick = (groups: { vatRate: string; net: string; vat: string }[]) => groups.map((g) => [g.vatRate, g.net, g.vat]);

describe('billing an order in parts', () => {
  it('splits a share over the VAT rates so that the parts add up, with VAT per rate on each part', () => {
    expect([order.net, order.vat, order.gross]).toEqual(['85999.98', '16220.00', '102219.98']);
    // 30 % of 85,999.98 = 25,799.994 → 25,799.99, split 84,999.99 : 999.99 by largest remainder.
    const down = partTaxGroups(shareNet({ kind: 'percent', value: '30' }, order.net, 'EUR'), order, [], 'EUR');
    expect(pick(down)).toEqual([
      ['19', '25499.99', '4845.00'],
      ['7', '300.00', '21.00'],
    ]);
    const progress = partTaxGroups(shareNet({ kind: 'percent', value: '40' }, order.net, 'EUR'), order, [part('RE-1', 'down_payment', down)], 'EUR');
    expect(pick(progress)).toEqual([
      ['19', '33999.99', '6460.00'],
      ['7', '400.00', '28.00'],
    ]);
  });

  it('leaves the final invoice what is left per rate, so all invoices add up to the order exactly', () => {
    const down = partTaxGroups(new Decimal('25799.99'), order, [], 'EUR');
    const progress = partTaxGroups(new Decimal('34399.99'), order, [part('RE-1', 'down_payment', down)], 'EUR');
    const earlier = [part('RE-1', 'down_payment', down), part('RE-2', 'progress', progress)];
    const { deductions, taxGroups } = finalSettlement(order, earlier, 'EUR');
    expect(pick(taxGroups)).toEqual([
      ['19', '25500.01', '4845.00'],
      ['7', '299.99', '21.00'],
    ]);
    expect(deductions.map((d) => [d.invoiceNumber, d.vatRate, d.gross])).toEqual([
      ['RE-1', '19', '30344.99'],
      ['RE-1', '7', '321.00'],
      ['RE-2', '19', '40459.99'],
      ['RE-2', '7', '428.00'],
    ]);
    for (const rate of ['19', '7']) {
      const all = [...down, ...progress, ...taxGroups].filter((g) => g.vatRate === rate);
      const whole = order.taxGroups.find((g) => g.vatRate === rate)!;
      expect(all.reduce((a, g) => a.plus(g.net), new Decimal(0)).toFixed(2)).toBe(whole.net);
      expect(all.reduce((a, g) => a.plus(g.vat), new Decimal(0)).toFixed(2)).toBe(whole.vat);
    }
    const gross = [...down, ...progress, ...taxGroups].reduce((a, g) => a.plus(g.gross), new Decimal(0));
    expect(gross.toFixed(2)).toBe('102219.98');
  });

  it('refuses a share that would bill more than the order, and a share of nothing', () => {
    const most = partTaxGroups(shareNet({ kind: 'percent', value: '90' }, order.net, 'EUR'), order, [], 'EUR');
    const err = thrown(() => partTaxGroups(shareNet({ kind: 'percent', value: '10.01' }, order.net, 'EUR'), order, [part('RE-1', 'progress', most)], 'EUR'));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe('over_billing');
    // Exactly the rest is fine: 10 % of 85,999.98 = 8,599.998 → 8,600.00, and 90 % took 77,399.98.
    expect(
      partTaxGroups(new Decimal('8600.00'), order, [part('RE-1', 'progress', most)], 'EUR')
        .reduce((a, g) => a.plus(g.net), new Decimal(0))
        .toFixed(2),
    ).toBe('8600.00');
    expect((thrown(() => partTaxGroups(new Decimal('0'), order, [], 'EUR')) as ConflictError).code).toBe('nothing_to_bill');
  });

  it('takes a fixed amount as it is, and refuses a final invoice after earlier invoices billed more than the order', () => {
    expect(shareNet({ kind: 'amount', value: '50000.00' }, order.net, 'EUR').toFixed(2)).toBe('50000.00');
    const tooMuch = part('RE-9', 'invoice', [{ vatRate: '19', net: '90000.00', vat: '17100.00', gross: '107100.00' }]);
    expect((thrown(() => finalSettlement(order, [tooMuch], 'EUR')) as ConflictError).code).toBe('over_billing');
  });

  it('bills an order as it stands after cancelled quantities: the line pro rata, a line cancelled in full not at all', () => {
    const line = (position: number, quantity: string, unitPrice: string, vatRate: string, cancelledQuantity: string) => ({
      position,
      productId: `p${position}`,
      sku: `S${position}`,
      description: 'x',
      quantity,
      unit: 'Stk',
      unitPrice,
      discountPercent: '0',
      vatRate,
      net: new Decimal(quantity).times(unitPrice).toFixed(2),
      lineNet: new Decimal(quantity).times(unitPrice).toFixed(2),
      cancelledQuantity,
    });
    const lines = [line(1, '4', '100.00', '19', '1'), line(2, '2', '50.00', '7', '2'), line(3, '1', '10.00', '19', '0')];
    const all = computeTotals(lines, 'EUR');
    const { lines: left, totals } = effectiveOrder(lines, all, 'EUR');
    expect(left.map((l) => [l.position, l.quantity, l.net])).toEqual([
      [1, '3', '300.00'],
      [3, '1', '10.00'],
    ]);
    // 310.00 at 19 %: VAT 58.90.
    expect([totals.net, totals.vat, totals.gross]).toEqual(['310.00', '58.90', '368.90']);
    // Nothing cancelled: the order's own totals, untouched.
    expect(effectiveOrder([line(1, '1', '5.00', '19', '0')], all, 'EUR').totals).toBe(all);
  });
});
