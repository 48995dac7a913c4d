import { Migration } from '@mikro-orm/migrations';

/**
 * Warehouses, stock levels per product and warehouse, the stock move ledger and
 * the warehouse's view of order lines (ordered, reserved, shipped). The checks
 * are the last line of defence: on hand, reserved and available never negative.
 */
export class Migration0002Stock extends Migration {
  override up(): void {
    this.addSql(`create table warehouse (
      code text primary key,
      name text not null,
      created_at timestamptz not null default now())`);
    this.addSql(`insert into warehouse (code, name) values ('HAUPT', 'Hauptlager')`);
    this.addSql(`create table stock_level (
      product_id text not null,
      warehouse_code text not null references warehouse (code),
      sku text not null,
      on_hand numeric(18,4) not null default 0 check (on_hand >= 0),
      reserved numeric(18,4) not null default 0 check (reserved >= 0),
      updated_at timestamptz not null default now(),
      primary key (product_id, warehouse_code),
      constraint stock_level_available check (reserved <= on_hand))`);
    this.addSql(`create index stock_level_sku on stock_level (sku)`);
    this.addSql(`create table stock_move (
      id bigserial primary key,
      kind text not null check (kind in ('receipt', 'correction', 'reservation', 'release', 'shipment')),
      product_id text not null,
      sku text not null,
      warehouse_code text not null references warehouse (code),
      quantity numeric(18,4) not null,
      on_hand_change numeric(18,4) not null,
      reserved_change numeric(18,4) not null,
      reason text null,
      document_type text null,
      document_number text null,
      order_position int null,
      actor_id text not null,
      actor_role text not null,
      at timestamptz not null default clock_timestamp())`);
    this.addSql(`create index stock_move_level on stock_move (product_id, warehouse_code, id)`);
    this.addSql(`create index stock_move_document on stock_move (document_number)`);
    this.addSql(`create table order_line_stock (
      order_number text not null,
      position int not null,
      product_id text not null,
      sku text not null,
      description text not null,
      unit text not null,
      ordered numeric(18,4) not null,
      reserved numeric(18,4) not null default 0 check (reserved >= 0),
      shipped numeric(18,4) not null default 0 check (shipped >= 0),
      warehouse_code text null references warehouse (code),
      allow_backorders boolean not null,
      cancelled boolean not null default false,
      order_created_at timestamptz not null,
      primary key (order_number, position))`);
    // Backorders of a product, oldest order first.
    this.addSql(
      `create index order_line_stock_open on order_line_stock (product_id, order_created_at, order_number, position) where not cancelled and shipped < ordered`,
    );
  }
}
