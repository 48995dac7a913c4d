import { applyInvoiceEvent, paymentStateOf, paymentStatusOn, type BilledInvoice } from '../../services/order/src/domain/billing.ts';
import { InvoiceCancelled, InvoiceIssued, InvoicePaid, PaymentRecorded } from '../../shared/contracts/invoicing/events.ts';

/** The order's payment status, projected from invoicing events with the invoices' due dates; overdue depends on the day asked. */
describe('order payment status', () => {
  const common = { orderNumber: 'AB-2026-00001', currency: 'EUR', customerId: 'cus_1' };
  type Step = (i: BilledInvoice[]) => BilledInvoice[];
  const issued =
    (number: string, dueDate?: string): Step =>
    (invoices) =>
      applyInvoiceEvent(invoices, {
        subject: InvoiceIssued.subject,
        data: { ...common, number, gross: '10.00', grossBase: '10.00', fullyBilled: false, lines: [], ...(dueDate ? { dueDate } : {}) },
      });
  const paid =
    (number: string): Step =>
    (invoices) =>
      applyInvoiceEvent(invoices, { subject: InvoicePaid.subject, data: { number, orderNumber: common.orderNumber } });
  const partPaid =
    (number: string): Step =>
    (invoices) =>
      applyInvoiceEvent(invoices, {
        subject: PaymentRecorded.subject,
        data: { ...common, invoiceNumber: number, status: 'partially_paid', amount: '1.00', amountBase: '1.00' },
      });
  const cancelled =
    (number: string): Step =>
    (invoices) =>
      applyInvoiceEvent(invoices, { subject: InvoiceCancelled.subject, data: { ...common, number, reason: 'falsch', openBase: '10.00' } });
  const state = (...steps: Step[]) => paymentStateOf(steps.reduce((acc, s) => s(acc), [] as BilledInvoice[]));

  it.each<[string, Step[], { paymentStatus: string; openDueDate: string | null }]>([
    ['no invoice', [], { paymentStatus: 'none', openDueDate: null }],
    ['one unpaid invoice', [issued('RE-1', '2026-12-15')], { paymentStatus: 'open', openDueDate: '2026-12-15' }],
    ['part paid', [issued('RE-1', '2026-12-15'), partPaid('RE-1')], { paymentStatus: 'partial', openDueDate: '2026-12-15' }],
    ['paid', [issued('RE-1', '2026-12-15'), paid('RE-1')], { paymentStatus: 'paid', openDueDate: null }],
    [
      'one of two paid: partial, due date of the unpaid one',
      [issued('RE-1', '2026-12-01'), issued('RE-2', '2026-12-20'), paid('RE-1')],
      { paymentStatus: 'partial', openDueDate: '2026-12-20' },
    ],
    ['two unpaid: the earliest due date', [issued('RE-2', '2026-12-20'), issued('RE-1', '2026-12-01')], { paymentStatus: 'open', openDueDate: '2026-12-01' }],
    ['cancelled invoices do not count', [issued('RE-1', '2026-12-01'), cancelled('RE-1')], { paymentStatus: 'none', openDueDate: null }],
    [
      'the rest paid after a cancellation',
      [issued('RE-1', '2026-12-01'), cancelled('RE-1'), issued('RE-2', '2026-12-09'), paid('RE-2')],
      { paymentStatus: 'paid', openDueDate: null },
    ],
    ['an invoice issued before due dates were published', [issued('RE-1')], { paymentStatus: 'open', openDueDate: null }],
  ])('%s', (_name, steps, expected) => {
    expect(state(...steps)).toEqual(expected);
  });

  it.each<[Parameters<typeof paymentStatusOn>[0], string | null, string, string]>([
    ['open', '2026-12-01', '2026-12-01', 'open'],
    ['open', '2026-12-01', '2026-12-02', 'overdue'],
    ['partial', '2026-12-01', '2026-12-02', 'overdue'],
    ['partial', null, '2026-12-02', 'partial'],
    ['paid', null, '2027-01-01', 'paid'],
    ['none', null, '2027-01-01', 'none'],
  ])('%s due %s on %s → %s', (stored, due, today, expected) => {
    expect(paymentStatusOn(stored, due, today)).toBe(expected);
  });
});
