import { Migration } from '@mikro-orm/migrations';

/**
 * The period an invoice bills (time & material: the entries' period; recurring: the contract period),
 * stated in its e-invoice as BG-14. Invoices issued before stay without one: they printed none.
 * Like the other issued content, the period never changes once written (a trigger of its own).
 */
export class Migration0012InvoicePeriod extends Migration {
  override up(): void {
    this.addSql(`alter table invoice add column period_start date null, add column period_end date null`);
    this.addSql(`alter table invoice add constraint invoice_period_order check (period_end is null or period_start is null or period_end >= period_start)`);
    this.addSql(`create function invoice_period_immutable() returns trigger language plpgsql as $$
      begin
        if new.period_start is distinct from old.period_start or new.period_end is distinct from old.period_end then
          raise exception 'the period of issued invoice % cannot be changed', old.number;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger invoice_period_immutable before update on invoice for each row execute function invoice_period_immutable()`);
  }
}
