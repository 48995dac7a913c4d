import { Migration } from '@mikro-orm/migrations';

/** Cancellations of single order lines (position, quantity, reason, who, when), kept on the order. */
export class Migration0006LineChanges extends Migration {
  override up(): void {
    this.addSql(`alter table sales_order add column line_cancellations jsonb not null default '[]'`);
  }
}
