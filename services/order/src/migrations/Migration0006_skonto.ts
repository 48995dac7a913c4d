import { Migration } from '@mikro-orm/migrations';

/** The Skonto terms an order took over from its quote (or its direct pricing); its invoices offer them. */
export class Migration0006_skonto extends Migration {
  override up(): void {
    this.addSql(`alter table sales_order add column early_payment_discount jsonb null`);
  }
}
