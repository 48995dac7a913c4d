import { Migration } from '@mikro-orm/migrations';

/** Make-to-order lines ship only once their goods are received: one release per order position. */
export class Migration0005MakeToOrder extends Migration {
  override up(): void {
    this.addSql(`create table production_release (
      order_number text not null,
      order_position int not null,
      released_at timestamptz not null,
      released_by text not null,
      reference text null,
      primary key (order_number, order_position))`);
  }
}
