import { Migration } from '@mikro-orm/migrations';

/** Time entries of project orders (time and material), each billed at most once. */
export class Migration0006TimeEntries extends Migration {
  override up(): void {
    this.addSql(`create table time_entry (
      id text primary key,
      order_number text not null,
      person text not null,
      product_id text not null,
      activity text not null,
      date date not null,
      hours numeric(8,2) not null check (hours > 0),
      rate numeric(18,4) null check (rate >= 0),
      billable boolean not null,
      text text not null,
      invoice_number text null,
      created_by text not null,
      created_at timestamptz not null)`);
    this.addSql(`create index time_entry_unbilled on time_entry (order_number, date) where invoice_number is null and billable`);
  }
}
