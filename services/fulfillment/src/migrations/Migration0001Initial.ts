import { Migration } from '@mikro-orm/migrations';

/** Delivery notes (Lieferscheine); several per order for partial shipments. */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(`create table delivery_note (
      id text primary key,
      number text not null unique,
      order_number text not null,
      status text not null,
      customer jsonb not null,
      lines jsonb not null,
      carrier text null,
      tracking_number text null,
      shipped_at timestamptz null,
      created_at timestamptz not null,
      version int not null default 1)`);
    this.addSql(`create index delivery_note_order on delivery_note (order_number)`);
  }
}
