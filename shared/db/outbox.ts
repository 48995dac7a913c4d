import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Em } from './orm.ts';
import { OutboxEventSchema } from './common.ts';
import { encode } from '../nats/codec.ts';
import { parseEventData, type EventData, type EventDefinition, type EventEnvelope } from '../contracts/events.ts';

export type { EventEnvelope } from '../contracts/events.ts';

/**
 * Records an event in the outbox inside the caller's transaction, so the event
 * exists exactly when the state change it describes was committed. The data is
 * validated against the event's schema first: a payload that does not fit is a
 * programming error and throws (InvalidEventError) before anything commits.
 */
export function recordEvent<D extends EventDefinition>(em: Em, event: D, data: EventData<D>): void {
  const parsed = parseEventData(event, data);
  const id = randomUUID();
  const occurredAt = new Date();
  const envelope: EventEnvelope = { id, subject: event.subject, version: event.version, occurredAt: occurredAt.toISOString(), data: parsed };
  em.persist(
    em.create(OutboxEventSchema, {
      id,
      subject: event.subject,
      payload: envelope as unknown as Record<string, unknown>,
      createdAt: occurredAt,
      publishedAt: null,
    }),
  );
}

/**
 * Publishes outbox rows to JetStream. All publishes of a batch are in flight at
 * once; the event id is the Nats-Msg-Id so JetStream drops a re-publish after a
 * crash between publish and marking the row.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  private readonly orm: MikroORM<PostgreSqlDriver>;
  private readonly js: JetStreamClient;
  private readonly pollMs: number;
  private readonly batchSize: number;

  constructor(orm: MikroORM<PostgreSqlDriver>, js: JetStreamClient, pollMs = 500, batchSize = 500) {
    this.orm = orm;
    this.js = js;
    this.pollMs = pollMs;
    this.batchSize = batchSize;
  }

  start(): void {
    this.schedule();
  }

  /** Asks for a relay pass soon, e.g. right after a transaction that wrote events committed. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.pass();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Publishes until the outbox is empty; returns how many events went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.pass(), this.pollMs);
  }

  private async pass(): Promise<void> {
    if (this.running || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.running = true;
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again);
    } catch (err) {
      console.error('[outbox] relay pass failed, will retry', err);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private async publishBatch(): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      // SKIP LOCKED lets several replicas of a service relay side by side.
      const rows = await tx.execute<{ id: string; subject: string; payload: EventEnvelope }[]>(
        `select id, subject, payload from outbox_event where published_at is null
         order by created_at limit ? for update skip locked`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((r) => this.js.publish(r.subject, encode(r.payload), { msgID: r.id })));
      await tx.execute(`update outbox_event set published_at = now() where id in (?)`, [rows.map((r) => r.id)], 'run');
      return rows.length;
    });
  }
}
