import { applyInvoiceEvent, billingStatusOf, type BilledInvoice } from '../../services/order/src/domain/billing.ts';
import type { PricedLine } from '../../shared/contracts/common.ts';
import { InvoiceCancelled, InvoiceIssued, InvoicePaid, PaymentRecorded } from '../../shared/contracts/invoicing/events.ts';

const line = (position: number, quantity: string) => ({ position, quantity }) as PricedLine;
const order = [line(1, '4'), line(2, '1')];

/** The order's billing status, projected from invoicing events: cancellations count, and one paid invoice of two is not a paid order. */
describe('order billing projection', () => {
  // Event data as the invoicing service publishes it; the projection reads number, status and lines.
  const common = { orderNumber: 'AB-2026-00001', currency: 'EUR', customerId: 'cus_1' };
  const issued = (number: string, lines: [number, string][]) => (invoices: BilledInvoice[]) =>
    applyInvoiceEvent(invoices, {
      subject: InvoiceIssued.subject,
      data: {
        ...common,
        number,
        gross: '10.00',
        grossBase: '10.00',
        fullyBilled: false,
        lines: lines.map(([orderPosition, quantity]) => ({ orderPosition, quantity })),
      },
    });
  const paid = (number: string) => (invoices: BilledInvoice[]) =>
    applyInvoiceEvent(invoices, { subject: InvoicePaid.subject, data: { number, orderNumber: common.orderNumber } });
  const partPaid = (number: string) => (invoices: BilledInvoice[]) =>
    applyInvoiceEvent(invoices, {
      subject: PaymentRecorded.subject,
      data: { ...common, invoiceNumber: number, status: 'partially_paid', amount: '1.00', amountBase: '1.00' },
    });
  const cancelled = (number: string) => (invoices: BilledInvoice[]) =>
    applyInvoiceEvent(invoices, { subject: InvoiceCancelled.subject, data: { ...common, number, reason: 'wrong address', openBase: '10.00' } });
  const run = (...steps: ((i: BilledInvoice[]) => BilledInvoice[])[]) =>
    billingStatusOf(
      order,
      steps.reduce((acc, s) => s(acc), [] as BilledInvoice[]),
    );

  it.each([
    ['nothing invoiced', [], 'unbilled'],
    ['part of the quantities', [issued('RE-1', [[1, '2']])], 'partially_billed'],
    [
      'part invoiced and that invoice paid',
      [
        issued('RE-1', [
          [1, '2'],
          [2, '1'],
        ]),
        paid('RE-1'),
      ],
      'partially_billed',
    ],
    [
      'everything over two invoices',
      [
        issued('RE-1', [
          [1, '2'],
          [2, '1'],
        ]),
        issued('RE-2', [[1, '2']]),
      ],
      'billed',
    ],
    [
      'everything, one of two invoices paid',
      [
        issued('RE-1', [
          [1, '2'],
          [2, '1'],
        ]),
        issued('RE-2', [[1, '2']]),
        paid('RE-1'),
      ],
      'billed',
    ],
    [
      'everything, one paid and one partly paid',
      [
        issued('RE-1', [
          [1, '2'],
          [2, '1'],
        ]),
        issued('RE-2', [[1, '2']]),
        paid('RE-1'),
        partPaid('RE-2'),
      ],
      'billed',
    ],
    [
      'everything and every invoice paid',
      [
        issued('RE-1', [
          [1, '2'],
          [2, '1'],
        ]),
        issued('RE-2', [[1, '2']]),
        paid('RE-1'),
        paid('RE-2'),
      ],
      'paid',
    ],
    [
      'the only invoice cancelled',
      [
        issued('RE-1', [
          [1, '4'],
          [2, '1'],
        ]),
        cancelled('RE-1'),
      ],
      'unbilled',
    ],
    [
      'cancelled and billed again',
      [
        issued('RE-1', [
          [1, '4'],
          [2, '1'],
        ]),
        cancelled('RE-1'),
        issued('RE-2', [
          [1, '4'],
          [2, '1'],
        ]),
      ],
      'billed',
    ],
    [
      'a cancelled invoice does not count as unpaid',
      [
        issued('RE-1', [
          [1, '4'],
          [2, '1'],
        ]),
        cancelled('RE-1'),
        issued('RE-2', [
          [1, '4'],
          [2, '1'],
        ]),
        paid('RE-2'),
      ],
      'paid',
    ],
    [
      'a redelivered issued event changes nothing',
      [
        issued('RE-1', [
          [1, '4'],
          [2, '1'],
        ]),
        paid('RE-1'),
        issued('RE-1', [
          [1, '4'],
          [2, '1'],
        ]),
      ],
      'paid',
    ],
    ['a payment for an unknown invoice is ignored', [partPaid('RE-9')], 'unbilled'],
  ] as const)('%s → %s', (_name, steps, expected) => {
    expect(run(...steps)).toBe(expected);
  });

  it('counts what was cancelled of a line as needing no invoice', () => {
    const invoices = issued('RE-1', [
      [1, '3'],
      [2, '1'],
    ])([]);
    expect(billingStatusOf(order, invoices)).toBe('partially_billed');
    // One of the four on position 1 was cancelled: three invoiced bill the line in full.
    expect(billingStatusOf(order, invoices, (position) => (position === 1 ? '1' : '0'))).toBe('billed');
  });
});
