import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/** An event waiting in the transactional outbox until the relay has published it to JetStream. */
export interface OutboxEvent {
  id: string;
  subject: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  publishedAt?: Date | null;
}

export const OutboxEventSchema = new EntitySchema<OutboxEvent>({
  name: 'OutboxEvent',
  tableName: 'outbox_event',
  properties: {
    id: { type: 'uuid', primary: true },
    subject: { type: 'string' },
    payload: { type: 'json' },
    createdAt: { type: 'datetime' },
    publishedAt: { type: 'datetime', nullable: true },
  },
});

export const commonEntities = [OutboxEventSchema];

/** Tables every service has in its own schema: outbox, inbox, idempotency keys and number series. */
export class CommonTables extends Migration {
  override up(): void {
    this.addSql(`create table outbox_event (
      id uuid primary key,
      subject text not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz null)`);
    this.addSql(`create index outbox_event_unpublished on outbox_event (created_at) where published_at is null`);
    this.addSql(`create table processed_event (
      event_id uuid primary key,
      subject text not null,
      processed_at timestamptz not null default now())`);
    this.addSql(`create table idempotency_key (
      key text primary key,
      subject text not null,
      response jsonb not null,
      created_at timestamptz not null default now())`);
    this.addSql(`create table number_series (
      prefix text not null,
      year int not null,
      last_value int not null,
      primary key (prefix, year))`);
  }
}

/**
 * The audit trail (Prüfpfad): who changed what and when, append-only. A
 * trigger refuses update and delete, so not even a bug can rewrite history.
 */
export class CommonAuditTrail extends Migration {
  override up(): void {
    this.addSql(`create table audit_entry (
      id bigserial primary key,
      aggregate_type text not null,
      aggregate_id text not null,
      action text not null,
      actor_id text not null,
      actor_role text not null,
      at timestamptz not null default clock_timestamp(),
      details jsonb not null default '{}'::jsonb)`);
    this.addSql(`create index audit_entry_aggregate on audit_entry (aggregate_id, id)`);
    this.addSql(`create function audit_entry_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit entries are append-only'; end $$`);
    this.addSql(`create trigger audit_entry_append_only before update or delete on audit_entry
      for each row execute function audit_entry_append_only()`);
  }
}
