import { Migration } from '@mikro-orm/migrations';

/**
 * The order list's filters and sort columns as plain columns (customer, net total in EUR, tags, assignee,
 * lead source, payment status with the earliest due date of an unpaid invoice) and their indexes, so the list
 * filters, sorts and pages by keyset in SQL with 10,000 orders and more.
 */
export class Migration0010OrderList extends Migration {
  override up(): void {
    this.addSql(`alter table sales_order
      add column customer_id text null,
      add column customer_number text null,
      add column customer_name text null,
      add column net_base numeric(18,4) null,
      add column tags jsonb not null default '[]'::jsonb,
      add column assignee text null,
      add column lead_source text null,
      add column payment_status text not null default 'none' check (payment_status in ('none','open','partial','paid')),
      add column open_due_date date null`);
    // Orders written before: the snapshot's customer, the base net (else the document net of a EUR order), the payment state
    // their invoice projection tells (it has no due dates, so none of them shows overdue).
    this.addSql(`update sales_order set
      customer_id = customer->>'id',
      customer_number = customer->>'number',
      customer_name = customer->>'name',
      net_base = coalesce(nullif(totals_base->>'net', '')::numeric, case when currency = 'EUR' then nullif(totals->>'net', '')::numeric end, 0),
      payment_status = case
        when billing_status = 'paid' then 'paid'
        when exists (select 1 from jsonb_array_elements(invoices) i where i->>'status' in ('partially_paid', 'paid')) then 'partial'
        when exists (select 1 from jsonb_array_elements(invoices) i where i->>'status' <> 'cancelled') then 'open'
        else 'none' end`);
    this.addSql(`alter table sales_order
      alter column customer_id set not null,
      alter column customer_number set not null,
      alter column customer_name set not null,
      alter column net_base set not null`);
    // One index per sort column with the number as tie-break (scanned either way), and the filters' own.
    this.addSql(`create index sales_order_created on sales_order (created_at, number)`);
    this.addSql(`create index sales_order_gross_base on sales_order (gross_base, number)`);
    this.addSql(`create index sales_order_net_base on sales_order (net_base, number)`);
    this.addSql(`create index sales_order_customer_name on sales_order (customer_name, number)`);
    this.addSql(`create index sales_order_status on sales_order (status, number)`);
    this.addSql(`create index sales_order_billing_status on sales_order (billing_status, number)`);
    this.addSql(`create index sales_order_priority_number on sales_order (priority, number)`);
    this.addSql(`create index sales_order_assignee on sales_order ((coalesce(assignee, '')), number)`);
    this.addSql(`create index sales_order_number_prefix on sales_order (number text_pattern_ops)`);
    this.addSql(`create index sales_order_customer_number on sales_order (customer_number)`);
    this.addSql(`create index sales_order_customer_id on sales_order (customer_id)`);
    this.addSql(`create index sales_order_payment on sales_order (payment_status, open_due_date)`);
    this.addSql(`create index sales_order_lead_source on sales_order (lead_source)`);
    this.addSql(`create index sales_order_tags on sales_order using gin (tags jsonb_path_ops)`);
  }
}
