import { Migration } from '@mikro-orm/migrations';

/**
 * Payments beyond "at most the open amount": Skonto offered and granted on the invoice, the kind of a
 * payment (transfer or credit) with what arrived and what went to credit, the customers' credit
 * balances with their ledger, and the payments reported by the payment provider (matched or not).
 */
export class Migration0004Payments extends Migration {
  override up(): void {
    this.addSql(`alter table invoice
      add column early_payment_discount jsonb null,
      add column discount_amount numeric(18,4) not null default 0 check (discount_amount >= 0),
      add column discount_granted jsonb null`);
    // The Skonto offered is printed on the issued invoice: as unchangeable as its amounts. A trigger of
    // its own, so the invoice_immutable function stays as the corrections migration defines it.
    this.addSql(`create function invoice_offer_immutable() returns trigger language plpgsql as $$
      begin
        if new.early_payment_discount is distinct from old.early_payment_discount then
          raise exception 'the early-payment discount of issued invoice % cannot be changed', old.number;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger invoice_offer_immutable before update on invoice for each row execute function invoice_offer_immutable()`);
    this.addSql(`alter table payment
      add column kind text not null default 'transfer' check (kind in ('transfer', 'credit')),
      add column received_amount numeric(18,4) null,
      add column discount_amount numeric(18,4) not null default 0 check (discount_amount >= 0),
      add column provider_event_id text null unique`);
    this.addSql(`create table credit_balance (
      customer_id text not null,
      currency char(3) not null,
      balance numeric(18,4) not null default 0 check (balance >= 0),
      primary key (customer_id, currency))`);
    this.addSql(`create table credit_entry (
      id text primary key,
      customer_id text not null,
      currency char(3) not null,
      kind text not null check (kind in ('excess', 'applied', 'refund')),
      amount numeric(18,4) not null check (amount <> 0),
      payment_id text null,
      invoice_number text null,
      reference text null,
      created_at timestamptz not null,
      created_by text not null)`);
    this.addSql(`create index credit_entry_customer on credit_entry (customer_id, created_at)`);
    this.addSql(`create table provider_payment (
      event_id text primary key,
      status text not null check (status in ('matched', 'booked', 'unmatched')),
      amount numeric(18,4) not null check (amount > 0),
      currency char(3) not null,
      received_at date not null,
      reference text not null,
      payer_name text null,
      invoice_number text null,
      payment_id text null,
      reason text null,
      created_at timestamptz not null)`);
    this.addSql(`create index provider_payment_unmatched on provider_payment (created_at) where status = 'unmatched'`);
  }
}
