import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { cancelInvoiceUpdate, combinedInvoiceWorkflowId, createInvoiceUpdate, recordPaymentUpdate } from '../../workflows/src/sale.contract.ts';
import { recordHistory, refusal, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';
import { accounting, combinedSales } from './helpers/combined-sales.ts';

/**
 * A combined invoice (Sammelrechnung) over two orders' sales: the coordinating
 * workflow issues it once and tells both sales; the first order's sale leads it
 * (payments, cancellation) and tells the other when it is paid or cancelled.
 */
describe('combined invoice', () => {
  const NAME = 'combined-invoice';
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv(NAME, { series: 29 });
  });
  afterAll(() => env.close());
  const { combine, shippedOrder } = combinedSales(() => env, NAME);

  it('bills two sales with one invoice; the payment on the leading sale settles both', async () => {
    const a = await shippedOrder('10.00');
    const b = await shippedOrder('5.00');
    const inv = await combine('t1', [a.note, b.note]);
    // 2 × 10.00 + 2 × 5.00 (the fake bills no VAT).
    expect([inv.gross, inv.deliveryNoteNumbers]).toEqual(['30.00', [a.note, b.note]]);
    expect(env.fake.called('createCombinedInvoice').map((c) => c.idempotencyKey)).toEqual(['combined-invoice:t1']);
    const [sa, sb] = await Promise.all([
      until(a.handle, (s) => s.invoiceNumbers.includes(inv.number)),
      until(b.handle, (s) => s.invoiceNumbers.includes(inv.number)),
    ]);
    expect([sa.stage, sb.stage]).toEqual(['invoiced', 'invoiced']);

    // The note is billed: its own sale's invoice is refused by the invoicing service, and nothing is billed twice.
    expect(await refusal(update(b.handle, createInvoiceUpdate, { deliveryNoteNumbers: [b.note], ...accounting }))).toMatchObject({
      status: 409,
      code: 'already_invoiced',
    });
    // Payments go through the leading sale (the gateway routes by the invoice's first order); the partner learns by the invoiceCorrected signal.
    await update(a.handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '30.00', ...accounting });
    const [doneA, doneB] = await Promise.all([a.handle.result(), b.handle.result()]);
    expect([doneA.stage, doneB.stage]).toEqual(['paid', 'paid']);
    await recordHistory(a.handle, 'combined-invoice-lead');
    await recordHistory(b.handle, 'combined-invoice-partner');
    await recordHistory(env.client.workflow.getHandle(combinedInvoiceWorkflowId('t1')), 'combined-invoice-workflow');
  });

  it('two combined invoices over the same note: exactly one wins, the other is refused naming the note', async () => {
    const a = await shippedOrder('7.00');
    const b = await shippedOrder('3.00');
    const c = await shippedOrder('1.00');
    const results = await Promise.allSettled([combine('t2-x', [a.note, b.note]), combine('t2-y', [b.note, c.note])]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    const cause = (lost[0]!.reason as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect([(cause as ApplicationFailure).type, (cause as ApplicationFailure).message]).toEqual(['already_invoiced', expect.stringContaining(b.note)]);
    expect((await state(c.handle)).invoiceNumbers.length + (await state(a.handle)).invoiceNumbers.length).toBe(1);
  });

  it('a cancelled combined invoice frees the notes of every sale; they are billed again', async () => {
    const a = await shippedOrder('4.00');
    const b = await shippedOrder('6.00');
    const inv = await combine('t3', [a.note, b.note]);
    await until(b.handle, (s) => s.invoiceNumbers.includes(inv.number));
    await update(a.handle, cancelInvoiceUpdate, { invoiceNumber: inv.number, reason: 'falscher Empfänger', ...accounting });
    // The partner is told: its note is billed again, and once that invoice is paid nothing is open (the cancelled one no longer counts).
    const again = await update(b.handle, createInvoiceUpdate, { deliveryNoteNumbers: [b.note], ...accounting });
    await update(b.handle, recordPaymentUpdate, { invoiceNumber: again.number, amount: again.gross, ...accounting });
    expect((await b.handle.result()).stage).toBe('paid');
  });
});
