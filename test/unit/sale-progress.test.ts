import { describe, it, expect } from '@jest/globals';
import { deliveryStage, isSettled } from '../../workflows/src/workflows/sale-progress.ts';

const ordered = (position: number, quantity: string) => ({ position, quantity });
const shipped = (orderPosition: number, quantity: string) => ({ orderPosition, quantity });
const order = [ordered(1, '10'), ordered(2, '2.5')];
const all = [shipped(1, '10'), shipped(2, '2.5')];

describe('deliveryStage', () => {
  it.each([
    { name: 'nothing shipped', shipments: [], expected: 'partially_delivered' },
    { name: 'one position complete, one not started', shipments: [shipped(1, '10')], expected: 'partially_delivered' },
    { name: 'short by a fraction', shipments: [shipped(1, '10'), shipped(2, '2.49')], expected: 'partially_delivered' },
    { name: 'everything in one go', shipments: all, expected: 'delivered' },
    { name: 'split over several shipments', shipments: [shipped(1, '4'), shipped(2, '1.25'), shipped(1, '6'), shipped(2, '1.25')], expected: 'delivered' },
    { name: 'more than ordered', shipments: [shipped(1, '11'), shipped(2, '3')], expected: 'delivered' },
    { name: 'shipments of other positions do not count', shipments: [shipped(1, '10'), shipped(3, '2.5')], expected: 'partially_delivered' },
    { name: 'quantities written with trailing zeros', shipments: [shipped(1, '10.000'), shipped(2, '2.50')], expected: 'delivered' },
  ])('$name → $expected', ({ shipments, expected }) => {
    expect(deliveryStage(order, shipments)).toBe(expected);
  });
});

describe('isSettled: everything shipped and every live invoice paid', () => {
  const none = new Set<string>();
  it.each([
    { name: 'delivered, one paid invoice', shipments: all, invoices: ['RE-1'], paid: ['RE-1'], cancelled: [], expected: true },
    { name: 'delivered, two invoices both paid', shipments: all, invoices: ['RE-1', 'RE-2'], paid: ['RE-1', 'RE-2'], cancelled: [], expected: true },
    { name: 'delivered, one of two invoices unpaid', shipments: all, invoices: ['RE-1', 'RE-2'], paid: ['RE-1'], cancelled: [], expected: false },
    { name: 'delivered, the unpaid one cancelled', shipments: all, invoices: ['RE-1', 'RE-2'], paid: ['RE-1'], cancelled: ['RE-2'], expected: true },
    { name: 'delivered, every invoice cancelled', shipments: all, invoices: ['RE-1'], paid: [], cancelled: ['RE-1'], expected: false },
    { name: 'delivered, no invoice yet', shipments: all, invoices: [], paid: [], cancelled: [], expected: false },
    { name: 'delivered, paid set names another invoice', shipments: all, invoices: ['RE-1'], paid: ['RE-9'], cancelled: [], expected: false },
    { name: 'partially delivered, all paid', shipments: [shipped(1, '10')], invoices: ['RE-1'], paid: ['RE-1'], cancelled: [], expected: false },
    { name: 'nothing delivered', shipments: [], invoices: [], paid: [], cancelled: [], expected: false },
  ])('$name → $expected', ({ shipments, invoices, paid, cancelled, expected }) => {
    expect(isSettled(order, shipments, invoices, new Set(paid), cancelled.length ? new Set(cancelled) : none)).toBe(expected);
  });
});
