import { Migration } from '@mikro-orm/migrations';

/** Whether the order's stocked goods may ship in parts while the rest waits for stock (backorder). */
export class Migration0005AllowBackorders extends Migration {
  override up(): void {
    this.addSql(`alter table sales_order add column allow_backorders boolean not null default false`);
  }
}
