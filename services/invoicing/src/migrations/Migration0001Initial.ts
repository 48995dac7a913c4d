import { Migration } from '@mikro-orm/migrations';

/**
 * Invoices, payments and the delivery notes already billed. Issued invoices are
 * never updated in their amounts or deleted: a trigger refuses it, so even a bug
 * cannot rewrite an issued document (GoBD).
 */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(`create table invoice (
      id text primary key,
      number text not null unique,
      status text not null,
      order_number text not null,
      delivery_note_numbers jsonb not null,
      customer jsonb not null,
      currency char(3) not null,
      exchange_rate jsonb not null,
      lines jsonb not null,
      totals jsonb not null,
      gross_base numeric(18,4) not null,
      paid_amount numeric(18,4) not null default 0,
      payment_terms_days int not null,
      supply_date date not null,
      due_date date not null,
      cancellation_reason text null,
      created_at timestamptz not null,
      version int not null default 1)`);
    this.addSql(`create index invoice_order on invoice (order_number)`);
    this.addSql(`create table invoiced_delivery_note (
      delivery_note_number text primary key,
      invoice_number text not null references invoice(number))`);
    this.addSql(`create table payment (
      id text primary key,
      invoice_number text not null references invoice(number),
      amount numeric(18,4) not null check (amount > 0),
      received_at date not null,
      reference text null,
      created_at timestamptz not null)`);
    this.addSql(`create function invoice_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then raise exception 'issued invoice % cannot be deleted', old.number; end if;
        if new.number <> old.number or new.lines <> old.lines or new.totals <> old.totals or new.customer <> old.customer
           or new.currency <> old.currency or new.supply_date <> old.supply_date or new.created_at <> old.created_at then
          raise exception 'issued invoice % cannot be changed', old.number;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger invoice_immutable before update or delete on invoice for each row execute function invoice_immutable()`);
  }
}
