import { Migration } from '@mikro-orm/migrations';

/** Customers, products and quotes. Lines live as JSON inside their document: they never exist alone. */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(`create sequence customer_number_seq start 10001`);
    this.addSql(`create table customer (
      id text primary key,
      number text not null unique,
      name text not null,
      type text not null check (type in ('business','consumer')),
      billing_address jsonb not null,
      shipping_address jsonb not null,
      vat_id text null,
      email text null,
      payment_terms_days int not null,
      created_at timestamptz not null,
      version int not null default 1)`);
    this.addSql(`create table product (
      id text primary key,
      sku text not null unique,
      name text not null,
      unit text not null,
      prices jsonb not null,
      tax_category text not null check (tax_category in ('standard','reduced','exempt')),
      kind text not null check (kind in ('goods','service')),
      created_at timestamptz not null)`);
    this.addSql(`create table quote (
      id text primary key,
      number text not null unique,
      status text not null,
      customer_id text not null references customer(id),
      customer jsonb not null,
      currency char(3) not null,
      exchange_rate jsonb not null,
      lines jsonb not null,
      totals jsonb not null,
      gross_base numeric(18,4) not null,
      payment_terms_days int not null,
      valid_until date not null,
      order_number text null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version int not null default 1)`);
    this.addSql(`create index quote_customer on quote (customer_id)`);
  }
}
