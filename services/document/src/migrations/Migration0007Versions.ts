import { Migration } from '@mikro-orm/migrations';

/**
 * Regenerating a document after a template change stores a new version beside
 * the earlier ones (never over them): stored documents and audit log entries
 * are keyed by number, kind, revision and version. Everything stored so far is
 * version 1. Adding a column fires no row trigger, so the write-once and
 * append-only triggers stay as they are.
 */
export class Migration0007Versions extends Migration {
  override up(): void {
    this.addSql(`alter table stored_document add column version int not null default 1 check (version >= 1)`);
    this.addSql(`alter table stored_document drop constraint stored_document_number_kind_revision_key`);
    this.addSql(`alter table stored_document add constraint stored_document_number_kind_revision_version_key unique (number, kind, revision, version)`);
    this.addSql(`alter table audit_log add column version int not null default 1 check (version >= 1)`);
    this.addSql(`alter table audit_log drop constraint audit_log_number_kind_revision_key`);
    this.addSql(`alter table audit_log add constraint audit_log_number_kind_revision_version_key unique (number, kind, revision, version)`);
  }
}
