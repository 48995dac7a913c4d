import { Migration } from '@mikro-orm/migrations';

/**
 * Responses of POST requests sent with an Idempotency-Key, per caller, route and key.
 * A row without status is in progress; the primary key lets only the first of
 * concurrent duplicates run. The body is kept as text so a replay is byte-identical.
 */
export class Migration0002IdempotentRequests extends Migration {
  override up(): void {
    this.addSql(`create table idempotent_request (
      caller text not null,
      route text not null,
      key text not null,
      request_hash char(64) not null,
      status int null,
      response text null,
      started_at timestamptz not null default clock_timestamp(),
      completed_at timestamptz null,
      primary key (caller, route, key))`);
    this.addSql(`create index idempotent_request_started on idempotent_request (started_at)`);
  }
}
