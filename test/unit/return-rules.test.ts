import { describe, it, expect } from '@jest/globals';
import { planReturn, returnStates, returnWarehouse, type NoteForReturn } from '../../services/fulfillment/src/domain/returns.ts';
import { DomainError, ValidationError } from '../../shared/errors.ts';
import type { ReturnCondition, ReturnLine, ReturnStatus } from '../../shared/contracts/fulfillment/returns.ts';
import { thrown } from '../helpers/thrown.ts';
import { orderLine } from '../helpers/order-line.ts';

const pq = (orderPosition: number, quantity: string) => ({ orderPosition, quantity });
const want = (orderPosition: number, quantity: string, condition: ReturnCondition = 'resaleable') => ({
  orderPosition,
  quantity,
  reason: 'Kunde hat falsch bestellt',
  condition,
});
const pairs = (lines: ReturnLine[]) => lines.map((l) => [l.position, l.orderPosition, l.quantity, l.condition]);

const order = [
  orderLine(1, '10'),
  orderLine(2, '2.5', { unit: 'kg', sku: 'KAFFEE', description: 'Kaffee' }),
  orderLine(3, '1', { kind: 'charge', sku: 'VERSAND' }),
];

describe('planReturn: what a new return may take back', () => {
  it('copies sku, description and unit from the order line and keeps reason and condition; not booked anywhere yet', () => {
    expect(planReturn(order, [pq(2, '2.5')], [], [want(2, '0.50', 'damaged')])).toEqual([
      {
        position: 1,
        orderPosition: 2,
        sku: 'KAFFEE',
        description: 'Kaffee',
        quantity: '0.5',
        unit: 'kg',
        reason: 'Kunde hat falsch bestellt',
        condition: 'damaged',
        deliveryNoteNumber: null,
        deliveryNotePosition: null,
        warehouse: null,
      },
    ]);
  });

  it.each([
    { name: 'all of one shipment', shipped: [pq(1, '4')], earlier: [], requested: [want(1, '4')], expected: [[1, 1, '4', 'resaleable']] },
    {
      name: 'shipped in two notes, returned in one',
      shipped: [pq(1, '4'), pq(1, '6')],
      earlier: [],
      requested: [want(1, '10')],
      expected: [[1, 1, '10', 'resaleable']],
    },
    {
      name: 'what earlier returns left',
      shipped: [pq(1, '5')],
      earlier: [pq(1, '2'), pq(1, '1')],
      requested: [want(1, '2')],
      expected: [[1, 1, '2', 'resaleable']],
    },
    {
      name: 'one position split by condition',
      shipped: [pq(1, '5')],
      earlier: [],
      requested: [want(1, '3'), want(1, '2', 'damaged')],
      expected: [
        [1, 1, '3', 'resaleable'],
        [2, 1, '2', 'damaged'],
      ],
    },
    {
      name: 'two positions',
      shipped: [pq(1, '1'), pq(2, '2.5')],
      earlier: [],
      requested: [want(2, '2.5'), want(1, '1')],
      expected: [
        [1, 2, '2.5', 'resaleable'],
        [2, 1, '1', 'resaleable'],
      ],
    },
  ])('allows $name', ({ shipped, earlier, requested, expected }) => {
    expect(pairs(planReturn(order, shipped, earlier, requested))).toEqual(expected);
  });

  it.each([
    { name: 'more than shipped', shipped: [pq(1, '3')], earlier: [], requested: [want(1, '4')], field: 'lines[0].quantity', says: 'only 3 of 3' },
    {
      name: 'more than earlier returns left',
      shipped: [pq(1, '3')],
      earlier: [pq(1, '2')],
      requested: [want(1, '2')],
      field: 'lines[0].quantity',
      says: 'only 1 of 3',
    },
    { name: 'a position that did not ship', shipped: [pq(1, '3')], earlier: [], requested: [want(2, '1')], field: 'lines[0].quantity', says: 'only 0 of 0' },
    {
      name: 'two lines of one position that together exceed it',
      shipped: [pq(1, '3')],
      earlier: [],
      requested: [want(1, '2'), want(1, '2', 'damaged')],
      field: 'lines[1].quantity',
      says: 'only 1 of 3',
    },
    {
      name: 'everything already returned',
      shipped: [pq(1, '3')],
      earlier: [pq(1, '3')],
      requested: [want(1, '0.0001')],
      field: 'lines[0].quantity',
      says: 'only 0 of 3',
    },
  ])('refuses $name with 409 exceeds_shipped naming the line', ({ shipped, earlier, requested, field, says }) => {
    const err = thrown(() => planReturn(order, shipped, earlier, requested));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ status: 409, code: 'exceeds_shipped', issues: [{ field }] });
    expect((err as Error).message).toContain(says);
  });

  it('refuses a return for an order of which nothing has shipped with 409 nothing_shipped', () => {
    expect(thrown(() => planReturn(order, [], [], [want(1, '1')]))).toMatchObject({ status: 409, code: 'nothing_shipped', issues: [{ field: 'orderNumber' }] });
  });

  it.each([
    { name: 'an unknown position', position: 9 },
    { name: 'a charge (never shipped)', position: 3 },
  ])("refuses $name with 422 naming the line's position", ({ position }) => {
    const err = thrown(() => planReturn(order, [pq(1, '1')], [], [want(1, '1'), want(position, '1')]));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ status: 422, issues: [{ field: 'lines[1].orderPosition' }] });
  });
});

