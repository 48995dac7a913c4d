import { Migration } from '@mikro-orm/migrations';

/**
 * Corrections of issued invoices in the invoice table, each in its own gapless
 * series: cancellation invoices (ST) and credit notes (RK), with their kind,
 * the invoice they refer to and the reason printed on them; what an invoice's
 * credit notes credit; refunds against corrections. kind and refers_to also
 * come with the billing plans (Migration0005PlanBilling): whichever runs first
 * adds them. Kind, reference, reason and return of a document are as
 * unchangeable as its amounts: a trigger of its own guards them, so the
 * invoice_immutable() that other migrations replace keeps guarding theirs.
 */
export class Migration0003Corrections extends Migration {
  override up(): void {
    this.addSql(`alter table invoice add column if not exists kind text not null default 'invoice'`);
    this.addSql(`alter table invoice add column if not exists refers_to text null`);
    this.addSql(`alter table invoice add constraint invoice_refers_to_invoice foreign key (refers_to) references invoice(number)`);
    this.addSql(`alter table invoice add column reason text null`);
    this.addSql(`alter table invoice add column credited_amount numeric(18,4) not null default 0 check (credited_amount >= 0)`);
    this.addSql(`alter table invoice add column refunded_amount numeric(18,4) not null default 0 check (refunded_amount >= 0)`);
    this.addSql(`alter table invoice add column return_number text null`);
    this.addSql(`alter table invoice add constraint invoice_correction_refers check ((kind in ('cancellation', 'credit_note')) = (refers_to is not null))`);
    this.addSql(`create index invoice_refers_to on invoice (refers_to)`);
    // A return is credited once per invoice, however often its event arrives.
    this.addSql(`create unique index invoice_return_credit on invoice (return_number, refers_to) where return_number is not null`);
    // An invoice is cancelled at most once.
    this.addSql(`create unique index invoice_one_cancellation on invoice (refers_to) where kind = 'cancellation'`);
    this.addSql(`create table refund (
      id text primary key,
      correction_number text not null references invoice(number),
      amount numeric(18,4) not null check (amount > 0),
      refunded_at date not null,
      reference text null,
      created_at timestamptz not null)`);
    this.addSql(`create index refund_correction on refund (correction_number)`);
    this.addSql(`create function invoice_correction_immutable() returns trigger language plpgsql as $$
      begin
        if new.kind <> old.kind or new.refers_to is distinct from old.refers_to
           or new.reason is distinct from old.reason or new.return_number is distinct from old.return_number then
          raise exception 'issued invoice % cannot be changed', old.number;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger invoice_correction_immutable before update on invoice for each row execute function invoice_correction_immutable()`);
  }
}
