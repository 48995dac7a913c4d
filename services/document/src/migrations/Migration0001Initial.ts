import { Migration } from '@mikro-orm/migrations';

/** Rendered PDFs with their SHA-256; rows are write-once (a trigger refuses update and delete). */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(`create table stored_document (
      id text primary key,
      kind text not null,
      number text not null unique,
      sha256 char(64) not null,
      size int not null,
      content bytea not null,
      created_at timestamptz not null)`);
    this.addSql(`create function stored_document_write_once() returns trigger language plpgsql as $$
      begin raise exception 'stored document % is immutable', old.number; end $$`);
    this.addSql(`create trigger stored_document_write_once before update or delete on stored_document
      for each row execute function stored_document_write_once()`);
  }
}
