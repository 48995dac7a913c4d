import { Migration } from '@mikro-orm/migrations';

/** A customer's e-invoice setting: format (none, xrechnung-ubl, xrechnung-cii, zugferd), buyer reference and electronic address. */
export class Migration0007EInvoice extends Migration {
  override up(): void {
    this.addSql(`alter table customer add column einvoice jsonb`);
  }
}
