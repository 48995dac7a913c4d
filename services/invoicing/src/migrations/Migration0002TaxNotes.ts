import { Migration } from '@mikro-orm/migrations';

/**
 * The legal tax notes an invoice carries (§ 14a UStG: reverse charge, intra-EU
 * supply, export, § 19), kept with the invoice and as unchangeable as its amounts.
 */
export class Migration0002TaxNotes extends Migration {
  override up(): void {
    this.addSql(`alter table invoice add column tax_notes jsonb not null default '[]'::jsonb`);
    this.addSql(`create or replace function invoice_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then raise exception 'issued invoice % cannot be deleted', old.number; end if;
        if new.number <> old.number or new.lines <> old.lines or new.totals <> old.totals or new.customer <> old.customer
           or new.currency <> old.currency or new.supply_date <> old.supply_date or new.created_at <> old.created_at
           or new.tax_notes <> old.tax_notes then
          raise exception 'issued invoice % cannot be changed', old.number;
        end if;
        return new;
      end $$`);
  }
}
