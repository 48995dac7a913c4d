import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Em } from './orm.ts';
import { OutboxEventSchema } from './common.ts';
import { encode } from '../nats/codec.ts';
import { parseEventData, type EventData, type EventDefinition, type EventEnvelope } from '../contracts/events.ts';

export type { EventEnvelope } from '../contracts/events.ts';

/** Events recorded by this process so far (committed or not): tells the relay's timer whether the outbox may have news. */
let recordedInProcess = 0;

/**
 * Runs `transaction` and, once it has committed, calls `onRecorded` if it recorded events (the relay's kick): a
 * transaction without events costs the relay nothing. Events other work of this process recorded meanwhile may
 * also trigger it, which only means one more pass.
 */
export async function kickIfRecorded<T>(transaction: () => Promise<T>, onRecorded: (() => void) | undefined): Promise<T> {
  const before = recordedInProcess;
  const result = await transaction();
  if (recordedInProcess !== before) onRecorded?.();
  return result;
}

/**
 * Records an event in the outbox inside the caller's transaction, so the event
 * exists exactly when the state change it describes was committed. The data is
 * validated against the event's schema first: a payload that does not fit is a
 * programming error and throws (InvalidEventError) before anything commits.
 */
export function recordEvent<D extends EventDefinition>(em: Em, event: D, data: EventData<D>): void {
  const parsed = parseEventData(event, data);
  recordedInProcess++;
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
 *
 * A pass runs when a transaction that wrote events has committed (`kick`). The
 * timer is the safety net for rows nobody kicked for (a crash between commit and
 * kick, a replica's leftovers): it looks at the table only when this process
 * recorded events since the last pass that found the outbox empty, or every
 * `sweepMs`, so an idle service sends PostgreSQL no query twice a second.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  /** `recordedInProcess` when the last pass that found the outbox empty began, and when that was. */
  private emptyAt = { recorded: -1, time: 0 };

  private readonly orm: MikroORM<PostgreSqlDriver>;
  private readonly js: JetStreamClient;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly sweepMs: number;

  constructor(orm: MikroORM<PostgreSqlDriver>, js: JetStreamClient, pollMs = 500, batchSize = 500, sweepMs = 5_000) {
    this.orm = orm;
    this.js = js;
    this.pollMs = pollMs;
    this.batchSize = batchSize;
    this.sweepMs = sweepMs;
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
    this.timer = setTimeout(() => void this.pass(true), this.pollMs);
  }

  /** Nothing recorded here since the outbox was last seen empty, and the sweep is not due: the table has nothing for us. */
  private nothingNew(): boolean {
    return this.emptyAt.recorded === recordedInProcess && Date.now() - this.emptyAt.time < this.sweepMs;
  }

  private async pass(byTimer = false): Promise<void> {
    if (this.running || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    if (byTimer && this.nothingNew()) {
      this.schedule();
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        // Read before the pass: an event recorded while it runs makes the next timer look again.
        const recorded = recordedInProcess;
        if ((await this.drain()) === 0) this.emptyAt = { recorded, time: Date.now() };
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
    // One look without a transaction first: most passes find nothing, and then cost one statement, not three.
    const [pending] = await em.execute<{ any: boolean }[]>(`select exists (select 1 from outbox_event where published_at is null) as any`);
    if (!pending?.any) return 0;
    return em.transactional(async (tx) => {
      // Marks and reads the batch in one statement; the marks commit only after every publish was acknowledged,
      // so a failed publish rolls them back. SKIP LOCKED lets several replicas of a service relay side by side.
      const rows = await tx.execute<{ id: string; subject: string; payload: EventEnvelope; created_at: Date }[]>(
        `update outbox_event set published_at = now() where id in (
           select id from outbox_event where published_at is null order by created_at limit ? for update skip locked)
         returning id, subject, payload, created_at`,
        [this.batchSize],
      );
      // RETURNING does not keep the subquery's order; events go out in the order they were recorded.
      rows.sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime());
      await Promise.all(rows.map((r) => this.js.publish(r.subject, encode(r.payload), { msgID: r.id })));
      return rows.length;
    });
  }
}
