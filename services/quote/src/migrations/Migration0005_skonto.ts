import { Migration } from '@mikro-orm/migrations';

/** Skonto terms (early-payment discount: percent within days) of a customer, and the snapshot a quote carries. */
export class Migration0005_skonto extends Migration {
  override up(): void {
    this.addSql(`alter table customer add column early_payment_discount jsonb null`);
    this.addSql(`alter table quote add column early_payment_discount jsonb null`);
  }
}
