import { Migration } from '@mikro-orm/migrations';

/**
 * Order lines as the warehouse sees them learn what was cancelled of them (it is
 * no longer reserved, shipped or backordered), and whether a make-to-order line
 * still waits for its own goods (it takes no free stock meanwhile).
 */
export class Migration0007LineChanges extends Migration {
  override up(): void {
    this.addSql(`alter table order_line_stock add column cancelled_quantity numeric(18,4) not null default 0 check (cancelled_quantity >= 0)`);
    this.addSql(`alter table order_line_stock add column awaiting_goods boolean not null default false`);
  }
}
