import { describe, it, expect } from '@jest/globals';
import { coveredWithCancellations, decideCancellation, orderLinesJson } from '../../services/order/src/domain/line-changes.ts';
import { coversOrder, planDelivery } from '../../services/fulfillment/src/domain/delivery.ts';
import { DomainError } from '../../shared/errors.ts';
import { thrown } from '../helpers/thrown.ts';
import { orderLine } from '../helpers/order-line.ts';

/** Cancelling (part of) order lines: how much may go, what the order shows, and what counts as delivered. */

const lines = [orderLine(1, '6'), orderLine(2, '5'), orderLine(3, '1', { kind: 'charge' })];
const shipping = (shipped1: string, notes1: string, shipped2 = '0', notes2 = '0') => [
  { position: 1, shipped: shipped1, onDeliveryNotes: notes1 },
  { position: 2, shipped: shipped2, onDeliveryNotes: notes2 },
];
const coded = (err: unknown) => {
  const e = err as DomainError;
  return [e.status, e.code, e.issues?.[0]?.field];
};

describe('decideCancellation', () => {
  it.each([
    { name: 'all that is open by default', cancellations: [], ship: shipping('2', '1'), position: 1, requested: undefined, quantity: '3', lineOpen: '1' },
    { name: 'a part', cancellations: [], ship: shipping('0', '0'), position: 1, requested: '1.5', quantity: '1.5', lineOpen: '4.5' },
    {
      name: 'after an earlier cancellation',
      cancellations: [{ position: 1, quantity: '2' }],
      ship: shipping('1', '0'),
      position: 1,
      requested: undefined,
      quantity: '3',
      lineOpen: '0',
    },
  ])('cancels $name', ({ cancellations, ship, position, requested, quantity, lineOpen }) => {
    const d = decideCancellation('AB-1', lines, cancellations, ship, position, requested);
    expect([d.quantity.toString(), d.lineOpen.toString(), d.orderComplete]).toEqual([quantity, lineOpen, false]);
  });

  it.each([
    { name: 'more than is open', ship: shipping('2', '1'), position: 1, requested: '4', expected: [409, 'exceeds_open', 'quantity'] },
    { name: 'what is on an open delivery note', ship: shipping('0', '6'), position: 1, requested: '1', expected: [409, 'nothing_open', 'quantity'] },
    { name: 'what has shipped', ship: shipping('6', '0'), position: 1, requested: undefined, expected: [409, 'nothing_open', 'quantity'] },
    { name: 'an unknown position', ship: shipping('0', '0'), position: 9, requested: undefined, expected: [422, 'validation_failed', 'position'] },
    { name: 'a charge', ship: shipping('0', '0'), position: 3, requested: undefined, expected: [422, 'validation_failed', 'position'] },
  ])('refuses $name', ({ ship, position, requested, expected }) => {
    const err = thrown(() => decideCancellation('AB-1', lines, [], ship, position, requested));
    expect(err).toBeInstanceOf(DomainError);
    expect(coded(err)).toEqual(expected);
  });

  it('refuses to cancel everything of an order of which nothing shipped (that is an order cancellation)', () => {
    const err = thrown(() => decideCancellation('AB-1', lines, [{ position: 1, quantity: '6' }], shipping('0', '0'), 2, undefined));
    expect(coded(err)).toEqual([409, 'cancel_order_instead', 'quantity']);
  });

  it('says the order is complete when shipped and cancelled quantities cover every goods line (charges aside)', () => {
    const d = decideCancellation('AB-1', lines, [{ position: 1, quantity: '1' }], shipping('5', '0', '3'), 2, undefined);
    expect([d.quantity.toString(), d.lineOpen.toString(), d.orderComplete]).toEqual(['2', '0', true]);
    expect(
      coveredWithCancellations(
        lines,
        [
          { position: 1, deliveredQuantity: '5' },
          { position: 2, deliveredQuantity: '3' },
        ],
        [
          { position: 1, quantity: '1' },
          { position: 2, quantity: '2' },
        ],
      ),
    ).toBe(true);
    expect(coveredWithCancellations(lines, [{ position: 1, deliveredQuantity: '5' }], [{ position: 1, quantity: '1' }])).toBe(false);
  });
});

describe("the order's lines", () => {
  it('show ordered, cancelled and open per line; a charge is never open', () => {
    const shown = orderLinesJson(
      lines,
      [{ position: 1, deliveredQuantity: '2' }],
      [
        { position: 1, quantity: '1' },
        { position: 1, quantity: '0.5' },
      ],
    );
    expect(shown.map((l) => [l.position, l.quantity, l.cancelledQuantity, l.openQuantity])).toEqual([
      [1, '6', '1.5', '2.5'],
      [2, '5', '0', '5'],
      [3, '1', '0', '0'],
    ]);
  });
});

describe('the warehouse with cancelled quantities', () => {
  const order = [orderLine(1, '6', { cancelledQuantity: '1' } as object), orderLine(2, '5', { cancelledQuantity: '5' } as object)];

  it('plans notes for what is neither cancelled nor on earlier notes, and refuses more', () => {
    expect(planDelivery(order, []).map((l) => [l.orderPosition, l.quantity])).toEqual([[1, '5']]);
    expect((thrown(() => planDelivery(order, [], [{ orderPosition: 1, quantity: '6' }])) as DomainError).code).toBe('exceeds_ordered');
    expect((thrown(() => planDelivery(order, [], [{ orderPosition: 2, quantity: '1' }])) as DomainError).code).toBe('exceeds_ordered');
  });

  it('counts cancelled quantities as done when deciding whether the order is complete', () => {
    expect(coversOrder(order, [{ orderPosition: 1, quantity: '5' }])).toBe(true);
    expect(coversOrder(order, [{ orderPosition: 1, quantity: '4' }])).toBe(false);
  });
});
