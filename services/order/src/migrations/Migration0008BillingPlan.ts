import { Migration } from '@mikro-orm/migrations';

/** Billing plans of orders: one versioned row per order with its items (shares, triggers). */
export class Migration0008BillingPlan extends Migration {
  override up(): void {
    this.addSql(`create table billing_plan (
      order_number text primary key references sales_order (number),
      version int not null,
      items jsonb not null default '[]'::jsonb,
      updated_at timestamptz not null)`);
  }
}
