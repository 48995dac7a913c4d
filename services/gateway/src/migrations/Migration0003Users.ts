import { Migration } from '@mikro-orm/migrations';

/**
 * Staff accounts, their sign-in sessions and the audit trail of account changes. Every API key
 * belongs to a user: the existing keys each get an account of their own name and role (no password,
 * so it cannot sign in), and a disabled user's keys and sessions stop working.
 */
export class Migration0003Users extends Migration {
  override up(): void {
    this.addSql(`create table app_user (
      id text primary key,
      name text not null unique,
      display_name text not null,
      password_hash text null,
      roles text[] not null check (cardinality(roles) > 0),
      disabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql(`create table user_session (
      id text primary key,
      user_id text not null references app_user (id),
      hash char(64) not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz null)`);
    this.addSql(`create index user_session_expires on user_session (expires_at)`);
    this.addSql(`create table user_audit (
      id bigserial primary key,
      at timestamptz not null default clock_timestamp(),
      actor text not null,
      user_name text not null,
      action text not null,
      detail jsonb not null default '{}')`);
    this.addSql(`create index user_audit_user on user_audit (user_name, id)`);
    this.addSql(`alter table api_key add column user_id text null references app_user (id)`);
    this.addSql(`insert into app_user (id, name, display_name, roles, created_at, updated_at)
      select 'usr_' || substr(id, 5), name, name, array[role], created_at, created_at from api_key`);
    this.addSql(`update api_key set user_id = 'usr_' || substr(id, 5)`);
    this.addSql(`alter table api_key alter column user_id set not null`);
  }
}
