import { writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { ok, userKey } from './api-client.ts';

/**
 * Records histories of the sale workflow for the determinism gate: a complete
 * sale, and a sale with a refused step and a partial delivery. Run against a
 * running system (npm run up) after a deliberate workflow change, and commit
 * the files under test/workflows/histories/.
 */
const temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }) });
const out = new URL('../test/workflows/histories/', import.meta.url);
const stamp = Date.now().toString(36);
const customer = await ok('sales', 'POST', '/api/v1/customers', { name: 'Replay GmbH', billingAddress: { name: 'Replay GmbH', street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' } });
const a = await ok('sales_manager', 'POST', '/api/v1/products', { sku: `REPLAY-A-${stamp}`, name: 'Teil A', prices: { EUR: '100.00' } });
const b = await ok('sales_manager', 'POST', '/api/v1/products', { sku: `REPLAY-B-${stamp}`, name: 'Buch B', prices: { EUR: '20.00' }, taxCategory: 'reduced' });

async function sale(partial: boolean): Promise<string> {
  const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: a.id, quantity: '2' }, { productId: b.id, quantity: '1.5' }] });
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
  if (partial) await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`, undefined, [409]);
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
  const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
  if (partial) {
    // Partial shipments, a refused invoice of an unshipped note, two invoices, a partial payment.
    const first = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '1' }] });
    await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [first.number] }, [409]);
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${first.number}/ship`, { carrier: 'DHL' });
    const inv1 = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [first.number] });
    const part = await ok('accounting', 'POST', `/api/v1/invoices/${inv1.number}/payments`, { amount: '50.00' });
    const rest = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${rest.number}/ship`, { carrier: 'DPD' });
    const inv2 = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [rest.number] });
    await ok('accounting', 'POST', `/api/v1/invoices/${inv1.number}/payments`, { amount: part.openAmount });
    await ok('accounting', 'POST', `/api/v1/invoices/${inv2.number}/payments`, { amount: inv2.totals.gross });
  } else {
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: invoice.totals.gross });
  }
  const handle = temporal.workflow.getHandle(`sale:${quote.number}`);
  await handle.result();
  return historyToJSON(await handle.fetchHistory());
}

/** A quote that needs approval: submitted, rejected, resubmitted, approved, sent and rejected by the customer. */
async function approvedThenRejected(): Promise<string> {
  const approver = await userKey(`replay-approver-${stamp}`, 'sales_manager');
  const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: a.id, quantity: '1', discountPercent: '20' }] });
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/submit`);
  await approver('POST', `/api/v1/quotes/${quote.number}/approvals/1`, { decision: 'reject', reason: 'zu viel Rabatt' });
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/submit`);
  await approver('POST', `/api/v1/quotes/${quote.number}/approvals/1`, { decision: 'approve' });
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/reject`, { reason: 'zu teuer' });
  const handle = temporal.workflow.getHandle(`sale:${quote.number}`);
  await handle.result();
  return historyToJSON(await handle.fetchHistory());
}

/** A direct cash sale: the workflow delivers, invoices and books the payment by itself. */
async function cashSale(): Promise<string> {
  const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', orderType: 'cash_sale', lines: [{ productId: b.id, quantity: '2' }] });
  const handle = temporal.workflow.getHandle(`sale:${order.number}`);
  await handle.result();
  return historyToJSON(await handle.fetchHistory());
}

writeFileSync(new URL('sale-approval-rejected.json', out), await approvedThenRejected());
writeFileSync(new URL('sale-direct-cash.json', out), await cashSale());
writeFileSync(new URL('sale-complete.json', out), await sale(false));
writeFileSync(new URL('sale-partial-with-refusals.json', out), await sale(true));
console.log('recorded 4 histories in test/workflows/histories/');
await temporal.connection.close();
