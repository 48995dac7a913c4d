import { describe, it, expect } from '@jest/globals';
import { StateMachine } from '../../shared/state-machine.ts';
import { ConflictError, DomainError } from '../../shared/errors.ts';
import { OPEN_QUOTE_STATES, quoteStates } from '../../services/quote/src/domain/quote-states.ts';
import { applyShipment, orderStates } from '../../services/order/src/domain/order-states.ts';
import { deliveryStates } from '../../services/fulfillment/src/domain/delivery.ts';
import { invoiceStates } from '../../services/invoicing/src/domain/invoice.ts';
import type { PricedLine } from '../../shared/contracts/common.ts';
import type { OrderLine } from '../../shared/contracts/order/index.ts';
import { thrown } from '../helpers/thrown.ts';

/**
 * Every (state, action) pair: the allowed ones lead to the expected state,
 * every other one is a 409 'invalid_transition'. The expected tables are
 * written here from the business rules, not copied from the code.
 */
function exhaustive<S extends string, A extends string>(
  machine: StateMachine<S, A>,
  states: readonly S[],
  actions: readonly A[],
  allowed: Record<S, Partial<Record<A, S>>>,
): void {
  const pairs = states.flatMap((s) => actions.map((a) => [s, a, allowed[s][a] ?? null] as const));

  it.each(pairs.filter(([, , to]) => to !== null))(`${machine.name}: %s --%s--> %s`, (from, action, to) => {
    expect(machine.can(from, action)).toBe(true);
    expect(machine.next(from, action)).toBe(to);
  });

  it.each(pairs.filter(([, , to]) => to === null).map(([s, a]) => [s, a] as const))(
    `${machine.name}: %s cannot %s (409 invalid_transition)`,
    (from, action) => {
      expect(machine.can(from, action)).toBe(false);
      const err = thrown(() => machine.next(from, action));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toBeInstanceOf(DomainError);
      const e = err as ConflictError;
      expect(e.status).toBe(409);
      expect(e.code).toBe('invalid_transition');
      expect(e.message).toBe(`${machine.name} in state '${from}' cannot '${action}'`);
      expect(e.toBody()).toEqual({ status: 409, code: 'invalid_transition', message: e.message });
    },
  );

  it(`${machine.name}: actionsFrom lists exactly the allowed actions`, () => {
    for (const s of states) expect([...machine.actionsFrom(s)].sort()).toEqual(Object.keys(allowed[s]).sort());
  });
}

describe('StateMachine', () => {
  type S = 'a' | 'b' | 'c';
  type A = 'go' | 'back' | 'stay';
  const m = new StateMachine<S, A>('widget', { a: { go: 'b', stay: 'a' }, b: { back: 'a', go: 'c' }, c: {} });

  it('keeps its name', () => {
    expect(m.name).toBe('widget');
  });

  exhaustive(m, ['a', 'b', 'c'], ['go', 'back', 'stay'], { a: { go: 'b', stay: 'a' }, b: { back: 'a', go: 'c' }, c: {} });

  it('an unknown state has no actions and refuses every action', () => {
    const unknown = 'zzz' as S;
    expect(m.actionsFrom(unknown)).toEqual([]);
    expect(m.can(unknown, 'go')).toBe(false);
    expect((thrown(() => m.next(unknown, 'go')) as ConflictError).code).toBe('invalid_transition');
  });
});

describe('quote lifecycle', () => {
  exhaustive(
    quoteStates,
    ['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired', 'cancelled', 'converted'],
    ['submit', 'approve', 'reject_approval', 'send', 'revise', 'edit', 'accept', 'reject', 'expire', 'cancel', 'convert'],
    {
      draft: { submit: 'pending_approval', send: 'sent', edit: 'draft', cancel: 'cancelled' },
      pending_approval: { approve: 'approved', reject_approval: 'draft', cancel: 'cancelled' },
      approved: { send: 'sent', edit: 'draft', cancel: 'cancelled' },
      sent: { accept: 'accepted', reject: 'rejected', expire: 'expired', revise: 'draft', cancel: 'cancelled' },
      accepted: { convert: 'converted' },
      rejected: {},
      expired: { revise: 'draft' },
      cancelled: {},
      converted: {},
    },
  );

  it('only an accepted quote converts into an order', () => {
    const states = ['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired', 'cancelled', 'converted'] as const;
    expect(states.filter((s) => quoteStates.can(s, 'convert'))).toEqual(['accepted']);
  });

  it('open quote states are exactly those that can still be sent or answered', () => {
    expect([...OPEN_QUOTE_STATES].sort()).toEqual(['approved', 'draft', 'pending_approval', 'sent']);
  });
});