describe('planReturn: lines naming the delivery note they came with', () => {
  // LS-1 shipped 4 of position 1 and 2.5 kg of position 2; LS-2 shipped 6 of position 1; LS-3 is still open.
  const notes: NoteForReturn[] = [
    {
      number: 'LS-2026-00001',
      status: 'shipped',
      lines: [
        { position: 1, orderPosition: 1, quantity: '4' },
        { position: 2, orderPosition: 2, quantity: '2.5' },
      ],
    },
    { number: 'LS-2026-00002', status: 'shipped', lines: [{ position: 1, orderPosition: 1, quantity: '6' }] },
    { number: 'LS-2026-00003', status: 'open', lines: [{ position: 1, orderPosition: 1, quantity: '1' }] },
  ];
  const shipped = [pq(1, '4'), pq(2, '2.5'), pq(1, '6')];
  const byNote = (deliveryNoteNumber: string, quantity: string, extra: { deliveryNotePosition?: number; orderPosition?: number } = {}) => ({
    deliveryNoteNumber,
    quantity,
    reason: 'Transportschaden',
    condition: 'damaged' as const,
    ...extra,
  });
  const refs = (lines: ReturnLine[]) => lines.map((l) => [l.orderPosition, l.quantity, l.deliveryNoteNumber, l.deliveryNotePosition]);

  it("resolves the order position from the note line, by note position, by order position, or as the note's only line", () => {
    const lines = planReturn(
      order,
      shipped,
      [],
      [byNote('LS-2026-00001', '1', { deliveryNotePosition: 2 }), byNote('LS-2026-00001', '3', { orderPosition: 1 }), byNote('LS-2026-00002', '6')],
      notes,
    );
    expect(refs(lines)).toEqual([
      [2, '1', 'LS-2026-00001', 2],
      [1, '3', 'LS-2026-00001', 1],
      [1, '6', 'LS-2026-00002', 1],
    ]);
    expect(lines[0]).toMatchObject({ sku: 'KAFFEE', unit: 'kg' });
  });

  it('keeps the order-position form: no note fields', () => {
    expect(refs(planReturn(order, shipped, [], [want(1, '10')], notes))).toEqual([[1, '10', null, null]]);
  });

  it.each([
    { name: 'more than the note shipped', requested: [byNote('LS-2026-00001', '5', { orderPosition: 1 })], earlier: [], says: 'only 4 of 4' },
    {
      name: 'more than the note shipped minus earlier returns of it',
      requested: [byNote('LS-2026-00002', '2')],
      earlier: [{ ...pq(1, '5'), deliveryNoteNumber: 'LS-2026-00002' }],
      says: 'only 1 of 6',
    },
    {
      name: 'two lines of this request naming one note',
      requested: [byNote('LS-2026-00002', '4'), byNote('LS-2026-00002', '3', { deliveryNotePosition: 1 })],
      earlier: [],
      says: 'only 2 of 6',
    },
  ])('refuses $name with 409 exceeds_shipped naming the line', ({ requested, earlier, says }) => {
    const err = thrown(() => planReturn(order, shipped, earlier, requested, notes));
    expect(err).toMatchObject({ status: 409, code: 'exceeds_shipped', issues: [{ field: `lines[${requested.length - 1}].quantity` }] });
    expect((err as Error).message).toContain(says);
  });

  it('a return by position still counts against the position as a whole, whichever note it names', () => {
    // 9 of 10 taken back by position: a note may have shipped 6, but only 1 is left of the position.
    const err = thrown(() => planReturn(order, shipped, [pq(1, '9')], [byNote('LS-2026-00002', '2')], notes));
    expect(err).toMatchObject({ status: 409, code: 'exceeds_shipped', issues: [{ field: 'lines[0].quantity' }] });
  });

  it.each([
    { name: 'a note of another order (or none)', line: byNote('LS-2026-00099', '1'), status: 422, field: 'lines[0].deliveryNoteNumber' },
    { name: 'a note not shipped', line: byNote('LS-2026-00003', '1'), status: 409, field: 'lines[0].deliveryNoteNumber', code: 'note_not_shipped' },
    {
      name: 'a note position it does not have',
      line: byNote('LS-2026-00001', '1', { deliveryNotePosition: 3 }),
      status: 422,
      field: 'lines[0].deliveryNotePosition',
    },
    {
      name: 'an order position that does not match the note line',
      line: byNote('LS-2026-00001', '1', { deliveryNotePosition: 2, orderPosition: 1 }),
      status: 422,
      field: 'lines[0].orderPosition',
    },
    { name: 'an order position the note did not ship', line: byNote('LS-2026-00002', '1', { orderPosition: 2 }), status: 422, field: 'lines[0].orderPosition' },
    { name: 'no line named on a note of several lines', line: byNote('LS-2026-00001', '1'), status: 422, field: 'lines[0].deliveryNotePosition' },
  ])('refuses $name naming the field', ({ line, status, field, code }) => {
    const err = thrown(() => planReturn(order, shipped, [], [line], notes));
    expect(err).toMatchObject({ status, issues: [{ field }], ...(code ? { code } : {}) });
  });
});

describe('return lifecycle and where the goods go', () => {
  it.each<[ReturnStatus, 'receive' | 'cancel', ReturnStatus | null]>([
    ['announced', 'receive', 'received'],
    ['announced', 'cancel', 'cancelled'],
    ['received', 'cancel', null],
    ['received', 'receive', null],
    ['cancelled', 'receive', null],
    ['cancelled', 'cancel', null],
  ])('%s + %s → %s', (from, action, to) => {
    if (to) expect(returnStates.next(from, action)).toBe(to);
    else expect(thrown(() => returnStates.next(from, action))).toMatchObject({ status: 409, code: 'invalid_transition' });
  });

  it.each<[ReturnCondition, string | null, string | null]>([
    ['resaleable', 'HAUPT', 'HAUPT'],
    ['resaleable', 'LAGER2', 'LAGER2'],
    ['damaged', 'HAUPT', 'SPERR'],
    ['resaleable', null, null],
    ['damaged', null, null],
  ])('%s goods shipped from %s go to %s', (condition, shippedFrom, expected) => {
    expect(returnWarehouse(condition, shippedFrom, 'SPERR')).toBe(expected);
  });
});
