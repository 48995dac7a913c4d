import { Migration } from '@mikro-orm/migrations';

/** The order's own projection of its invoices (number, status, billed quantities), from invoicing events. */
export class Migration0003InvoiceProjection extends Migration {
  override up(): void {
    this.addSql(`alter table sales_order add column invoices jsonb not null default '[]'::jsonb`);
  }
}
