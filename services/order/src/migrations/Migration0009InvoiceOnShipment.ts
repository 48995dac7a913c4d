import { Migration } from '@mikro-orm/migrations';

/** Whether the order's delivery notes are invoiced as they ship (from the quote or the customer). */
export class Migration0009InvoiceOnShipment extends Migration {
  override up(): void {
    this.addSql(`alter table sales_order add column invoice_on_shipment boolean not null default false`);
  }
}
