import { Migration } from '@mikro-orm/migrations';

/** Dunning settings (one row) and the reminders issued, one per invoice and level. */
export class Migration0007Dunning extends Migration {
  override up(): void {
    this.addSql(`create table dunning_settings (id int primary key check (id = 1), settings jsonb not null, updated_at timestamptz not null)`);
    this.addSql(`create table reminder (
      number text primary key,
      invoice_number text not null,
      order_number text not null,
      level int not null check (level >= 1),
      document jsonb not null,
      created_at timestamptz not null,
      unique (invoice_number, level))`);
  }
}
