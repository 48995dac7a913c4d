import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { billDeliveries, type InvoiceLine } from '../../services/invoicing/src/domain/invoice.ts';
import {
  allocateReturn,
  balanceOf,
  creditNote,
  reverseInvoice,
  type CorrectedInvoice,
  type CreditRequest,
  type EarlierCorrection,
} from '../../services/invoicing/src/domain/corrections.ts';
import { DomainError, ValidationError } from '../../shared/errors.ts';
import { totalsOfNets } from '../../shared/totals.ts';
import type { SalesOrder } from '../../shared/contracts/order/index.ts';
import { buildDeliveryNote, buildOrder, type LineSpec } from '../fixtures/documents.ts';
import { prng } from '../helpers/prng.ts';
import { thrown } from '../helpers/thrown.ts';

const spec = (sku: string, quantity: string, unitPrice: string, vatRate: string): LineSpec => ({
  sku,
  description: sku,
  quantity,
  unit: 'Stk',
  unitPrice,
  discountPercent: '0',
  vatRate,
});

/** An order of 3 × 19.99 (19 %) and 4 × 12.35 (7 %), optionally with document discounts per line (lineNet − discount = net). */
function order(discounts: [string, string] = ['0', '0']): SalesOrder {
  const base = buildOrder({ lines: [spec('DRILL', '3', '19.99', '19'), spec('BOOK', '4', '12.35', '7')] });
  const lines = base.lines.map((l, i) => {
    const documentDiscount = discounts[i]!;
    return { ...l, lineNet: l.net, documentDiscount, couponDiscount: '0', net: new Decimal(l.net).minus(documentDiscount).toFixed(2) };
  });
  return { ...base, lines, totals: totalsOfNets(lines, 'EUR') };
}

/** The invoice billing the whole order with one delivery note. */
function invoiceOf(o: SalesOrder): CorrectedInvoice {
  const note = buildDeliveryNote(
    {},
    {
      orderNumber: o.number,
      lines: o.lines.map((l) => ({
        position: l.position,
        orderPosition: l.position,
        sku: l.sku,
        description: l.description,
        quantity: l.quantity,
        unit: 'Stk',
      })),
    },
  );
  const { lines, totals } = billDeliveries(o, [note]);
  return { number: 'RE-2026-00001', currency: 'EUR', exchangeRate: o.exchangeRate, lines, totals };
}

const groups = (t: { taxGroups: { vatRate: string; net: string; vat: string; gross: string }[] }) => t.taxGroups.map((g) => [g.vatRate, g.net, g.vat, g.gross]);
const req = (invoicePosition: number, q: { quantity?: string; netAmount?: string }, i = 0): CreditRequest => ({ invoicePosition, ...q, field: `lines[${i}]` });

describe('reverseInvoice (Stornorechnung)', () => {
  it.each([
    ['without discounts', ['0', '0'] as [string, string]],
    ['with document discounts', ['3.00', '2.47'] as [string, string]],
  ])('negates every line and every rate exactly (%s): invoice + cancellation = 0', (_, discounts) => {
    const inv = invoiceOf(order(discounts));
    const st = reverseInvoice(inv);
    expect(st.lines.map((l) => [l.invoicePosition, l.quantity, l.unitPrice, l.lineNet, l.documentDiscount, l.net])).toEqual(
      inv.lines.map((l) => [
        l.position,
        `-${l.quantity}`,
        l.unitPrice,
        `-${l.lineNet}`,
        l.documentDiscount === '0.00' ? '0.00' : `-${l.documentDiscount}`,
        `-${l.net}`,
      ]),
    );
    for (const [i, g] of inv.totals.taxGroups.entries()) {
      const r = st.totals.taxGroups[i]!;
      expect([
        r.vatRate,
        new Decimal(r.net).plus(g.net).toString(),
        new Decimal(r.vat).plus(g.vat).toString(),
        new Decimal(r.gross).plus(g.gross).toString(),
      ]).toEqual([g.vatRate, '0', '0', '0']);
    }
    expect(new Decimal(st.totals.gross).plus(inv.totals.gross).isZero()).toBe(true);
  });

  it('the hand-computed case: 59.97 at 19 % and 49.40 at 7 %', () => {
    expect(groups(reverseInvoice(invoiceOf(order())).totals)).toEqual([
      ['19', '-59.97', '-11.39', '-71.36'],
      ['7', '-49.40', '-3.46', '-52.86'],
    ]);
  });
});

