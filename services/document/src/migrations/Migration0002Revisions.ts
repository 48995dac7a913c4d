import { Migration } from '@mikro-orm/migrations';

/** A quote's revisions each keep their own PDF: documents are keyed by number and revision. */
export class Migration0002Revisions extends Migration {
  override up(): void {
    this.addSql(`alter table stored_document add column revision int not null default 1`);
    this.addSql(`alter table stored_document drop constraint stored_document_number_key`);
    this.addSql(`alter table stored_document add constraint stored_document_number_revision_key unique (number, revision)`);
  }
}
