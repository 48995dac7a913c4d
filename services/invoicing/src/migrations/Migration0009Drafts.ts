import { Migration } from '@mikro-orm/migrations';

/** Invoice drafts, and the remark an invoice carries from its draft (immutable once issued, like the rest of it). */
export class Migration0009Drafts extends Migration {
  override up(): void {
    this.addSql(`alter table invoice add column remark text null`);
    this.addSql(`create table invoice_draft (
      id text primary key,
      order_number text not null,
      delivery_note_numbers jsonb not null,
      remark text null,
      status text not null check (status in ('open','issued','discarded')),
      invoice_number text null,
      version int not null,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql(`create or replace function invoice_remark_immutable() returns trigger language plpgsql as $$
      begin
        if new.remark is distinct from old.remark then raise exception 'issued invoice % cannot be changed', old.number; end if;
        return new;
      end $$`);
    this.addSql(`create trigger invoice_remark_immutable before update on invoice for each row execute function invoice_remark_immutable()`);
  }
}
