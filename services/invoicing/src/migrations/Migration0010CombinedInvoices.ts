import { Migration } from '@mikro-orm/migrations';

/**
 * Combined invoices (Sammelrechnung): the orders an invoice bills when they are several (empty for an
 * invoice of one order, which names it in order_number), indexed to find an order's invoices; credit
 * notes' excess over what is open goes to the customer's credit balance (ledger kind credit_note).
 */
export class Migration0010CombinedInvoices extends Migration {
  override up(): void {
    this.addSql(`alter table invoice add column order_numbers jsonb not null default '[]'`);
    this.addSql(`create index invoice_order_numbers on invoice using gin (order_numbers)`);
    this.addSql(`alter table credit_entry drop constraint if exists credit_entry_kind_check`);
    this.addSql(`alter table credit_entry add constraint credit_entry_kind_check check (kind in ('excess', 'credit_note', 'applied', 'refund'))`);
  }
}
