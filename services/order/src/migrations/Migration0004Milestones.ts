import { Migration } from '@mikro-orm/migrations';

/** Milestone plans of orders: one versioned plan row per order, its milestones with their date moves. */
export class Migration0004Milestones extends Migration {
  override up(): void {
    this.addSql(`create table milestone_plan (
      order_number text primary key references sales_order (number),
      version int not null,
      updated_at timestamptz not null)`);
    this.addSql(`create table milestone (
      id text primary key,
      order_number text not null references milestone_plan (order_number),
      position int not null check (position >= 1),
      name text not null,
      planned_date date not null,
      billing_share jsonb null,
      covered_positions jsonb not null default '[]'::jsonb,
      responsible text not null,
      status text not null check (status in ('planned','in_progress','done','cancelled')),
      actual_date date null,
      cancel_reason text null,
      date_moves jsonb not null default '[]'::jsonb,
      customer_id text not null,
      customer_number text not null,
      customer_name text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql(`create index milestone_of_order on milestone (order_number, position)`);
    // The overdue list: open milestones by planned date.
    this.addSql(`create index milestone_open_due on milestone (planned_date) where status in ('planned','in_progress')`);
    this.addSql(`create index milestone_responsible on milestone (responsible, planned_date)`);
  }
}
