import { Migration } from '@mikro-orm/migrations';

/** Sales orders; one order per quote at most (the unique quote_number makes conversion idempotent). */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(`create table sales_order (
      id text primary key,
      number text not null unique,
      status text not null,
      billing_status text not null,
      quote_number text null unique,
      customer jsonb not null,
      currency char(3) not null,
      exchange_rate jsonb not null,
      lines jsonb not null,
      delivered jsonb not null,
      totals jsonb not null,
      gross_base numeric(18,4) not null,
      payment_terms_days int not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version int not null default 1)`);
  }
}
