import { Migration } from '@mikro-orm/migrations';

/**
 * A number may name more than one document: a delivery note (LS-…) and its pick
 * list. Documents and render jobs are keyed by number, kind and revision.
 */
export class Migration0005PickLists extends Migration {
  override up(): void {
    this.addSql(`alter table render_job drop constraint render_job_pkey`);
    this.addSql(`alter table render_job add primary key (number, kind, revision)`);
    this.addSql(`alter table stored_document drop constraint stored_document_number_revision_key`);
    this.addSql(`alter table stored_document add constraint stored_document_number_kind_revision_key unique (number, kind, revision)`);
  }
}
