import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import {
  allocate,
  applyChange,
  available,
  correctedLevel,
  fitNoteToStock,
  shipmentChange,
  type PositionStock,
} from '../../services/fulfillment/src/domain/stock.ts';
import type { DeliveryLine } from '../../shared/contracts/fulfillment/index.ts';
import { DomainError } from '../../shared/errors.ts';
import { thrown } from '../helpers/thrown.ts';
import { prng } from '../helpers/prng.ts';

const d = (v: string | number) => new Decimal(v);
const level = (onHand: string, reserved: string) => ({ onHand: d(onHand), reserved: d(reserved) });
const show = (l: { onHand: Decimal; reserved: Decimal }) => [l.onHand.toString(), l.reserved.toString(), available(l).toString()];

function noteLine(orderPosition: number, quantity: string): DeliveryLine {
  return { position: 0, orderPosition, sku: `SKU-${orderPosition}`, description: `Item ${orderPosition}`, quantity, unit: 'Stk' };
}
const stocked = (key: string, reservedFree: string): PositionStock => ({ stockKey: key, reservedFree: d(reservedFree) });
const unstocked: PositionStock = { stockKey: null, reservedFree: d(0) };

describe('stock levels: on hand, reserved, available never negative', () => {
  it.each([
    { name: 'receipt', start: ['0', '0'], change: ['5', '0'], expected: ['5', '0', '5'] },
    { name: 'reservation of what is available', start: ['5', '2'], change: ['0', '3'], expected: ['5', '5', '0'] },
    { name: 'release', start: ['5', '5'], change: ['0', '-2.5'], expected: ['5', '2.5', '2.5'] },
    { name: 'shipment of reserved goods', start: ['5', '3'], change: ['-3', '-3'], expected: ['2', '0', '2'] },
  ])('$name', ({ start, change, expected }) => {
    expect(show(applyChange(level(start[0]!, start[1]!), { onHand: d(change[0]!), reserved: d(change[1]!) }, 'x'))).toEqual(expected);
  });

  it.each([
    { name: 'reserving more than available', start: ['5', '4'], change: ['0', '2'] },
    { name: 'shipping more than on hand', start: ['1', '0'], change: ['-2', '0'] },
    { name: 'shipping unreserved goods that are reserved for others', start: ['3', '3'], change: ['-1', '0'] },
    { name: 'releasing more than reserved', start: ['3', '1'], change: ['0', '-2'] },
  ])('refuses $name with 409 insufficient_stock', ({ start, change }) => {
    const err = thrown(() => applyChange(level(start[0]!, start[1]!), { onHand: d(change[0]!), reserved: d(change[1]!) }, 'x', 'lines[0].quantity'));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ status: 409, code: 'insufficient_stock', issues: [{ field: 'lines[0].quantity' }] });
  });

  it('a correction may not take away reserved stock, nor go below zero', () => {
    expect(show(correctedLevel(level('10', '4'), d('-6')))).toEqual(['4', '4', '0']);
    expect(thrown(() => correctedLevel(level('10', '4'), d('-6.5')))).toMatchObject({ code: 'insufficient_stock', issues: [{ field: 'quantity' }] });
    expect(thrown(() => correctedLevel(level('1', '0'), d('-2')))).toMatchObject({ code: 'insufficient_stock' });
  });

  it("a shipment draws on the position's reservation first, then on free stock", () => {
    expect(shipmentChange(level('10', '6'), d('4'), d('3'), 'x', 'f')).toMatchObject({ onHand: d(-4), reserved: d(-3), fromReserved: d(3) });
    expect(thrown(() => shipmentChange(level('10', '9'), d('4'), d('2'), 'x', 'lines[1].quantity'))).toMatchObject({
      code: 'insufficient_stock',
      issues: [{ field: 'lines[1].quantity' }],
    });
  });
});

