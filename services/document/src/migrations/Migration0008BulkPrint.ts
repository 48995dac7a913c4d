import { Migration } from '@mikro-orm/migrations';

/**
 * Bulk print: stored documents record their customer's number (so a selection
 * can filter by customer; documents stored earlier have none and are found by
 * the other filters), and a bulk print job records its selection, its progress
 * and the combined PDF's place in the object store.
 */
export class Migration0008BulkPrint extends Migration {
  override up(): void {
    this.addSql(`alter table stored_document add column customer_number text null`);
    this.addSql(`create index stored_document_customer on stored_document (customer_number, created_at)`);
    this.addSql(`create index stored_document_created on stored_document (created_at)`);
    this.addSql(`create table bulk_print_job (
      id text primary key,
      filter jsonb not null,
      status text not null check (status in ('running', 'done', 'failed')),
      total int not null,
      done int not null default 0,
      error text null,
      object_name text null,
      sha256 char(64) null,
      size int null,
      requested_by text not null,
      created_at timestamptz not null default now(),
      finished_at timestamptz null)`);
  }
}
