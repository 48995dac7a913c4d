import { Migration } from '@mikro-orm/migrations';

/** A combined invoice (Sammelrechnung) bills several orders: one projection row per invoice and order. */
export class Migration0008InvoiceParts extends Migration {
  override up(): void {
    this.addSql(`alter table invoice_billing drop constraint invoice_billing_pkey`);
    this.addSql(`alter table invoice_billing add primary key (invoice_number, order_number)`);
  }
}
