import { Migration } from '@mikro-orm/migrations';

/**
 * Notices to staff, roles and partners (reminders, escalations, warehouse and
 * supplier notices) are correspondence: they live here, not in the quote
 * schema. Notices an earlier version stored in `quote.notification` are
 * copied once, so the recipients' lists stay complete.
 */
export class Migration0004Notifications extends Migration {
  override up(): void {
    this.addSql(`create table notification (
      id bigserial primary key,
      recipient text not null,
      kind text not null,
      subject text not null,
      document_number text null,
      details jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now())`);
    this.addSql(`create index notification_recipient on notification (recipient, id)`);
    this.addSql(`create index notification_document on notification (document_number, id)`);
    this.addSql(`do $$ begin
      if to_regclass('quote.notification') is not null then
        insert into notification (recipient, kind, subject, document_number, details, created_at)
          select recipient, kind, subject, document_number, details, created_at from quote.notification order by id;
      end if;
    end $$`);
  }
}
