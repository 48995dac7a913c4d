import { Migration } from '@mikro-orm/migrations';

/** Customer commercial data (language, currency, credit limit, price agreement, tags, assignee, lead source) and product details. */
export class Migration0002CustomerProductDetails extends Migration {
  override up(): void {
    this.addSql(`alter table customer
      add column language text not null default 'de' check (language in ('de','en')),
      add column currency char(3) not null default 'EUR',
      add column credit_limit numeric(18,4) null,
      add column price_agreement jsonb null,
      add column tags jsonb not null default '[]'::jsonb,
      add column assignee text null,
      add column lead_source text null,
      add column updated_at timestamptz not null default now()`);
    this.addSql(`create index customer_vat_id on customer (vat_id) where vat_id is not null`);
    this.addSql(`create index customer_email on customer (lower(email)) where email is not null`);
    this.addSql(`alter table product
      add column names jsonb not null default '{}'::jsonb,
      add column cost_prices jsonb not null default '{}'::jsonb,
      add column tiers jsonb not null default '[]'::jsonb,
      add column stocked boolean not null default true,
      add column make_to_order boolean not null default false`);
    this.addSql(`update product set names = jsonb_build_object('de', name, 'en', name)`);
  }
}
