import { describe, it, expect } from '@jest/globals';
import { exposureDelta, type ExposureEvent } from '../../services/quote/src/exposure.ts';
import { CorrectionIssued, InvoiceCancelled, InvoiceIssued, PaymentRecorded, RefundRecorded } from '../../shared/contracts/invoicing/events.ts';
import type { EventBody } from '../../shared/contracts/events.ts';

/** Open receivables per customer from invoicing events: invoices add, payments and credit notes take off, refunds give back. */
describe('exposureDelta', () => {
  const ids = { orderNumber: 'AB-2026-00001', customerId: 'cus_1', currency: 'EUR' };
  const correction = (kind: 'cancellation' | 'credit_note', grossBase: string) => ({
    subject: CorrectionIssued.subject,
    data: { ...ids, number: kind === 'cancellation' ? 'ST-2026-00001' : 'RK-2026-00001', kind, refersTo: 'RE-2026-00001', gross: grossBase, grossBase },
  });
  it.each([
    [
      'an invoice adds its gross',
      { subject: InvoiceIssued.subject, data: { ...ids, number: 'RE-2026-00001', gross: '124.22', grossBase: '124.22', fullyBilled: true, lines: [] } },
      '124.22',
    ],
    [
      'a payment takes its amount off',
      { subject: PaymentRecorded.subject, data: { ...ids, invoiceNumber: 'RE-2026-00001', status: 'partially_paid', amount: '100.00', amountBase: '100.00' } },
      '-100',
    ],
    ['a credit note takes off what it credits (its gross is negative)', correction('credit_note', '-50.22'), '-50.22'],
    ['a cancellation invoice moves nothing: InvoiceCancelled takes the open amount off', correction('cancellation', '-124.22'), '0'],
    ['the cancellation itself', { subject: InvoiceCancelled.subject, data: { ...ids, number: 'RE-2026-00001', reason: 'x', openBase: '124.22' } }, '-124.22'],
    [
      'a refund gives back what was owed to the customer',
      {
        subject: RefundRecorded.subject,
        data: { ...ids, correctionNumber: 'RK-2026-00001', invoiceNumber: 'RE-2026-00001', amount: '26.00', amountBase: '26.00' },
      },
      '26.00',
    ],
  ])('%s', (_, event, delta) => {
    expect(exposureDelta({ id: 'e', version: 1, occurredAt: '', ...(event as EventBody<ExposureEvent>) } as ExposureEvent)).toBe(delta);
  });
});
