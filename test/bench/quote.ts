/**
 * Creating a quote with 50 lines through the REST API (validation, pricing,
 * tax, numbering, outbox, audit, workflow start), median of many, against a
 * 1-line quote measured in the same run as the baseline. Needs `npm run up`.
 */
import { ok } from '../../scripts/api-client.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const stamp = Date.now().toString(36);
const customer = await ok('sales', 'POST', '/api/v1/customers', {
  name: `Bench ${stamp}`,
  billingAddress: { name: 'Bench GmbH', street: 'Teststraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
});
const products: { id: string }[] = [];
for (let i = 0; i < 10; i++) {
  products.push(
    await ok('sales_manager', 'POST', '/api/v1/products', {
      sku: `BENCH-${stamp}-${i}`,
      name: `Artikel ${i}`,
      prices: { EUR: `${10 + i}.99` },
      taxCategory: i % 3 === 0 ? 'reduced' : 'standard',
      tiers: [{ minQuantity: '10', unitPrice: { EUR: `${9 + i}.50` } }],
    }),
  );
}
const body = (lines: number) => ({
  customerId: customer.id,
  currency: 'EUR',
  documentDiscountPercent: '3',
  lines: Array.from({ length: lines }, (_, i) => ({
    productId: products[i % products.length]!.id,
    quantity: `${1 + (i % 12)}.5`,
    discountPercent: i % 4 === 0 ? '5' : '0',
  })),
});

async function time(lines: number): Promise<number> {
  const t = performance.now();
  await ok('sales', 'POST', '/api/v1/quotes', body(lines));
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (let i = 0; i < 5; i++) await time(50); // warm-up
const one: number[] = [];
const fifty: number[] = [];
for (let i = 0; i < RUNS; i++) {
  one.push(await time(1));
  fifty.push(await time(50));
}
console.log(`quote creation through the API, ${RUNS} runs each, interleaved`);
console.log(`baseline  1 line:   median ${median(one).toFixed(1)} ms`);
console.log(`         50 lines:  median ${median(fifty).toFixed(1)} ms`);
console.log(`ratio 50 lines / 1 line: ${(median(fifty) / median(one)).toFixed(2)}`);
