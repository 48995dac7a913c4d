import { Migration } from '@mikro-orm/migrations';

/**
 * The e-invoice archive: the XML (XRechnung) or hybrid PDF (ZUGFeRD) of an
 * invoice or correction in the customer's format, stored once with its
 * SHA-256 (for e-invoices the XML is the record, § 14b UStG). Like
 * stored_document: never updated, deleted only by the retention command after
 * the retention date; each row is an entry of the audit log's hash chain
 * (kind `einvoice:<format>`).
 */
export class Migration0009EInvoices extends Migration {
  override up(): void {
    this.addSql(`create table einvoice (
      id text primary key,
      number text not null,
      format text not null check (format in ('xrechnung-ubl', 'xrechnung-cii', 'zugferd')),
      mime_type text not null,
      sha256 char(64) not null,
      size int not null,
      content bytea not null,
      created_at timestamptz not null,
      retention_until date not null,
      unique (number, format))`);
    this.addSql(`create function einvoice_write_once() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.retention_until < current_date and current_setting('kontor.retention_purge', true) = 'on' then
            return old;
          end if;
          raise exception 'e-invoice % (%) is archived until %; it cannot be deleted', old.number, old.format, old.retention_until using errcode = 'P0001';
        end if;
        raise exception 'e-invoice % (%) is immutable', old.number, old.format using errcode = 'P0001';
      end $$`);
    this.addSql(`create trigger einvoice_write_once before update or delete on einvoice for each row execute function einvoice_write_once()`);
    this.addSql(`create function einvoice_no_truncate() returns trigger language plpgsql as $$
      begin raise exception 'e-invoices cannot be truncated'; end $$`);
    this.addSql(`create trigger einvoice_no_truncate before truncate on einvoice for each statement execute function einvoice_no_truncate()`);
  }
}