describe('allocate: free stock shared out oldest first', () => {
  it.each([
    { free: '10', wants: ['3', '4', '5'], expected: ['3', '4', '3'] },
    { free: '2', wants: ['3', '4'], expected: ['2'] },
    { free: '0', wants: ['3'], expected: [] },
    { free: '7', wants: ['0', '2.5', '-1', '10'], expected: ['2.5', '4.5'] },
  ])('$free over $wants', ({ free, wants, expected }) => {
    expect(
      allocate(
        d(free),
        wants.map((w, i) => ({ key: i, want: d(w) })),
      ).map((s) => s.take.toString()),
    ).toEqual(expected);
  });

  it('never hands out more than there is, nor more than anyone wants (seeded random cases)', () => {
    const random = prng(8);
    for (let run = 0; run < 500; run++) {
      const free = d(Math.floor(random() * 50)).div(4);
      const wants = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, i) => ({ key: i, want: d(Math.floor(random() * 40)).div(4) }));
      const shares = allocate(free, wants);
      const total = shares.reduce((a, s) => a.plus(s.take), d(0));
      expect(total.lte(free)).toBe(true);
      for (const s of shares) expect(s.take.gt(0) && s.take.lte(wants[s.key]!.want)).toBe(true);
      // Oldest first: everyone before the last served got all they wanted.
      const lastServed = shares.at(-1)?.key ?? -1;
      for (const w of wants.filter((x) => x.key < lastServed && x.want.gt(0)))
        expect(shares.find((s) => s.key === w.key)?.take.toString()).toBe(w.want.toString());
      // Stock is left over only when every want is met.
      if (total.lt(free))
        for (const w of wants.filter((x) => x.want.gt(0))) expect(shares.find((s) => s.key === w.key)?.take.toString()).toBe(w.want.toString());
    }
  });
});

describe('fitNoteToStock: what a delivery note may take', () => {
  const positions = new Map([
    [1, stocked('A', '2')],
    [2, stocked('A', '0')],
    [3, unstocked],
  ]);

  it("takes reservations first, then free stock shared by the note's lines, and does not limit unstocked lines", () => {
    const fitted = fitNoteToStock([noteLine(1, '3'), noteLine(2, '1'), noteLine(3, '99')], positions, new Map([['A', d(2)]]), false);
    expect(fitted.lines.map((l) => [l.position, l.orderPosition, l.quantity])).toEqual([
      [1, 1, '3'],
      [2, 2, '1'],
      [3, 3, '99'],
    ]);
    expect(fitted.extraReservations.map((e) => [e.orderPosition, e.quantity.toString()])).toEqual([
      [1, '1'],
      [2, '1'],
    ]);
  });

  it('refuses a line beyond reservation plus free stock, naming it', () => {
    const err = thrown(() => fitNoteToStock([noteLine(1, '3'), noteLine(2, '2')], positions, new Map([['A', d(2)]]), false));
    expect(err).toMatchObject({ status: 409, code: 'insufficient_stock', issues: [{ field: 'lines[1].quantity' }] });
    expect((err as Error).message).toContain('position 2 (SKU-2): 2 Stk wanted, 1 available to this order (0 reserved, 1 free)');
  });

  it('with backorders allowed takes what there is, drops empty lines and renumbers', () => {
    const fitted = fitNoteToStock([noteLine(2, '5'), noteLine(1, '4'), noteLine(3, '1')], positions, new Map([['A', d(0)]]), true);
    expect(fitted.lines.map((l) => [l.position, l.orderPosition, l.quantity])).toEqual([
      [1, 1, '2'],
      [2, 3, '1'],
    ]);
    expect(fitted.extraReservations).toEqual([]);
  });

  it('refuses a note that would be empty', () => {
    expect(thrown(() => fitNoteToStock([noteLine(2, '5')], positions, new Map([['A', d(0)]]), true))).toMatchObject({
      code: 'insufficient_stock',
      issues: [{ field: 'lines' }],
    });
  });
});
