import { describe, it, expect } from '@jest/globals';
import { combineOrders } from '../../services/invoicing/src/domain/combined-invoice.ts';
import { whyNotCredited } from '../../services/invoicing/src/return-credit.consumer.ts';
import { eventPerOrder } from '../../services/order/src/domain/billing.ts';
import { isDomainError } from '../../shared/errors.ts';

/** Which orders may share a combined invoice (Sammelrechnung), and what each refusal names. */
const order = (number: string, over: Record<string, unknown> = {}) =>
  ({
    number,
    customer: { id: 'cus_1' },
    currency: 'EUR',
    exchangeRate: { rate: '1' },
    paymentTermsDays: 14,
    earlyPaymentDiscount: null,
    taxNotes: [],
    ...over,
  }) as any;
const note = (number: string, orderNumber: string, status = 'shipped') => ({ number, orderNumber, status }) as any;

function refusal(fn: () => unknown): [number, string, string[]] | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return [err.status, err.code, (err.issues ?? []).map((i) => i.field)];
  }
}

describe('combined invoice: which orders combine', () => {
  const notes = [note('LS-1', 'AB-1'), note('LS-2', 'AB-2'), note('LS-3', 'AB-1')];
  const req = { deliveryNoteNumbers: ['LS-1', 'LS-2', 'LS-3'] };

  it('groups the notes per order in the order named', () => {
    const groups = combineOrders(req, notes, [order('AB-2'), order('AB-1')]);
    expect(groups.map((g) => [g.order.number, g.notes.map((n) => n.number), g.field])).toEqual([
      ['AB-1', ['LS-1', 'LS-3'], 'deliveryNoteNumbers[0]'],
      ['AB-2', ['LS-2'], 'deliveryNoteNumbers[1]'],
    ]);
  });

  it.each([
    ['another customer', { customer: { id: 'cus_2' } }, 'customer_mismatch'],
    ['another currency', { currency: 'USD' }, 'currency_mismatch'],
    ['another exchange rate', { exchangeRate: { rate: '1.1' } }, 'exchange_rate_mismatch'],
    ['other net days', { paymentTermsDays: 30 }, 'payment_terms_mismatch'],
    ['a Skonto', { earlyPaymentDiscount: { percent: '2', days: 7 } }, 'payment_terms_mismatch'],
    ['another tax case', { taxNotes: ['Steuerschuldnerschaft des Leistungsempfängers'] }, 'tax_case_mismatch'],
  ])('refuses %s, naming the note of the order that differs', (_what, over, code) => {
    expect(refusal(() => combineOrders(req, notes, [order('AB-1'), order('AB-2', over)]))).toEqual([422, code, ['deliveryNoteNumbers[1]']]);
  });

  it('equal terms written differently combine (2 and 2.00 %)', () => {
    const skonto = (percent: string) => ({ earlyPaymentDiscount: { percent, days: 7 } });
    expect(combineOrders(req, notes, [order('AB-1', skonto('2')), order('AB-2', skonto('2.00'))])).toHaveLength(2);
  });

  it('refuses a note not shipped (409) and a customer other than the one named (customerId)', () => {
    expect(refusal(() => combineOrders(req, [notes[0], note('LS-2', 'AB-2', 'created'), notes[2]], [order('AB-1'), order('AB-2')]))).toEqual([
      409,
      'not_shipped',
      ['deliveryNoteNumbers[1]'],
    ]);
    expect(refusal(() => combineOrders({ ...req, customerId: 'cus_9' }, notes, [order('AB-1'), order('AB-2')]))).toEqual([
      422,
      'customer_mismatch',
      ['customerId'],
    ]);
  });
});

describe('combined invoice: each order sees its part of the events', () => {
  it('an issued combined invoice gives each order its own lines; a payment names every order', () => {
    const issued = {
      subject: 'events.invoicing.invoice.issued',
      data: {
        number: 'RE-1',
        orderNumber: 'AB-1',
        lines: [{ orderPosition: 1, quantity: '2' }],
        parts: [
          { orderNumber: 'AB-1', lines: [{ orderPosition: 1, quantity: '2' }], fullyBilled: true },
          { orderNumber: 'AB-2', lines: [{ orderPosition: 1, quantity: '3' }], fullyBilled: false },
        ],
      },
    } as any;
    expect(eventPerOrder(issued).map((p) => [p.orderNumber, p.event.data.lines])).toEqual([
      ['AB-1', [{ orderPosition: 1, quantity: '2' }]],
      ['AB-2', [{ orderPosition: 1, quantity: '3' }]],
    ]);
    const paid = { subject: 'events.invoicing.invoice.paid', data: { number: 'RE-1', orderNumber: 'AB-1', orderNumbers: ['AB-1', 'AB-2'] } } as any;
    expect(eventPerOrder(paid).map((p) => p.orderNumber)).toEqual(['AB-1', 'AB-2']);
    const single = { subject: 'events.invoicing.invoice.paid', data: { number: 'RE-2', orderNumber: 'AB-3' } } as any;
    expect(eventPerOrder(single).map((p) => p.orderNumber)).toEqual(['AB-3']);
  });
});

describe('returns: why goods got no credit note', () => {
  it.each([
    [
      [
        { kind: 'down_payment', number: 'RE-1' },
        { kind: 'progress', number: 'RE-2' },
      ],
      'billed_by_plan_shares',
    ],
    [[], 'not_invoiced'],
    [[{ kind: 'time_material', number: 'RE-3' }], 'not_invoiced'],
    [[{ kind: 'invoice', number: 'RE-4' }], 'nothing_left_to_credit'],
    [
      [
        { kind: 'down_payment', number: 'RE-5' },
        { kind: 'final', number: 'RE-6' },
      ],
      'nothing_left_to_credit',
    ],
  ])('%j → %s', (live, code) => {
    expect(whyNotCredited(live).code).toBe(code);
  });
});
