import { Migration } from '@mikro-orm/migrations';

/**
 * Returns (Retouren): the return documents, the move kind `return`, and blocked
 * warehouses with the seeded Sperrlager `SPERR` that damaged goods go to. A blocked
 * warehouse's stock is never reserved: the check keeps reservations out of it.
 */
export class Migration0003Returns extends Migration {
  override up(): void {
    this.addSql(`alter table warehouse add column blocked boolean not null default false`);
    this.addSql(`insert into warehouse (code, name, blocked) values ('SPERR', 'Sperrlager', true) on conflict (code) do update set blocked = true`);
    this.addSql(`alter table stock_move drop constraint stock_move_kind_check`);
    this.addSql(
      `alter table stock_move add constraint stock_move_kind_check check (kind in ('receipt', 'correction', 'reservation', 'release', 'shipment', 'return'))`,
    );
    this.addSql(`create table goods_return (
      id text primary key,
      number text not null unique,
      order_number text not null,
      status text not null check (status in ('announced', 'received', 'cancelled')),
      customer jsonb not null,
      reference text null,
      lines jsonb not null,
      created_at timestamptz not null,
      received_at timestamptz null,
      cancelled_at timestamptz null,
      version int not null default 1)`);
    this.addSql(`create index goods_return_order on goods_return (order_number)`);
  }
}
