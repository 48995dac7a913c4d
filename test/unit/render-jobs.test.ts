import { randomUUID } from 'node:crypto';
import { renderBackoffMs, renderJobConsumers, targetOf } from '../../services/document/src/render-jobs.ts';
import { QuoteSent } from '../../shared/contracts/quote/events.ts';
import { OrderCreated } from '../../shared/contracts/order/events.ts';
import { DeliveryCreated, DeliveryShipped } from '../../shared/contracts/fulfillment/events.ts';
import { CorrectionIssued, InvoiceIssued, ReminderIssued } from '../../shared/contracts/invoicing/events.ts';
import { InvalidEventError } from '../../shared/contracts/events.ts';

describe('render jobs', () => {
  it('back off from 1 s, doubling, capped at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(renderBackoffMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('take the document number from the event, and the revision for quotes only', () => {
    const meta = { id: 'e', version: 1, occurredAt: '' } as const;
    expect(targetOf({ ...meta, subject: QuoteSent.subject, data: { number: 'AN-2026-00001', revision: 3 } })).toEqual({
      kind: 'quote',
      number: 'AN-2026-00001',
      revision: 3,
    });
    // A new note issues its pick list; the note itself is issued when it ships.
    expect(targetOf({ ...meta, subject: DeliveryCreated.subject, data: { number: 'LS-2026-00001', orderNumber: 'AB-2026-00001' } })).toEqual({
      kind: 'pick_list',
      number: 'LS-2026-00001',
      revision: 1,
    });
    const shipped = {
      number: 'LS-2026-00001',
      orderNumber: 'AB-2026-00001',
      lines: [{ orderPosition: 1, quantity: '2' }],
      shippedAt: '2026-03-02T10:00:00.000Z',
      orderComplete: true,
    };
    expect(targetOf({ ...meta, version: 2, subject: DeliveryShipped.subject, data: shipped })).toEqual({
      kind: 'delivery_note',
      number: 'LS-2026-00001',
      revision: 1,
    });
    const issued = {
      number: 'RE-2026-00001',
      orderNumber: 'AB-2026-00001',
      gross: '1.19',
      currency: 'EUR',
      fullyBilled: true,
      lines: [],
      customerId: 'cus_1',
      grossBase: '1.19',
    };
    expect(targetOf({ ...meta, subject: InvoiceIssued.subject, data: issued })).toEqual({ kind: 'invoice', number: 'RE-2026-00001', revision: 1 });
    // A correction renders as its own kind: cancellation invoice (ST) or credit note (RK).
    const correction = { refersTo: 'RE-2026-00001', orderNumber: 'AB-2026-00001', customerId: 'cus_1', gross: '-1.19', currency: 'EUR', grossBase: '-1.19' };
    expect(targetOf({ ...meta, subject: CorrectionIssued.subject, data: { ...correction, number: 'ST-2026-00001', kind: 'cancellation' } })).toEqual({
      kind: 'cancellation',
      number: 'ST-2026-00001',
      revision: 1,
    });
    expect(targetOf({ ...meta, subject: CorrectionIssued.subject, data: { ...correction, number: 'RK-2026-00001', kind: 'credit_note' } })).toEqual({
      kind: 'credit_note',
      number: 'RK-2026-00001',
      revision: 1,
    });
  });

  it('have one consumer per issuing event, filtered on its subject, refusing an event without a document number', () => {
    const consumers = renderJobConsumers(() => undefined);
    expect(consumers.map((c) => [c.durable, c.filterSubject])).toEqual([
      ['document-quote-sent', QuoteSent.subject],
      ['document-order-created', OrderCreated.subject],
      ['document-delivery-created', DeliveryCreated.subject],
      ['document-delivery-shipped', DeliveryShipped.subject],
      ['document-invoice-issued', InvoiceIssued.subject],
      ['document-reminder-issued', ReminderIssued.subject],
      ['document-correction-issued', CorrectionIssued.subject],
    ]);
    const order = consumers.find((c) => c.durable === 'document-order-created')!;
    const envelope = {
      id: randomUUID(),
      subject: OrderCreated.subject,
      version: 1,
      occurredAt: new Date().toISOString(),
      data: { orderNumber: 'AB-2026-00001' },
    };
    expect(() => order.parse(envelope)).toThrow(InvalidEventError);
    expect(() => order.parse(envelope)).toThrow(/data\.number/);
  });
});
