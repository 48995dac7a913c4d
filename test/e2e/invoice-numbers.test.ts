import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Client as PgClient } from 'pg';
import { call } from '../../shared/nats/rpc.ts';
import { InvoicingCommands } from '../../shared/contracts/invoicing/index.ts';
import { parseDocumentNumber } from '../../shared/numbering.ts';
import { newCustomer, newProduct, ok } from '../helpers/sale.ts';

/**
 * 200 invoices issued at once by the invoicing service: their numbers are
 * unique and gapless (§ 14 UStG), and an issue that fails after taking its
 * number (here: the database refuses the insert, as a full disk or a broken
 * constraint would) gives the number back, so no gap is left either.
 */
describe('invoice numbers under concurrency', () => {
  let nc: NatsConnection;
  let pg: PgClient;
  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.query(`drop trigger if exists invoice_poison on invoicing.invoice`);
    await pg.query(`drop function if exists invoicing.invoice_poison()`);
    await pg.query(`drop table if exists invoicing.poisoned_order`);
    await nc.close();
    await pg.end();
  });

  it('gives 190 of 200 concurrent final invoices consecutive numbers while 10 fail after taking theirs', async () => {
    const customer = await newCustomer({ name: `Serienkunde ${Date.now()}` });
    const product = await newProduct('99.90', 'standard', 'Ersatzteil');
    const orders: string[] = [];
    for (let batch = 0; batch < 25; batch++) {
      const created = await Promise.all(
        Array.from({ length: 8 }, () =>
          ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] }),
        ),
      );
      orders.push(...created.map((o) => o.number));
    }
    // Every 20th order's invoice fails in the database after its number was taken.
    const poisoned = orders.filter((_, i) => i % 20 === 7);
    await pg.query(`create table invoicing.poisoned_order (number text primary key)`);
    await pg.query(`insert into invoicing.poisoned_order select unnest($1::text[])`, [poisoned]);
    await pg.query(`create function invoicing.invoice_poison() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from invoicing.poisoned_order where number = new.order_number) then raise exception 'poisoned order %', new.order_number; end if;
        return new;
      end $$`);
    await pg.query(`create trigger invoice_poison before insert on invoicing.invoice for each row execute function invoicing.invoice_poison()`);

    const results = await Promise.allSettled(
      orders.map((orderNumber) => call(nc, InvoicingCommands.billFinal, { orderNumber, idempotencyKey: `${orderNumber}:numbers-test` }, 60_000)),
    );
    const failed = orders.filter((_, i) => results[i]!.status === 'rejected');
    expect(failed.sort()).toEqual([...poisoned].sort());
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.number] : []));
    expect(new Set(numbers).size).toBe(190);
    const sequences = numbers.map((n) => parseDocumentNumber(n)!.sequence).sort((a, b) => a - b);
    expect(sequences.at(-1)! - sequences[0]! + 1).toBe(190);

    // The next invoice takes the next number: nothing was burnt by the failures.
    await pg.query(`delete from invoicing.poisoned_order`);
    const next = await call(nc, InvoicingCommands.billFinal, { orderNumber: poisoned[0]!, idempotencyKey: `${poisoned[0]}:numbers-test-2` });
    expect(parseDocumentNumber(next.number)!.sequence).toBe(sequences.at(-1)! + 1);
  }, 180_000);
});
