import { Migration } from '@mikro-orm/migrations';

/**
 * What invoicing billed per order position, projected from its events: one row per
 * invoice with the lines it billed, so that its cancellation can take them back
 * (the cancelled event does not repeat the lines).
 */
export class Migration0006Invoiced extends Migration {
  override up(): void {
    this.addSql(`create table invoice_billing (
      invoice_number text primary key,
      order_number text not null,
      lines jsonb not null default '[]',
      cancelled boolean not null default false)`);
    this.addSql(`create index invoice_billing_order on invoice_billing (order_number)`);
  }
}
