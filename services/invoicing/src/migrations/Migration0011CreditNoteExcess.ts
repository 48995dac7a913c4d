import { Migration } from '@mikro-orm/migrations';

/**
 * What credit notes credit beyond an invoice's open amount goes to the customer's credit balance
 * (ledger kind credit_note) instead of waiting to be refunded against the note: the invoice keeps how much.
 */
export class Migration0011CreditNoteExcess extends Migration {
  override up(): void {
    this.addSql(`alter table invoice add column balance_credit numeric(18,4) not null default 0`);
    // An invoice of one order may leave its orders unset (null or []): order_number names it.
    this.addSql(`alter table invoice alter column order_numbers drop not null`);
  }
}
