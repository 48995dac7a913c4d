import pg from 'pg';
import { env } from '../shared/config.ts';
import { seriesYear } from '../shared/numbering.ts';
import { ok } from './api-client.ts';

/**
 * Seeds many orders for list and page-time measurements (default 10,000; SEED_ORDERS=n), fast:
 *
 * 1. Through the API, TEMPLATES direct orders, each for a customer of its own, priced by the real pricing engine
 *    (mixed VAT rates, quantities and discounts), so every amount in the seed is one the engine computed.
 * 2. In the order service's own schema, in one transaction: the number series AB-<year> advanced by n (so numbers stay
 *    unique and gapless), n copies of those orders with new ids and numbers, creation dates spread over the year,
 *    priorities, tags, assignees and lead sources varied, and a `created` audit entry each (`seeded: true`).
 *
 * The copies are orders the order service lists, reads and filters like any other, but they have no sale workflow,
 * no PDF and no events (nothing else was told about them): they are for the order list and its bench only, never for
 * tests of business rules. Run on a running instance (the settings deploy/lib.sh exports):
 *   node scripts/seed-orders.ts
 */
const COUNT = Number(process.env.SEED_ORDERS ?? 10_000);
const TEMPLATES = Number(process.env.SEED_TEMPLATES ?? 40);
const stamp = Date.now().toString(36);

const started = performance.now();
const products: { id: string }[] = [];
for (let i = 0; i < 8; i++) {
  products.push(
    await ok('sales_manager', 'POST', '/api/v1/products', {
      sku: `SEED-${stamp}-${i}`,
      name: `Seed-Artikel ${i}`,
      prices: { EUR: `${(i + 1) * 7}.${String(10 + i * 11).slice(0, 2)}` },
      taxCategory: i % 3 === 0 ? 'reduced' : 'standard',
    }),
  );
}
const templates: string[] = [];
for (let t = 0; t < TEMPLATES; t++) {
  const name = `Seedkunde ${String.fromCharCode(65 + (t % 26))}${t} ${stamp}`;
  const customer = await ok('sales', 'POST', '/api/v1/customers', {
    name,
    billingAddress: { name, street: `Industriestraße ${t + 1}`, postalCode: '70173', city: 'Stuttgart', country: 'DE' },
    leadSource: ['Messe', 'Website', 'Empfehlung', 'Kaltakquise'][t % 4],
  });
  const order = await ok('sales', 'POST', '/api/v1/orders', {
    customerId: customer.id,
    currency: 'EUR',
    tags: [`seed-${stamp}`],
    lines: Array.from({ length: 1 + (t % 4) }, (_, i) => ({
      productId: products[(t + i) % products.length]!.id,
      quantity: String(1 + ((t * 7 + i * 3) % 40)),
      ...(i % 2 === 1 ? { discountPercent: String((t % 3) * 2.5) } : {}),
    })),
  });
  templates.push(order.number);
}
const viaApi = performance.now();

const client = new pg.Client({ connectionString: env.databaseUrl });
await client.connect();
try {
  await client.query('begin');
  const year = seriesYear(new Date());
  const { rows } = await client.query<{ last_value: number }>(
    `insert into sales_order.number_series (prefix, year, last_value) values ('AB', $1, $2)
     on conflict (prefix, year) do update set last_value = number_series.last_value + $2 returning last_value`,
    [year, COUNT],
  );
  const first = rows[0]!.last_value - COUNT + 1;
  // Copy i takes template i mod TEMPLATES; created_at spreads from 1 January to an hour ago, oldest first.
  await client.query(
    `with t as (select row_number() over (order by number) - 1 as k, * from sales_order.sales_order where number = any($1)),
          g as (select i, (i - 1) % $2 as k from generate_series(1, $3) i)
     insert into sales_order.sales_order (id, number, status, billing_status, quote_number, customer, currency, exchange_rate, lines, delivered,
       totals, gross_base, payment_terms_days, created_at, updated_at, version, quote_revision, order_type, priority, due_date, schedule, supplier,
       created_by, totals_base, tax_notes, invoices, allow_backorders, line_cancellations, early_payment_discount, invoice_on_shipment,
       customer_id, customer_number, customer_name, net_base, tags, assignee, lead_source, payment_status, open_due_date)
     select 'ord_' || gen_random_uuid(), 'AB-' || $4 || '-' || lpad(($5 + g.i - 1)::text, 5, '0'), 'open', 'unbilled', null, t.customer, t.currency,
       t.exchange_rate, t.lines, t.delivered, t.totals, t.gross_base, t.payment_terms_days, ts.at, ts.at, 1, null, t.order_type,
       case when g.i % 25 = 0 then 'rush' else 'normal' end, null, t.schedule, t.supplier, t.created_by, t.totals_base, t.tax_notes,
       '[]'::jsonb, t.allow_backorders, '[]'::jsonb, t.early_payment_discount, t.invoice_on_shipment, t.customer_id, t.customer_number,
       t.customer_name, t.net_base,
       jsonb_build_array('seed-' || $6::text) || case when g.i % 7 = 0 then '["Hohe Priorität"]'::jsonb else '[]'::jsonb end
         || case when g.i % 11 = 0 then '["Export"]'::jsonb else '[]'::jsonb end,
       (array['anna', 'bernd', 'clara', 'david', 'emma'])[1 + g.i % 5], t.lead_source, 'none', null
     from g join t on t.k = g.k
     cross join lateral (select make_timestamptz($4::int, 1, 1, 0, 0, 0, 'Europe/Berlin')
       + (now() - interval '1 hour' - make_timestamptz($4::int, 1, 1, 0, 0, 0, 'Europe/Berlin')) * (g.i::float8 / $3) as at) ts`,
    [templates, TEMPLATES, COUNT, year, first, stamp],
  );
  await client.query(
    `insert into sales_order.audit_entry (aggregate_type, aggregate_id, action, actor_id, actor_role, details, at)
     select 'order', number, 'created', 'seed', 'system', jsonb_build_object('seeded', true), created_at
     from sales_order.sales_order where tags @> jsonb_build_array('seed-' || $1::text) and number <> all($2)`,
    [stamp, templates],
  );
  await client.query('commit');
  // Fresh statistics and visibility map, as after any bulk load: the planner picks the list's indexes for the new row
  // count, and the count of a total range runs as an index-only scan instead of reading every order (autovacuum would
  // do this later, where it is on; on the PostgreSQL of these machines it is off).
  await client.query('vacuum (analyze) sales_order.sales_order');
} catch (err) {
  await client.query('rollback');
  throw err;
} finally {
  await client.end();
}
const total = performance.now() - started;
console.log(
  `seeded ${COUNT} orders (tag seed-${stamp}) from ${TEMPLATES} priced templates: API ${((viaApi - started) / 1000).toFixed(1)} s, SQL ${((total - viaApi) / 1000).toFixed(1)} s`,
);