describe('creditNote (Rechnungskorrektur)', () => {
  const inv = invoiceOf(order(['3.00', '2.47']));

  it('credits a quantity with the part arithmetic that billed it: price × quantity, the quantity share of the document discount', () => {
    const { lines, totals } = creditNote(inv, [], [req(1, { quantity: '1' }), req(2, { quantity: '2' }, 1)], 'refuse');
    // 1 × 19.99 less 3.00/3 = 18.99; 2 × 12.35 = 24.70 less round(2.47 × 2/4) = 1.24 → 23.46.
    expect(lines.map((l) => [l.position, l.invoicePosition, l.quantity, l.lineNet, l.documentDiscount, l.net])).toEqual([
      [1, 1, '-1', '-19.99', '-1.00', '-18.99'],
      [2, 2, '-2', '-24.70', '-1.24', '-23.46'],
    ]);
    // 18.99 × 19 % = 3.6081 → 3.61; 23.46 × 7 % = 1.6422 → 1.64.
    expect(groups(totals)).toEqual([
      ['19', '-18.99', '-3.61', '-22.60'],
      ['7', '-23.46', '-1.64', '-25.10'],
    ]);
    expect([totals.net, totals.vat, totals.gross]).toEqual(['-42.45', '-5.25', '-47.70']);
  });

  it('a price reduction is an amount on the line, no quantity', () => {
    const { lines, totals } = creditNote(inv, [], [req(2, { netAmount: '5.00' })], 'refuse');
    expect(lines.map((l) => [l.quantity, l.unitPrice, l.net, l.priceReduction, l.description])).toEqual([
      ['-1', '5.00', '-5.00', true, 'Preisminderung: BOOK'],
    ]);
    expect(groups(totals)).toEqual([['7', '-5.00', '-0.35', '-5.35']]);
  });

  it.each([
    ['a quantity above the line', [req(1, { quantity: '3.5' })], [], 'lines[0].quantity'],
    ['a quantity above what earlier notes left', [req(2, { quantity: '1' }), req(1, { quantity: '1' }, 1)], [[1, '2.5']], 'lines[1].quantity'],
    ['a net amount above the line', [req(2, { netAmount: '46.94' })], [], 'lines[0].netAmount'],
    ['the same line twice, together too much', [req(1, { quantity: '2' }), req(1, { quantity: '1.5' }, 1)], [], 'lines[1].quantity'],
  ] as [string, CreditRequest[], [number, string][], string][])('refuses %s with 409 naming the field', (_, requests, before, field) => {
    const earlier: EarlierCorrection[] = before.length
      ? [
          creditNote(
            inv,
            [],
            before.map(([p, q], i) => req(p, { quantity: q }, i)),
            'refuse',
          ),
        ]
      : [];
    const err = thrown(() => creditNote(inv, earlier, requests, 'refuse')) as DomainError;
    expect([err.status, err.code, err.issues?.map((i) => i.field)]).toEqual([409, 'exceeds_creditable', [field]]);
  });

  it('refuses an unknown invoice position (422) and a money amount finer than the currency', () => {
    expect((thrown(() => creditNote(inv, [], [req(9, { quantity: '1' })], 'refuse')) as ValidationError).issues?.[0]?.field).toBe('lines[0].invoicePosition');
    expect((thrown(() => creditNote(inv, [], [req(1, { netAmount: '1.001' })], 'refuse')) as ValidationError).issues?.[0]?.field).toBe('lines[0].netAmount');
  });

  it('cap (returns): beyond what is left credits the rest; after a price reduction the goods are credited at what is left of the line', () => {
    const reduced = creditNote(inv, [], [req(1, { netAmount: '50.00' })], 'refuse');
    // Line 1: net 56.97, 50.00 reduced: 6.97 left; 2 of 3 pieces would be 39.98 − 2.00: capped at 6.97.
    const back = creditNote(inv, [reduced], [req(1, { quantity: '2' })], 'cap');
    expect(back.lines.map((l) => [l.quantity, l.net])).toEqual([['-2', '-6.97']]);
    expect(() => creditNote(inv, [reduced], [req(1, { quantity: '2' })], 'refuse')).toThrow(DomainError);
    const more = creditNote(inv, [], [req(1, { quantity: '7' })], 'cap');
    expect(more.lines.map((l) => [l.quantity, l.net])).toEqual([['-3', '-56.97']]);
  });

  it('credit notes that together take back everything add up to the invoice per rate, to the cent (seeded random splits)', () => {
    const random = prng(20261201);
    for (let round = 0; round < 200; round++) {
      const unit = () => (1 + Math.floor(random() * 9999)) / 100;
      const specs = [
        spec('A', String(1 + Math.floor(random() * 9)), unit().toFixed(2), '19'),
        spec('B', String(1 + Math.floor(random() * 9)), unit().toFixed(2), '7'),
      ];
      if (random() < 0.5) specs.push(spec('C', String(1 + Math.floor(random() * 5)), unit().toFixed(2), '19'));
      const base = buildOrder({ lines: specs });
      const discounted = base.lines.map((l) => {
        const d = new Decimal(l.net).times(random() * 0.2).toDecimalPlaces(2, Decimal.ROUND_DOWN);
        return { ...l, lineNet: l.net, documentDiscount: d.toFixed(2), couponDiscount: '0', net: new Decimal(l.net).minus(d).toFixed(2) };
      });
      const o = { ...base, lines: discounted, totals: totalsOfNets(discounted, 'EUR') };
      const invoice = invoiceOf(o);
      const left = new Map(invoice.lines.map((l) => [l.position, new Decimal(l.quantity)]));
      const notes: EarlierCorrection[] = [];
      while ([...left.values()].some((q) => q.gt(0))) {
        const requests: CreditRequest[] = [];
        for (const [position, q] of left) {
          if (q.lte(0) || random() < 0.3) continue;
          const take = Decimal.min(q, 1 + Math.floor(random() * 3));
          requests.push(req(position, { quantity: take.toString() }, requests.length));
          left.set(position, q.minus(take));
        }
        if (requests.length) notes.push(creditNote(invoice, notes, requests, 'refuse'));
      }
      for (const g of invoice.totals.taxGroups) {
        const sum = (pick: 'net' | 'vat' | 'gross') =>
          notes
            .flatMap((n) => n.totals.taxGroups)
            .filter((t) => t.vatRate === g.vatRate)
            .reduce((a, t) => a.plus(t[pick]), new Decimal(0));
        expect([g.vatRate, sum('net').neg().toFixed(2), sum('vat').neg().toFixed(2), sum('gross').neg().toFixed(2)]).toEqual([
          g.vatRate,
          g.net,
          g.vat,
          g.gross,
        ]);
      }
      for (const line of invoice.lines) {
        const credited = notes.flatMap((n) => n.lines as (InvoiceLine & { invoicePosition: number })[]).filter((l) => l.invoicePosition === line.position);
        expect(credited.reduce((a, l) => a.minus(l.net), new Decimal(0)).toFixed(2)).toBe(line.net);
      }
      // Nothing is left: any further credit is refused.
      expect(() => creditNote(invoice, notes, [req(1, { quantity: '0.0001' })], 'refuse')).toThrow(DomainError);
    }
  });
});

