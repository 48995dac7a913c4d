import { addDays, berlinDate } from '../shared/dates.ts';
import { api, ok } from './api-client.ts';

/**
 * Demo data through the public API: customers, products and sales in several
 * stages, each with its workflow. Runs once: a demo product marks it as done.
 */
const marker = await api('admin', 'GET', '/api/v1/products/DEMO-GEAR-100');
if (marker.status === 200) {
  console.log('demo data present');
  process.exit(0);
}

const address = (name: string, street: string, postalCode: string, city: string) => ({ name, street, postalCode, city, country: 'DE' });
const customers = await Promise.all([
  ok('sales', 'POST', '/api/v1/customers', {
    name: 'Maschinenbau Huber GmbH',
    billingAddress: address('Maschinenbau Huber GmbH', 'Industriestraße 12', '86150', 'Augsburg'),
    vatId: 'DE811234565',
    email: 'einkauf@huber-maschinenbau.example',
    paymentTermsDays: 30,
    creditLimit: '150000.00',
    tags: ['Hohe Priorität'],
    assignee: 'demo-sales',
    leadSource: 'Messe Hannover',
  }),
  ok('sales', 'POST', '/api/v1/customers', {
    name: 'Bäckerei Sonnenschein',
    billingAddress: address('Bäckerei Sonnenschein', 'Marktplatz 3', '79098', 'Freiburg'),
    paymentTermsDays: 14,
  }),
  ok('sales', 'POST', '/api/v1/customers', {
    name: 'Weber Consulting AG',
    billingAddress: address('Weber Consulting AG', 'Königsallee 60', '40212', 'Düsseldorf'),
    shippingAddress: address('Weber Consulting AG, Lager', 'Hafenstraße 7', '40213', 'Düsseldorf'),
    paymentTermsDays: 14,
  }),
]);
const products = await Promise.all([
  ok('sales_manager', 'POST', '/api/v1/products', {
    sku: 'DEMO-GEAR-100',
    name: 'Stirnradgetriebe SG-100',
    unit: 'Stk',
    prices: { EUR: '1249.00' },
    taxCategory: 'standard',
  }),
  ok('sales_manager', 'POST', '/api/v1/products', {
    sku: 'DEMO-CABLE-M',
    name: 'Steuerkabel 5x1,5 mm²',
    unit: 'm',
    prices: { EUR: '3.85' },
    taxCategory: 'standard',
  }),
  ok('sales_manager', 'POST', '/api/v1/products', {
    sku: 'DEMO-MANUAL',
    name: 'Technisches Handbuch (gedruckt)',
    unit: 'Stk',
    prices: { EUR: '29.90' },
    taxCategory: 'reduced',
  }),
  ok('sales_manager', 'POST', '/api/v1/products', {
    sku: 'DEMO-SERVICE-H',
    name: 'Inbetriebnahme vor Ort',
    unit: 'Std',
    prices: { EUR: '95.00' },
    taxCategory: 'standard',
    kind: 'service',
  }),
]);

const quote = (customer: number, lines: [number, string, string?][]) =>
  ok('sales', 'POST', '/api/v1/quotes', {
    customerId: customers[customer].id,
    currency: 'EUR',
    lines: lines.map(([p, quantity, discountPercent]) => ({ productId: products[p].id, quantity, ...(discountPercent ? { discountPercent } : {}) })),
  });

// Stage 1: a draft quote.
await quote(1, [
  [2, '4'],
  [1, '12.5'],
]);
// Stage 2: a sent quote.
const sent = await quote(2, [
  [3, '16'],
  [2, '2'],
]);
await ok('sales', 'POST', `/api/v1/quotes/${sent.number}/send`);
// Stage 3: an order partly shipped.
const partly = await quote(0, [
  [0, '2', '5'],
  [1, '120'],
  [2, '1'],
]);
await ok('sales', 'POST', `/api/v1/quotes/${partly.number}/send`);
await ok('sales', 'POST', `/api/v1/quotes/${partly.number}/accept`);
const order = await ok('sales', 'POST', `/api/v1/quotes/${partly.number}/convert`);
const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '1' }] });
await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL', trackingNumber: '00340434161094042557' });
// Stage 4: a sale invoiced and paid.
const paid = await quote(1, [
  [2, '3'],
  [3, '2.5', '10'],
]);
await ok('sales', 'POST', `/api/v1/quotes/${paid.number}/send`);
await ok('sales', 'POST', `/api/v1/quotes/${paid.number}/accept`);
const order2 = await ok('sales', 'POST', `/api/v1/quotes/${paid.number}/convert`);
const note2 = await ok('warehouse', 'POST', `/api/v1/orders/${order2.number}/delivery-notes`, {});
await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note2.number}/ship`, { carrier: 'DPD' });
const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note2.number] });
await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: invoice.totals.gross, reference: 'Überweisung' });
// Stage 5: a large quote with a high discount, waiting for the sales manager's approval.
const big = await quote(0, [
  [0, '40', '15'],
  [3, '24'],
]);
await ok('sales', 'POST', `/api/v1/quotes/${big.number}/submit`);
// Stage 6: a rush order taken on the phone, and a cash sale at the counter.
await ok('sales', 'POST', '/api/v1/orders', {
  customerId: customers[2].id,
  currency: 'EUR',
  orderType: 'rush',
  lines: [{ productId: products[1].id, quantity: '250' }],
});
await ok('sales', 'POST', '/api/v1/orders', {
  customerId: customers[1].id,
  currency: 'EUR',
  orderType: 'cash_sale',
  lines: [{ productId: products[2].id, quantity: '1' }],
});
// Stage 7: a machine order billed by plan: 30 % down payment at once (issued by the sale), 70 % at the site acceptance milestone.
const machine = await ok('sales', 'POST', '/api/v1/orders', {
  customerId: customers[0].id,
  currency: 'EUR',
  lines: [
    { productId: products[0].id, quantity: '4' },
    { productId: products[3].id, quantity: '16' },
  ],
});
const acceptance = addDays(berlinDate(new Date()), 45);
const plan = await ok('planner', 'POST', `/api/v1/orders/${machine.number}/milestones`, {
  milestones: [{ name: 'Abnahme vor Ort', plannedDate: acceptance, responsible: 'planner' }],
});
await ok('project_manager', 'POST', `/api/v1/orders/${machine.number}/billing-plan`, {
  items: [
    { key: 'anzahlung', label: 'Anzahlung', kind: 'down_payment', share: { kind: 'percent', value: '30' }, trigger: { on: 'order_confirmed' }, auto: true },
    {
      key: 'abnahme',
      label: 'Abnahme vor Ort',
      kind: 'progress',
      share: { kind: 'percent', value: '70' },
      trigger: { on: 'milestone_done', milestoneId: plan.milestones[0].id },
    },
  ],
});
// Stage 8: a maintenance contract billed monthly from today.
const contract = await ok('sales', 'POST', '/api/v1/orders', {
  customerId: customers[1].id,
  currency: 'EUR',
  lines: [{ productId: products[3].id, quantity: '4', description: 'Wartungspauschale (4 Std/Monat)' }],
});
await ok('accounting', 'POST', `/api/v1/orders/${contract.number}/subscription`, { interval: 'monthly' });
console.log(
  'demo data loaded: 3 customers, 4 products, 9 sales (draft, sent, pending approval, partly delivered, paid, rush order, cash sale, machine billed by plan, maintenance contract)',
);
