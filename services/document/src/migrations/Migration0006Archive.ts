import { Migration } from '@mikro-orm/migrations';

/**
 * The archive (GoBD, § 147 AO, § 14b UStG): every stored document version
 * records the template version and language it was rendered with and the date
 * until which it must be kept. Stored documents are never updated; a delete is
 * refused unless the retention date has passed and the retention command asked
 * for it (`set local kontor.retention_purge = 'on'`). Every stored version is
 * an entry of `audit_log`, an append-only hash chain (hash = sha256(prevHash +
 * canonical entry)), that a trigger keeps from being changed or deleted.
 * Versions stored before this migration keep template version 'unknown'; their
 * chain entries are appended when the service starts (see archive/audit-log.ts).
 */
export class Migration0006Archive extends Migration {
  override up(): void {
    this.addSql(`alter table stored_document add column template_version text, add column language text, add column retention_until date`);
    this.addSql(`alter table stored_document disable trigger stored_document_write_once`);
    this.addSql(`update stored_document set template_version = 'unknown', language = 'de',
      retention_until = make_date(extract(year from created_at at time zone 'UTC')::int
        + case when kind in ('invoice', 'cancellation', 'credit_note', 'reminder') then 8 else 6 end, 12, 31)`);
    this.addSql(`alter table stored_document enable trigger stored_document_write_once`);
    this.addSql(`alter table stored_document alter column template_version set not null, alter column language set not null,
      alter column retention_until set not null`);
    this.addSql(`create or replace function stored_document_write_once() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.retention_until < current_date and current_setting('kontor.retention_purge', true) = 'on' then
            return old;
          end if;
          raise exception 'stored document % (%, revision %) is archived until %; it cannot be deleted', old.number, old.kind, old.revision, old.retention_until
            using errcode = 'P0001';
        end if;
        raise exception 'stored document % (%, revision %) is immutable', old.number, old.kind, old.revision using errcode = 'P0001';
      end $$`);
    this.addSql(`create function stored_document_no_truncate() returns trigger language plpgsql as $$
      begin raise exception 'stored documents cannot be truncated'; end $$`);
    this.addSql(`create trigger stored_document_no_truncate before truncate on stored_document
      for each statement execute function stored_document_no_truncate()`);

    this.addSql(`create table audit_log (
      seq bigint primary key check (seq >= 1),
      number text not null,
      kind text not null,
      revision int not null,
      sha256 char(64) not null,
      at timestamptz not null,
      prev_hash char(64) not null,
      hash char(64) not null unique,
      unique (number, kind, revision))`);
    this.addSql(`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the audit log is append-only (% refused)', tg_op; end $$`);
    this.addSql(`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only()`);
    this.addSql(`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`);
  }
}
