import { Migration } from '@mikro-orm/migrations';

/** Order types (cash sale, rush, scheduled delivery, drop-ship), quote revision link, base amounts and tax notes. */
export class Migration0002OrderTypes extends Migration {
  override up(): void {
    this.addSql(`alter table sales_order
      add column quote_revision int null,
      add column order_type text not null default 'standard' check (order_type in ('standard','cash_sale','rush','scheduled','drop_ship')),
      add column priority text not null default 'normal' check (priority in ('normal','rush')),
      add column due_date date null,
      add column schedule jsonb not null default '[]'::jsonb,
      add column supplier jsonb null,
      add column created_by text not null default 'system',
      add column totals_base jsonb not null default '{}'::jsonb,
      add column tax_notes jsonb not null default '[]'::jsonb`);
    this.addSql(`create index sales_order_priority on sales_order (priority, due_date) where status in ('open','partially_delivered')`);
  }
}
