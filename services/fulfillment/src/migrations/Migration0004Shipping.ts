import { Migration } from '@mikro-orm/migrations';

/**
 * Shipping details of delivery notes (method; the date the goods arrived) and
 * the storage bin of a product in a warehouse, printed on pick lists.
 */
export class Migration0004Shipping extends Migration {
  override up(): void {
    this.addSql(`alter table delivery_note add column shipping_method text null check (shipping_method in ('parcel', 'freight', 'pickup', 'courier'))`);
    this.addSql(`alter table delivery_note add column delivered_on date null`);
    this.addSql(`alter table stock_level add column bin text null`);
  }
}
