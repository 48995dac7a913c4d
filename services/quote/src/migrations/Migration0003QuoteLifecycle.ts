import { Migration } from '@mikro-orm/migrations';

/**
 * Quote revisions, approvals, validity, forecast fields, pricing details and
 * base-currency amounts; sales settings (approval policy, reminder times, tax
 * mode); coupons; staff notifications.
 */
export class Migration0003QuoteLifecycle extends Migration {
  override up(): void {
    this.addSql(`alter table quote
      add column revision int not null default 1,
      add column created_by text not null default 'system',
      add column assignee text null,
      add column probability int null check (probability between 0 and 100),
      add column expected_close_date date null,
      add column expires_at timestamptz null,
      add column order_type text not null default 'standard',
      add column request jsonb not null default '{}'::jsonb,
      add column pricing jsonb not null default '{}'::jsonb,
      add column tax jsonb not null default '{}'::jsonb,
      add column totals_base jsonb not null default '{}'::jsonb,
      add column approvals jsonb not null default '[]'::jsonb,
      add column sent_at timestamptz null`);
    this.addSql(`update quote set expires_at = (valid_until + 1)::timestamp at time zone 'Europe/Berlin'`);
    this.addSql(`alter table quote alter column expires_at set not null`);
    this.addSql(`create table quote_revision (
      number text not null,
      revision int not null,
      snapshot jsonb not null,
      created_at timestamptz not null default now(),
      primary key (number, revision))`);
    this.addSql(`create function quote_revision_immutable() returns trigger language plpgsql as $$
      begin raise exception 'quote revisions are immutable'; end $$`);
    this.addSql(`create trigger quote_revision_immutable before update or delete on quote_revision
      for each row execute function quote_revision_immutable()`);
    this.addSql(`create table sales_settings (
      id int primary key check (id = 1),
      settings jsonb not null,
      version int not null default 1,
      updated_at timestamptz not null default now())`);
    this.addSql(`create table coupon (
      code text primary key,
      type text not null check (type in ('percent','amount')),
      value numeric(18,4) not null check (value > 0),
      currency char(3) null,
      valid_from date null,
      valid_until date null,
      usage_limit int null,
      times_used int not null default 0,
      created_at timestamptz not null default now())`);
    this.addSql(`create table notification (
      id bigserial primary key,
      recipient text not null,
      kind text not null,
      subject text not null,
      document_number text null,
      details jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now())`);
    this.addSql(`create index notification_recipient on notification (recipient, id)`);
  }
}

/** Open receivables per customer (base currency), projected from invoicing events. */
export class Migration0004CustomerExposure extends Migration {
  override up(): void {
    this.addSql(`create table customer_exposure (
      customer_id text primary key,
      open_base numeric(18,4) not null default 0)`);
  }
}