describe('allocateReturn', () => {
  const line = (position: number, orderPosition: number, quantity: string, kind?: 'charge'): InvoiceLine => ({
    position,
    orderPosition,
    deliveryNoteNumber: 'LS-1',
    productId: 'p',
    sku: 's',
    description: 'd',
    quantity,
    unit: 'Stk',
    unitPrice: '1.00',
    discountPercent: '0',
    vatRate: '19',
    net: quantity,
    ...(kind ? { kind } : {}),
  });
  const first = { number: 'RE-1', lines: [line(1, 1, '2'), line(2, 2, '1'), line(3, 3, '1', 'charge')], earlier: [] };
  const second = { number: 'RE-2', lines: [line(1, 1, '1')], earlier: [] };

  it.each([
    ['within the first invoice', [{ orderPosition: 1, quantity: '2' }], [['RE-1', [[1, '2']]]], []],
    [
      'over both invoices, oldest first',
      [{ orderPosition: 1, quantity: '3' }],
      [
        ['RE-1', [[1, '2']]],
        ['RE-2', [[1, '1']]],
      ],
      [],
    ],
    [
      'more than invoiced: the rest uncredited',
      [{ orderPosition: 1, quantity: '5' }],
      [
        ['RE-1', [[1, '2']]],
        ['RE-2', [[1, '1']]],
      ],
      [{ orderPosition: 1, quantity: '2' }],
    ],
    ['never invoiced', [{ orderPosition: 4, quantity: '1' }], [], [{ orderPosition: 4, quantity: '1' }]],
    ['a charge is never credited for returned goods', [{ orderPosition: 3, quantity: '1' }], [], [{ orderPosition: 3, quantity: '1' }]],
  ])('%s', (_, returned, perInvoice, uncredited) => {
    const out = allocateReturn(returned, [first, second]);
    expect(out.perInvoice.map((p) => [p.number, p.requests.map((r) => [r.invoicePosition, r.quantity])])).toEqual(perInvoice);
    expect(out.uncredited).toEqual(uncredited);
  });

  it('what earlier credit notes took back is not credited again', () => {
    const inv = { number: 'RE-1', currency: 'EUR', exchangeRate: order().exchangeRate, lines: first.lines, totals: totalsOfNets(first.lines, 'EUR') };
    const earlier = [creditNote(inv, [], [req(1, { quantity: '2' })], 'refuse')];
    const out = allocateReturn([{ orderPosition: 1, quantity: '2' }], [{ ...first, earlier }, second]);
    expect(out.perInvoice.map((p) => [p.number, p.requests.map((r) => [r.invoicePosition, r.quantity])])).toEqual([['RE-2', [[1, '1']]]]);
    expect(out.uncredited).toEqual([{ orderPosition: 1, quantity: '1' }]);
  });
});

describe('balanceOf: open = gross − paid − credited, never negative; the excess is refundable', () => {
  it.each([
    ['nothing paid', '124.22', '0', '0', '0', '124.22', '0'],
    ['partly paid and credited', '124.22', '50.00', '50.22', '0', '24.00', '0'],
    ['paid and credited beyond the gross', '124.22', '100.00', '50.22', '0', '0', '26.00'],
    ['part of the excess refunded', '124.22', '100.00', '50.22', '20.00', '0', '6.00'],
    ['all refunded', '124.22', '124.22', '10.00', '10.00', '0', '0'],
  ])('%s', (_, gross, paid, credited, refunded, open, refundable) => {
    const b = balanceOf(gross, paid, credited, refunded);
    expect([b.open.toString(), b.refundable.toString()]).toEqual([new Decimal(open).toString(), new Decimal(refundable).toString()]);
  });
});
