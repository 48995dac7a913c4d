import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { NotFoundError, ConflictError } from '../errors.ts';
import type { EventEnvelope } from '../contracts/events.ts';
import type { Em } from './orm.ts';
import type { EventConsumer } from './inbox.ts';
import type { DeadLetter } from '../contracts/platform.ts';

/**
 * Events a consumer gave up on after its bounded retries. They stay here for
 * operations to read and replay (through the gateway's admin API) instead of
 * being redelivered forever or silently dropped.
 */
export class CommonDeadLetters extends Migration {
  override up(): void {
    this.addSql(`create table dead_letter (
      id bigserial primary key,
      consumer text not null,
      event_id uuid not null,
      subject text not null,
      event jsonb not null,
      error text not null,
      attempts int not null,
      failed_at timestamptz not null default now(),
      replayed_at timestamptz null,
      unique (consumer, event_id))`);
    this.addSql(`create index dead_letter_open on dead_letter (id) where replayed_at is null`);
  }
}

export type { DeadLetter };

export async function recordDeadLetter(em: Em, consumer: string, event: EventEnvelope, error: string, attempts: number): Promise<void> {
  await em.execute(
    `insert into dead_letter (consumer, event_id, subject, event, error, attempts) values (?, ?, ?, ?::jsonb, ?, ?)
     on conflict (consumer, event_id) do update set error = excluded.error, attempts = excluded.attempts, failed_at = now(), replayed_at = null`,
    [consumer, event.id, event.subject, JSON.stringify(event), error.slice(0, 2000), attempts],
  );
}

type Row = { id: string; consumer: string; event_id: string; subject: string; error: string; attempts: number; failed_at: Date; replayed_at: Date | null };

const toDeadLetter = (r: Row): DeadLetter => ({
  id: Number(r.id),
  consumer: r.consumer,
  eventId: r.event_id,
  subject: r.subject,
  error: r.error,
  attempts: r.attempts,
  failedAt: new Date(r.failed_at).toISOString(),
  replayedAt: r.replayed_at ? new Date(r.replayed_at).toISOString() : null,
});

export async function listDeadLetters(em: Em, includeReplayed: boolean): Promise<DeadLetter[]> {
  const rows = await em.execute<Row[]>(
    `select id, consumer, event_id, subject, error, attempts, failed_at, replayed_at from dead_letter
     ${includeReplayed ? '' : 'where replayed_at is null'} order by id limit 500`,
  );
  return rows.map(toDeadLetter);
}

export async function countOpenDeadLetters(em: Em): Promise<number> {
  const [row] = await em.execute<{ n: string }[]>(`select count(*) n from dead_letter where replayed_at is null`);
  return Number(row?.n ?? 0);
}

/**
 * Runs the consumer once more on a dead letter (after a fix, a data correction,
 * or a deploy that knows the event's version): validated against the contract
 * and handled as if delivered now. Success marks it replayed in the same
 * transaction; a failure (handler error or data that still does not fit the
 * contract) answers 409 with the error and leaves it open.
 */
export async function replayDeadLetter(orm: MikroORM<PostgreSqlDriver>, id: number, consumers: Record<string, EventConsumer>): Promise<DeadLetter> {
  return orm.em.fork().transactional(async (tx) => {
    const [row] = await tx.execute<(Row & { event: EventEnvelope })[]>(`select * from dead_letter where id = ? for update`, [id]);
    if (!row) throw new NotFoundError(`dead letter ${id} not found`, 'id');
    if (row.replayed_at) throw new ConflictError(`dead letter ${id} was replayed already`, 'already_replayed');
    const consumer = consumers[row.consumer];
    if (!consumer) throw new ConflictError(`no consumer ${row.consumer} in this service`, 'unknown_consumer');
    // The handler's own work runs in a savepoint: its failure is the replay's
    // answer, and the dead letter stays open.
    try {
      // A subject the consumer no longer declares is skipped, as a delivery now would be.
      const run = consumer.parse(row.event)?.run;
      if (run) await tx.transactional((inner) => handleOnce(inner, row.event, run));
    } catch (err) {
      throw new ConflictError(`replaying dead letter ${id} failed: ${err instanceof Error ? err.message : String(err)}`, 'replay_failed');
    }
    const [done] = await tx.execute<Row[]>(`update dead_letter set replayed_at = now() where id = ? returning *`, [id]);
    return toDeadLetter(done!);
  });
}

/** Applies an event once: its id goes into processed_event in the same transaction as the handler's effect. */
export async function handleOnce(tx: Em, event: Pick<EventEnvelope, 'id' | 'subject'>, run: (tx: Em) => Promise<void>): Promise<void> {
  const inserted = await tx.execute<{ event_id: string }[]>(
    `insert into processed_event (event_id, subject) values (?, ?) on conflict do nothing returning event_id`,
    [event.id, event.subject],
  );
  if (inserted.length === 0) return;
  await run(tx);
}
