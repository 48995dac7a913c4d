import { describe, it, expect } from '@jest/globals';
import { isSettled, uninvoicedShipments, type BilledInvoice } from '../../workflows/src/workflows/sale-progress.ts';
import { coversOrder } from '../../services/fulfillment/src/domain/delivery.ts';

const ordered = (position: number, quantity: string, kind: 'item' | 'charge' = 'item') => ({ position, quantity, kind });
const shipped = (orderPosition: number, quantity: string) => ({ orderPosition, quantity });
const order = [ordered(1, '10'), ordered(2, '2.5'), ordered(3, '1', 'charge')];
const all = [shipped(1, '10'), shipped(2, '2.5')];

describe('coversOrder (the fulfillment service decides when a shipment completes the order)', () => {
  it.each([
    { name: 'nothing shipped', shipments: [], expected: false },
    { name: 'one position complete, one not started', shipments: [shipped(1, '10')], expected: false },
    { name: 'short by a fraction', shipments: [shipped(1, '10'), shipped(2, '2.49')], expected: false },
    { name: 'everything in one go (the charge is never shipped)', shipments: all, expected: true },
    { name: 'split over several shipments', shipments: [shipped(1, '4'), shipped(2, '1.25'), shipped(1, '6'), shipped(2, '1.25')], expected: true },
    { name: 'shipments of other positions do not count', shipments: [shipped(1, '10'), shipped(4, '2.5')], expected: false },
    { name: 'quantities written with trailing zeros', shipments: [shipped(1, '10.000'), shipped(2, '2.50')], expected: true },
  ])('$name → $expected', ({ shipments, expected }) => {
    expect(coversOrder(order, shipments)).toBe(expected);
  });
});

describe('isSettled: everything shipped, everything shipped invoiced, every live invoice paid', () => {
  const inv = (number: string, deliveryNotes: string[], status: 'open' | 'paid' | 'cancelled') => ({ number, deliveryNotes, status });
  it.each([
    { name: 'delivered, one paid invoice', delivered: true, shipments: ['LS-3'], invoices: [inv('RE-1', ['LS-3'], 'paid')], expected: true },
    {
      name: 'delivered in two notes, two invoices both paid',
      delivered: true,
      shipments: ['LS-1', 'LS-2'],
      invoices: [inv('RE-1', ['LS-1'], 'paid'), inv('RE-2', ['LS-2'], 'paid')],
      expected: true,
    },
    {
      name: 'delivered in two notes, one invoice of both, paid',
      delivered: true,
      shipments: ['LS-1', 'LS-2'],
      invoices: [inv('RE-1', ['LS-1', 'LS-2'], 'paid')],
      expected: true,
    },
    {
      name: 'delivered, one of two invoices unpaid',
      delivered: true,
      shipments: ['LS-1', 'LS-2'],
      invoices: [inv('RE-1', ['LS-1'], 'paid'), inv('RE-2', ['LS-2'], 'open')],
      expected: false,
    },
    {
      name: 'delivered, the second note never invoiced',
      delivered: true,
      shipments: ['LS-1', 'LS-2'],
      invoices: [inv('RE-1', ['LS-1'], 'paid')],
      expected: false,
    },
    {
      name: 'delivered, the second note only on a cancelled invoice',
      delivered: true,
      shipments: ['LS-1', 'LS-2'],
      invoices: [inv('RE-1', ['LS-1'], 'paid'), inv('RE-2', ['LS-2'], 'cancelled')],
      expected: false,
    },
    {
      name: 'delivered, cancelled invoice replaced by a paid one',
      delivered: true,
      shipments: ['LS-3'],
      invoices: [inv('RE-1', ['LS-3'], 'cancelled'), inv('RE-2', ['LS-3'], 'paid')],
      expected: true,
    },
    { name: 'delivered, every invoice cancelled', delivered: true, shipments: ['LS-3'], invoices: [inv('RE-1', ['LS-3'], 'cancelled')], expected: false },
    { name: 'delivered, no invoice yet', delivered: true, shipments: ['LS-3'], invoices: [], expected: false },
    { name: 'partially delivered, all paid', delivered: false, shipments: ['LS-1'], invoices: [inv('RE-1', ['LS-1'], 'paid')], expected: false },
    { name: 'nothing delivered', delivered: false, shipments: [], invoices: [], expected: false },
  ])('$name → $expected', ({ delivered, shipments, invoices, expected }) => {
    expect(isSettled(delivered, shipments, invoices as BilledInvoice[])).toBe(expected);
  });
});

describe('uninvoicedShipments', () => {
  it('lists shipped notes no live invoice bills', () => {
    const invoices: BilledInvoice[] = [
      { number: 'RE-1', deliveryNotes: ['LS-1'], status: 'open' },
      { number: 'RE-2', deliveryNotes: ['LS-2'], status: 'cancelled' },
    ];
    expect(uninvoicedShipments(['LS-1', 'LS-2', 'LS-3'], invoices)).toEqual(['LS-2', 'LS-3']);
  });
});