describe('order lifecycle', () => {
  exhaustive(orderStates, ['open', 'partially_delivered', 'delivered', 'cancelled'], ['deliver_partially', 'deliver_fully', 'cancel'], {
    open: { deliver_partially: 'partially_delivered', deliver_fully: 'delivered', cancel: 'cancelled' },
    partially_delivered: { deliver_partially: 'partially_delivered', deliver_fully: 'delivered' },
    delivered: {},
    cancelled: {},
  });
});

describe('delivery note lifecycle', () => {
  exhaustive(deliveryStates, ['open', 'shipped', 'cancelled'], ['ship', 'cancel'], {
    open: { ship: 'shipped', cancel: 'cancelled' },
    shipped: {},
    cancelled: {},
  });
});

describe('invoice lifecycle', () => {
  exhaustive(invoiceStates, ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'], ['pay_partially', 'pay_fully', 'cancel'], {
    draft: {},
    issued: { pay_partially: 'partially_paid', pay_fully: 'paid', cancel: 'cancelled' },
    partially_paid: { pay_partially: 'partially_paid', pay_fully: 'paid' },
    paid: {},
    cancelled: {},
  });
});

describe('applyShipment', () => {
  function orderLine(position: number, quantity: string): PricedLine {
    return {
      position,
      productId: `p${position}`,
      sku: `SKU-${position}`,
      description: `Item ${position}`,
      quantity,
      unit: 'Stk',
      unitPrice: '1',
      discountPercent: '0',
      vatRate: '19',
      net: quantity,
    };
  }
  const delivered = (...qs: string[]): OrderLine[] => qs.map((q, i) => ({ position: i + 1, deliveredQuantity: q }));
  const ship = (orderPosition: number, quantity: string) => ({ orderPosition, quantity });
  const lines = [orderLine(1, '10'), orderLine(2, '2.5')];

  it.each([
    { name: 'first partial shipment', before: delivered('0', '0'), shipped: [ship(1, '4')], after: ['4', '0'], action: 'deliver_partially' },
    { name: 'everything at once', before: delivered('0', '0'), shipped: [ship(1, '10'), ship(2, '2.5')], after: ['10', '2.5'], action: 'deliver_fully' },
    { name: 'rest after an earlier partial', before: delivered('4', '2.5'), shipped: [ship(1, '6')], after: ['10', '2.5'], action: 'deliver_fully' },
    {
      name: 'one position split across lines',
      before: delivered('0', '2.5'),
      shipped: [ship(1, '3'), ship(1, '7')],
      after: ['10', '2.5'],
      action: 'deliver_fully',
    },
    { name: 'decimal quantities still short', before: delivered('10', '1.2'), shipped: [ship(2, '1.2')], after: ['10', '2.4'], action: 'deliver_partially' },
    { name: 'more than ordered counts as full', before: delivered('9', '2.5'), shipped: [ship(1, '5')], after: ['14', '2.5'], action: 'deliver_fully' },
    { name: 'unknown positions are ignored', before: delivered('0', '0'), shipped: [ship(3, '100')], after: ['0', '0'], action: 'deliver_partially' },
    { name: 'no earlier record counts as zero', before: [], shipped: [ship(2, '2.5')], after: ['0', '2.5'], action: 'deliver_partially' },
  ])('$name → $action', ({ before, shipped, after, action }) => {
    const result = applyShipment(lines, before, shipped);
    expect(result.delivered).toEqual([
      { position: 1, deliveredQuantity: after[0] },
      { position: 2, deliveredQuantity: after[1] },
    ]);
    expect(result.action).toBe(action);
    // and the action is one the order machine accepts from open
    expect(orderStates.can('open', result.action)).toBe(true);
  });

  it('follows the fulfillment service when it says whether the order is complete (version 2 events)', () => {
    expect(applyShipment(lines, delivered('0', '0'), [ship(1, '10'), ship(2, '2.5')], false).action).toBe('deliver_partially');
    expect(applyShipment(lines, delivered('0', '0'), [ship(1, '4')], true).action).toBe('deliver_fully');
  });

  it('a shipping charge is never shipped and does not keep the order open', () => {
    const withCharge = [...lines, { ...orderLine(3, '1'), kind: 'charge' as const }];
    const result = applyShipment(withCharge, delivered('0', '0', '0'), [ship(1, '10'), ship(2, '2.5')]);
    expect(result.action).toBe('deliver_fully');
    expect(result.delivered[2]).toEqual({ position: 3, deliveredQuantity: '0' });
    // while an unshipped item of the same size does
    expect(applyShipment([...lines, orderLine(3, '1')], delivered('0', '0', '0'), [ship(1, '10'), ship(2, '2.5')]).action).toBe('deliver_partially');
  });

  it('normalises quantities ("2.50" + "0" → "2.5")', () => {
    expect(applyShipment([orderLine(1, '5')], delivered('2.50'), []).delivered).toEqual([{ position: 1, deliveredQuantity: '2.5' }]);
  });
});
