import { Migration } from '@mikro-orm/migrations';

/** Invoice on shipment: a customer's setting, and the choice a quote carries to its order. */
export class Migration0006InvoiceOnShipment extends Migration {
  override up(): void {
    this.addSql(`alter table customer add column invoice_on_shipment boolean not null default false`);
    this.addSql(`alter table quote add column invoice_on_shipment boolean not null default false`);
  }
}
