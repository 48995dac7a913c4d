/**
 * Outbox relay throughput: the relay publishes a batch with every publish in
 * flight at once; the baseline awaits each JetStream ack before the next
 * publish. Both against the real PostgreSQL and NATS, in one run. Prints the ratio.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { z } from 'zod';
import type { EventDefinition } from '../../shared/contracts/events.ts';
import { openOrm } from '../../shared/db/orm.ts';
import { OutboxRelay, recordEvent } from '../../shared/db/outbox.ts';
import { connectNats } from '../../shared/nats/connection.ts';
import { encode } from '../../shared/nats/codec.ts';

const N = Number(process.env.BENCH_EVENTS ?? 2000);
const ROUNDS = 3;
const STREAM = 'KONTOR_BENCH';

const orm = await openOrm({ schema: 'bench_outbox', entities: [], migrations: [] });
const nc = await connectNats('kontor-bench-outbox');
const jsm = await jetstreamManager(nc);
await jsm.streams.delete(STREAM).catch(() => undefined);
await jsm.streams.add({ name: STREAM, subjects: ['bench.>'] });
const js = jetstream(nc);
/** Written by hand, not with defineEvent: its subject stays off the events stream (events.>). */
const BenchEvent = { subject: 'bench.outbox.event', version: 1, schema: z.object({ i: z.number().int(), note: z.string() }) } satisfies EventDefinition;

async function fillOutbox(): Promise<void> {
  await orm.em.fork().transactional(async (tx) => {
    for (let i = 0; i < N; i++) recordEvent(tx, BenchEvent, { i, note: 'benchmark event' });
  });
}

async function relayRun(): Promise<number> {
  await fillOutbox();
  const relay = new OutboxRelay(orm, js, 60_000, 500);
  const t = performance.now();
  const sent = await relay.drain();
  const ms = performance.now() - t;
  if (sent !== N) throw new Error(`relay published ${sent}, expected ${N}`);
  return ms;
}

async function sequentialRun(): Promise<number> {
  await fillOutbox();
  const t = performance.now();
  const rows = await orm.em
    .fork()
    .execute<{ id: string; subject: string; payload: unknown }[]>(
      `select id, subject, payload from outbox_event where published_at is null order by created_at`,
    );
  for (const r of rows) await js.publish(r.subject, encode(r.payload), { msgID: r.id });
  await orm.em.fork().execute(`update outbox_event set published_at = now() where published_at is null`, [], 'run');
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const relayMs: number[] = [];
const seqMs: number[] = [];
await relayRun(); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  seqMs.push(await sequentialRun());
  relayMs.push(await relayRun());
}
console.log(`events per round: ${N}, rounds: ${ROUNDS}`);
console.log(`baseline (await each ack):  median ${median(seqMs).toFixed(0)} ms  (${((N / median(seqMs)) * 1000).toFixed(0)} events/s)`);
console.log(`outbox relay (in flight):   median ${median(relayMs).toFixed(0)} ms  (${((N / median(relayMs)) * 1000).toFixed(0)} events/s)`);
console.log(`ratio relay / baseline: ${(median(relayMs) / median(seqMs)).toFixed(3)}`);

await orm.em.fork().execute(`drop schema bench_outbox cascade`, [], 'run');
await jsm.streams.delete(STREAM);
await nc.drain();
await orm.close();
