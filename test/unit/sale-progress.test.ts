import { describe, it, expect } from '@jest/globals';
import { deliveryStage, isSettled, uninvoicedShipments, type BilledInvoice } from '../../workflows/src/workflows/sale-progress.ts';

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

describe('isSettled: everything shipped, everything shipped invoiced, every live invoice paid', () => {
  const ls1 = { deliveryNote: 'LS-1', lines: [shipped(1, '10')] };
  const ls2 = { deliveryNote: 'LS-2', lines: [shipped(2, '2.5')] };
  const both = { deliveryNote: 'LS-3', lines: all };
  const inv = (number: string, deliveryNotes: string[], status: 'open' | 'paid' | 'cancelled') => ({ number, deliveryNotes, status });
  it.each([
    { name: 'delivered, one paid invoice', shipments: [both], invoices: [inv('RE-1', ['LS-3'], 'paid')], expected: true },
    { name: 'delivered in two notes, two invoices both paid', shipments: [ls1, ls2], invoices: [inv('RE-1', ['LS-1'], 'paid'), inv('RE-2', ['LS-2'], 'paid')], expected: true },
    { name: 'delivered in two notes, one invoice of both, paid', shipments: [ls1, ls2], invoices: [inv('RE-1', ['LS-1', 'LS-2'], 'paid')], expected: true },
    { name: 'delivered, one of two invoices unpaid', shipments: [ls1, ls2], invoices: [inv('RE-1', ['LS-1'], 'paid'), inv('RE-2', ['LS-2'], 'open')], expected: false },
    { name: 'delivered, the second note never invoiced', shipments: [ls1, ls2], invoices: [inv('RE-1', ['LS-1'], 'paid')], expected: false },
    { name: 'delivered, the second note only on a cancelled invoice', shipments: [ls1, ls2], invoices: [inv('RE-1', ['LS-1'], 'paid'), inv('RE-2', ['LS-2'], 'cancelled')], expected: false },
    { name: 'delivered, cancelled invoice replaced by a paid one', shipments: [both], invoices: [inv('RE-1', ['LS-3'], 'cancelled'), inv('RE-2', ['LS-3'], 'paid')], expected: true },
    { name: 'delivered, every invoice cancelled', shipments: [both], invoices: [inv('RE-1', ['LS-3'], 'cancelled')], expected: false },
    { name: 'delivered, no invoice yet', shipments: [both], invoices: [], expected: false },
    { name: 'partially delivered, all paid', shipments: [ls1], invoices: [inv('RE-1', ['LS-1'], 'paid')], expected: false },
    { name: 'nothing delivered', shipments: [], invoices: [], expected: false },
  ])('$name → $expected', ({ shipments, invoices, expected }) => {
    expect(isSettled(order, shipments, invoices as BilledInvoice[])).toBe(expected);
  });
});

describe('uninvoicedShipments', () => {
  it('lists shipped notes no live invoice bills', () => {
    const shipments = [{ deliveryNote: 'LS-1', lines: [] }, { deliveryNote: 'LS-2', lines: [] }, { deliveryNote: 'LS-3', lines: [] }];
    const invoices: BilledInvoice[] = [{ number: 'RE-1', deliveryNotes: ['LS-1'], status: 'open' }, { number: 'RE-2', deliveryNotes: ['LS-2'], status: 'cancelled' }];
    expect(uninvoicedShipments(shipments, invoices)).toEqual(['LS-2', 'LS-3']);
  });
});
