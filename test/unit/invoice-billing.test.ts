import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { billDeliveries, isFullyBilled } from '../../services/invoicing/src/domain/invoice.ts';
import type { InvoiceLine } from '../../services/invoicing/src/domain/invoice.ts';
import { ConflictError, ValidationError } from '../../shared/errors.ts';
import type { DeliveryNote, DeliveryNoteStatus } from '../../shared/contracts/fulfillment/index.ts';
import type { SalesOrder } from '../../shared/contracts/order/index.ts';
import type { PricedLine } from '../../shared/contracts/common.ts';
import { DEFAULT_LINES, buildDeliveryNote, buildOrder } from '../fixtures/documents.ts';
import type { LineSpec } from '../fixtures/documents.ts';
import { thrown } from '../helpers/thrown.ts';

function spec(quantity: string, unitPrice: string, vatRate = '19', discountPercent = '0'): LineSpec {
  return { sku: `SKU-${unitPrice}`, description: 'Artikel', quantity, unit: 'Stk', unitPrice, discountPercent, vatRate };
}

/** A delivery note of the default order shipping [orderPosition, quantity] pairs. */
function note(number: string, lines: [number, string][], opts: { shippedAt?: string; status?: DeliveryNoteStatus; orderNumber?: string } = {}): DeliveryNote {
  return buildDeliveryNote(
    {},
    {
      number,
      status: opts.status ?? 'shipped',
      shippedAt: opts.status && opts.status !== 'shipped' ? null : (opts.shippedAt ?? '2025-11-10T15:30:00.000Z'),
      ...(opts.orderNumber ? { orderNumber: opts.orderNumber } : {}),
      lines: lines.map(([orderPosition, quantity], i) => ({
        position: i + 1,
        orderPosition,
        sku: `SKU-${orderPosition}`,
        description: 'x',
        quantity,
        unit: 'Stk',
      })),
    },
  );
}

/** An order with a shipping charge as its last position. */
function orderWithCharge(specs: readonly LineSpec[] = DEFAULT_LINES, chargeNet = '4.90'): SalesOrder {
  const base = buildOrder({ lines: specs });
  const charge: PricedLine = {
    position: base.lines.length + 1,
    productId: 'prod-versand',
    sku: 'VERSAND',
    description: 'Versandkosten',
    quantity: '1',
    unit: 'pauschal',
    unitPrice: chargeNet,
    discountPercent: '0',
    vatRate: '19',
    net: chargeNet,
    kind: 'charge',
  };
  return { ...base, lines: [...base.lines, charge] };
}

const netsByPosition = (lines: InvoiceLine[]) => lines.map((l) => [l.orderPosition, l.quantity, l.net]);

