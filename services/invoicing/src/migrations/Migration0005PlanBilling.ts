import { Migration } from '@mikro-orm/migrations';

/**
 * Invoices by billing plan: down-payment and progress invoices name the plan
 * item they bill (once per order), a final invoice keeps its deductions, and
 * an order has at most one live final invoice.
 */
export class Migration0005PlanBilling extends Migration {
  override up(): void {
    // kind and refers_to also come with the corrections; whichever migration runs first adds them.
    this.addSql(`alter table invoice add column if not exists kind text not null default 'invoice'`);
    this.addSql(`alter table invoice add column if not exists refers_to text null`);
    this.addSql(`alter table invoice add column plan_item_key text null`);
    this.addSql(`alter table invoice add column deductions jsonb not null default '[]'::jsonb`);
    this.addSql(
      `create unique index invoice_plan_item_once on invoice (order_number, plan_item_key) where plan_item_key is not null and status <> 'cancelled'`,
    );
    this.addSql(`create unique index invoice_final_once on invoice (order_number) where kind = 'final' and status <> 'cancelled'`);
    this.addSql(`create or replace function invoice_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then raise exception 'issued invoice % cannot be deleted', old.number; end if;
        if new.number <> old.number or new.lines <> old.lines or new.totals <> old.totals or new.customer <> old.customer
           or new.currency <> old.currency or new.supply_date <> old.supply_date or new.created_at <> old.created_at
           or new.tax_notes <> old.tax_notes or new.kind <> old.kind or new.deductions <> old.deductions
           or new.plan_item_key is distinct from old.plan_item_key or new.refers_to is distinct from old.refers_to then
          raise exception 'issued invoice % cannot be changed', old.number;
        end if;
        return new;
      end $$`);
  }
}
