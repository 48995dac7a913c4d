import { Migration } from '@mikro-orm/migrations';

/** Recurring contracts per order and their periods, each billed (or skipped while paused) exactly once. */
export class Migration0008Subscriptions extends Migration {
  override up(): void {
    this.addSql(`create table subscription (
      order_number text primary key,
      interval text not null,
      start_at timestamptz not null,
      end_date date null,
      status text not null check (status in ('active','paused','ended')),
      price_changes jsonb not null default '[]'::jsonb,
      version int not null,
      created_at timestamptz not null)`);
    this.addSql(`create table subscription_period (
      order_number text not null references subscription (order_number),
      period int not null check (period >= 0),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      invoice_number text null,
      primary key (order_number, period))`);
  }
}
