import { Migration } from '@mikro-orm/migrations';

/**
 * The web app's sign-in sessions, so that they outlive a restart of the web process. The row is keyed by
 * the SHA-256 of the cookie's random id (the id itself is never stored), and the API session token is
 * stored encrypted with a key derived from that id: what lies in the database cannot be used without the
 * browser's cookie. A row whose expires_at has passed is refused and purged.
 */
export class Migration0001Sessions extends Migration {
  override up(): void {
    this.addSql(`create table web_session (
      id_hash char(64) primary key,
      csrf text not null,
      lang text not null check (lang in ('de', 'en')),
      user_name text null,
      display_name text null,
      roles text[] null,
      api_token_sealed text null,
      api_expires_at timestamptz null,
      flash jsonb null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null,
      expires_at timestamptz not null)`);
    this.addSql(`create index web_session_expires on web_session (expires_at)`);
  }
}