describe('billDeliveries', () => {
  const order = buildOrder();

  it('a full delivery bills the whole order: same lines, same totals', () => {
    const { lines, totals, supplyDate } = billDeliveries(order, [buildDeliveryNote()]);
    expect(totals).toEqual(order.totals);
    expect(lines).toHaveLength(order.lines.length);
    lines.forEach((l, i) => {
      const ol = order.lines[i]!;
      expect(l).toMatchObject({
        position: i + 1,
        orderPosition: ol.position,
        deliveryNoteNumber: 'LS-2025-00031',
        sku: ol.sku,
        description: ol.description,
        quantity: ol.quantity,
        unitPrice: ol.unitPrice,
        discountPercent: ol.discountPercent,
        vatRate: ol.vatRate,
        net: ol.net,
      });
    });
    expect(supplyDate).toBe('2025-11-10');
  });

  it('a partial delivery is billed at the order prices, VAT per rate', () => {
    // 1 of 2 chairs (289.00, 19 %), the desk with its 10 % discount (674.10, 19 %), 1 of 3 books (24.90, 7 %)
    const { lines, totals } = billDeliveries(order, [
      note('LS-2025-00040', [
        [1, '1'],
        [2, '1'],
        [4, '1'],
      ]),
    ]);
    expect(netsByPosition(lines)).toEqual([
      [1, '1', '289.00'],
      [2, '1', '674.10'],
      [4, '1', '24.90'],
    ]);
    expect(lines.map((l) => l.unitPrice)).toEqual(['289.00', '749.00', '24.90']);
    expect(lines.map((l) => l.position)).toEqual([1, 2, 3]);
    expect(totals.taxGroups).toEqual([
      { vatRate: '19', net: '963.10', vat: '182.99', gross: '1146.09' }, // 182.989
      { vatRate: '7', net: '24.90', vat: '1.74', gross: '26.64' }, // 1.743
    ]);
    expect(totals).toMatchObject({ currency: 'EUR', net: '988.00', vat: '184.73', gross: '1172.73' });
  });

  it('VAT is per rate on the invoice nets, not per line', () => {
    const o = buildOrder({ lines: [spec('1', '0.03'), spec('1', '0.03'), spec('1', '0.03')] });
    const { totals } = billDeliveries(o, [
      note('LS-2025-00041', [
        [1, '1'],
        [2, '1'],
        [3, '1'],
      ]),
    ]);
    expect(totals.taxGroups).toEqual([{ vatRate: '19', net: '0.09', vat: '0.02', gross: '0.11' }]); // per line: 3 × 0.01
  });

  it('several notes: lines in note order, each naming its note, supply date the latest shipment', () => {
    const notes = [
      note('LS-2025-00050', [[3, '2.5']], { shippedAt: '2025-11-12T09:00:00.000Z' }),
      note(
        'LS-2025-00051',
        [
          [1, '2'],
          [5, '1'],
        ],
        { shippedAt: '2025-11-14T16:00:00.000Z' },
      ),
      note('LS-2025-00052', [[4, '3']], { shippedAt: '2025-11-13T08:00:00.000Z' }),
    ];
    const { lines, supplyDate } = billDeliveries(order, notes);
    expect(lines.map((l) => [l.position, l.orderPosition, l.deliveryNoteNumber])).toEqual([
      [1, 3, 'LS-2025-00050'],
      [2, 1, 'LS-2025-00051'],
      [3, 5, 'LS-2025-00051'],
      [4, 4, 'LS-2025-00052'],
    ]);
    expect(supplyDate).toBe('2025-11-14');
  });

  it.each([
    // order line net 10.00 for 3 pieces: 3.33 + 3.33 and the completing delivery bills the rest, 3.34
    { name: 'thirds', specs: [spec('3', '3.3333')], steps: [[[1, '1']], [[1, '1']], [[1, '1']]], nets: ['3.33', '3.33', '3.34'] },
    { name: 'with a line discount', specs: [spec('3', '10', '19', '10')], steps: [[[1, '1']], [[1, '2']]], nets: ['9.00', '18.00'] },
    { name: 'decimal quantities', specs: [spec('2.5', '18.40', '7')], steps: [[[1, '1.2']], [[1, '1.3']]], nets: ['22.08', '23.92'] },
    { name: 'over-delivery bills nothing more', specs: [spec('2', '5')], steps: [[[1, '2']], [[1, '1']]], nets: ['10.00', '0.00'] },
  ])('partial quantities are billed pro rata and add up to the order line ($name)', ({ specs, steps, nets }) => {
    const o = buildOrder({ lines: specs });
    const earlier: InvoiceLine[] = [];
    const billed: string[] = [];
    steps.forEach((step, n) => {
      const { lines } = billDeliveries(o, [note(`LS-2025-0010${n}`, step as [number, string][])], earlier);
      billed.push(...lines.map((l) => l.net));
      earlier.push(...lines);
    });
    expect(billed).toEqual(nets);
  });

  it('property: however an order is split over deliveries and invoices, the invoices add up to the order', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 100; round++) {
      const specs = Array.from({ length: 1 + Math.floor(rand() * 4) }, () =>
        spec(
          String(1 + Math.floor(rand() * 9)),
          new Decimal(Math.floor(rand() * 100000)).div(1000).toFixed(3),
          rand() < 0.5 ? '19' : '7',
          String(Math.floor(rand() * 3) * 5),
        ),
      );
      const o = buildOrder({ lines: specs });
      const open = o.lines.map((l) => Number(l.quantity));
      const earlier: InvoiceLine[] = [];
      let n = 0;
      while (open.some((q) => q > 0)) {
        const shipLines: [number, string][] = [];
        open.forEach((q, i) => {
          if (q > 0 && rand() < 0.6) {
            const take = 1 + Math.floor(rand() * q);
            open[i] = q - take;
            shipLines.push([i + 1, String(take)]);
          }
        });
        if (shipLines.length === 0) continue;
        earlier.push(...billDeliveries(o, [note(`LS-2026-${String(++n).padStart(5, '0')}`, shipLines)], earlier).lines);
      }
      o.lines.forEach((l) => {
        const parts = earlier.filter((il) => il.orderPosition === l.position);
        const billed = parts.reduce((a, il) => a.plus(il.net), new Decimal(0));
        const billedLineNet = parts.reduce((a, il) => a.plus(il.lineNet!), new Decimal(0));
        expect({ position: l.position, billed: billed.toFixed(2), lineNet: billedLineNet.toFixed(2) }).toEqual({
          position: l.position,
          billed: l.net,
          lineNet: l.net,
        });
      });
      // Every invoice line's printed amount is its own: quantity × price − line discount, less its document reductions = its net.
      earlier.forEach((il) => {
        expect(new Decimal(il.lineNet!).minus(il.documentDiscount!).minus(il.couponDiscount!).toFixed(2)).toBe(il.net);
      });
      expect(isFullyBilled(o, earlier)).toBe(true);
    }
  });

  describe('line amounts of partly shipped positions', () => {
    /** 4 × 1,249.00 (19 %) and 3 × 20.00 (7 %) with 5 % document discount (252.80 = 249.80 + 3.00) and a 10.00 coupon (9.88 + 0.12). */
    function discountedOrder(): SalesOrder {
      const base = buildOrder({ lines: [spec('4', '1249.00'), spec('3', '20.00', '7')] });
      const amounts = [
        { lineNet: '4996.00', documentDiscount: '249.80', couponDiscount: '9.88', net: '4736.32' },
        { lineNet: '60.00', documentDiscount: '3.00', couponDiscount: '0.12', net: '56.88' },
      ];
      return { ...base, lines: base.lines.map((l, i) => ({ ...l, ...amounts[i]! })) };
    }
    const amountsOf = (lines: InvoiceLine[]) => lines.map((l) => [l.orderPosition, l.quantity, l.lineNet, l.documentDiscount, l.couponDiscount, l.net]);

    it('bill each part with its own line amount and its share of document discount and coupon', () => {
      const o = discountedOrder();
      const first = billDeliveries(o, [
        note('LS-2026-00001', [
          [1, '2'],
          [2, '1'],
        ]),
      ]);
      // 2 × 1,249.00 = 2,498.00; half of 249.80 = 124.90, half of 9.88 = 4.94 → 2,368.16. 1 × 20.00; a third of 3.00 and 0.12.
      expect(amountsOf(first.lines)).toEqual([
        [1, '2', '2498.00', '124.90', '4.94', '2368.16'],
        [2, '1', '20.00', '1.00', '0.04', '18.96'],
      ]);
      expect(first.totals).toMatchObject({ net: '2387.12' });
      // The completing parts take what is left of each amount, so both invoices add up to the order line by line.
      const second = billDeliveries(
        o,
        [
          note('LS-2026-00002', [
            [1, '2'],
            [2, '2'],
          ]),
        ],
        first.lines,
      );
      expect(amountsOf(second.lines)).toEqual([
        [1, '2', '2498.00', '124.90', '4.94', '2368.16'],
        [2, '2', '40.00', '2.00', '0.08', '37.92'],
      ]);
      expect(new Decimal(first.totals.net).plus(second.totals.net).toFixed(2)).toBe(new Decimal('4736.32').plus('56.88').toFixed(2));
    });

    it("the issue's example: 4 × 1,249.00, two notes of 2 on one invoice, each line 2,498.00", () => {
      const o = buildOrder({ lines: [spec('4', '1249.00')] });
      const { lines, totals } = billDeliveries(o, [note('LS-2026-00003', [[1, '2']]), note('LS-2026-00004', [[1, '2']])]);
      expect(amountsOf(lines)).toEqual([
        [1, '2', '2498.00', '0.00', '0.00', '2498.00'],
        [1, '2', '2498.00', '0.00', '0.00', '2498.00'],
      ]);
      expect(totals).toMatchObject({ net: '4996.00', vat: '949.24', gross: '5945.24' });
      expect(lines.map((l) => l.netBase)).toEqual(['2498.00', '2498.00']);
    });
  });

  describe('tax notes', () => {
    const intraEu = 'Steuerfreie innergemeinschaftliche Lieferung gemäß § 4 Nr. 1b i. V. m. § 6a UStG';
    const reverseCharge = 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) gemäß § 13b UStG / Art. 196 MwStSystRL';
    const euOrder = (): SalesOrder => {
      const base = buildOrder({ lines: [spec('2', '100.00', '0'), spec('1', '50.00', '0')] });
      const treatments = ['intra_eu_supply', 'reverse_charge'];
      return { ...base, taxNotes: [intraEu, reverseCharge], lines: base.lines.map((l, i) => ({ ...l, taxTreatment: treatments[i]! })) };
    };

    it("the invoice carries the order's notes for the lines it bills", () => {
      expect(
        billDeliveries(euOrder(), [
          note('LS-2026-00010', [
            [1, '2'],
            [2, '1'],
          ]),
        ]).taxNotes,
      ).toEqual([intraEu, reverseCharge]);
      expect(billDeliveries(euOrder(), [note('LS-2026-00011', [[1, '1']])]).taxNotes).toEqual([intraEu]);
      expect(billDeliveries(euOrder(), [note('LS-2026-00012', [[2, '1']])]).taxNotes).toEqual([reverseCharge]);
    });

    it('keeps every note when the lines do not record their treatment, and none for a domestic order', () => {
      const o = { ...euOrder(), lines: euOrder().lines.map(({ taxTreatment: _t, ...l }) => l) };
      expect(billDeliveries(o, [note('LS-2026-00013', [[1, '1']])]).taxNotes).toEqual([intraEu, reverseCharge]);
      expect(billDeliveries(buildOrder(), [buildDeliveryNote()]).taxNotes).toEqual([]);
    });
  });

  it('bills the orders currency (JPY, no minor unit)', () => {
    const o = buildOrder({ lines: [spec('3', '1000', '19'), spec('3', '333', '7')], currency: 'JPY', rate: '160' });
    const { lines, totals } = billDeliveries(o, [
      note('LS-2025-00060', [
        [1, '1'],
        [2, '2'],
      ]),
    ]);
    expect(lines.map((l) => l.net)).toEqual(['1000', '666']);
    expect(totals).toMatchObject({ currency: 'JPY', net: '1666', vat: '237', gross: '1903' }); // 190 + 46.62 → 47
  });

  describe('shipping charges', () => {
    it('go on the first invoice, after the delivered lines, named by its first note', () => {
      const o = orderWithCharge();
      const { lines, totals } = billDeliveries(o, [note('LS-2025-00070', [[1, '1']]), note('LS-2025-00071', [[4, '1']])]);
      expect(lines.map((l) => [l.position, l.sku, l.net, l.deliveryNoteNumber])).toEqual([
        [1, 'KT-1001', '289.00', 'LS-2025-00070'],
        [2, 'BU-7001', '24.90', 'LS-2025-00071'],
        [3, 'VERSAND', '4.90', 'LS-2025-00070'],
      ]);
      expect(totals.taxGroups[0]).toEqual({ vatRate: '19', net: '293.90', vat: '55.84', gross: '349.74' });
    });

    it('are not billed again on a later invoice', () => {
      const o = orderWithCharge();
      const first = billDeliveries(o, [note('LS-2025-00070', [[1, '1']])]);
      const second = billDeliveries(o, [note('LS-2025-00071', [[1, '1']])], first.lines);
      expect(second.lines.map((l) => l.sku)).toEqual(['KT-1001']);
    });

    it('count towards being fully billed', () => {
      const o = orderWithCharge([spec('1', '10')]);
      const { lines } = billDeliveries(o, [note('LS-2025-00072', [[1, '1']])]);
      expect(isFullyBilled(o, lines)).toBe(true);
      expect(
        isFullyBilled(
          o,
          lines.filter((l) => l.kind !== 'charge'),
        ),
      ).toBe(false);
    });
  });

  describe('refusals', () => {
    it.each<DeliveryNoteStatus>(['open', 'cancelled'])('a note that is %s: 409 not_shipped', (status) => {
      const err = thrown(() => billDeliveries(order, [note('LS-2025-00001', [[1, '1']]), note('LS-2025-00002', [[1, '1']], { status })])) as ConflictError;
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.status).toBe(409);
      expect(err.code).toBe('not_shipped');
      expect(err.message).toContain('LS-2025-00002');
    });

    it.each([0, 1, 2])('a note of another order at index %i: 422 naming deliveryNoteNumbers[i]', (index) => {
      const notes = [note('LS-2025-00001', [[1, '1']]), note('LS-2025-00002', [[2, '1']]), note('LS-2025-00003', [[3, '1']])];
      notes[index] = note('LS-2025-00099', [[1, '1']], { orderNumber: 'AB-2025-00999' });
      const err = thrown(() => billDeliveries(order, notes)) as ValidationError;
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.status).toBe(422);
      expect(err.code).toBe('validation_failed');
      expect(err.issues).toEqual([{ field: `deliveryNoteNumbers[${index}]`, message: 'belongs to another order' }]);
      expect(err.message).toBe('delivery note LS-2025-00099 belongs to order AB-2025-00999');
    });

    it('a note line for a position the order does not have: 409 unknown_position', () => {
      const err = thrown(() =>
        billDeliveries(order, [
          note('LS-2025-00001', [
            [1, '1'],
            [42, '1'],
          ]),
        ]),
      ) as ConflictError;
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.code).toBe('unknown_position');
    });
  });
});

describe('isFullyBilled', () => {
  const order = buildOrder({ lines: [spec('2', '10'), spec('2.5', '4', '7')] });
  const billed = (orderPosition: number, quantity: string) => ({ orderPosition, quantity }) as InvoiceLine;

  it.each([
    { name: 'nothing billed', lines: [], expected: false },
    { name: 'one position fully, the other not at all', lines: [billed(1, '2')], expected: false },
    { name: 'one position short by a fraction', lines: [billed(1, '2'), billed(2, '2.4')], expected: false },
    { name: 'everything in one invoice', lines: [billed(1, '2'), billed(2, '2.5')], expected: true },
    { name: 'split over several invoices', lines: [billed(1, '1'), billed(2, '1'), billed(1, '1'), billed(2, '1.5')], expected: true },
    { name: 'more than ordered', lines: [billed(1, '3'), billed(2, '2.5')], expected: true },
    { name: 'lines of other positions do not count', lines: [billed(1, '2'), billed(3, '2.5')], expected: false },
  ])('$name → $expected', ({ lines, expected }) => {
    expect(isFullyBilled(order, lines)).toBe(expected);
  });
});
