import { jest } from '@jest/globals';
import { Client as PgClient } from 'pg';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { openOrm } from '../../shared/db/orm.ts';
import { StoredDocumentEntity } from '../../services/document/src/entities.ts';
import { enqueueRender, RenderDeferred, renderSoon, RenderLoop } from '../../services/document/src/render-jobs.ts';
import type { PdfTarget } from '../../services/document/src/document.service.ts';
import { Migration0001Initial } from '../../services/document/src/migrations/Migration0001Initial.ts';
import { Migration0002Revisions } from '../../services/document/src/migrations/Migration0002Revisions.ts';
import { Migration0003RenderJobs } from '../../services/document/src/migrations/Migration0003RenderJobs.ts';
import { Migration0005PickLists } from '../../services/document/src/migrations/Migration0005PickLists.ts';
import { Migration0010AskedFirst } from '../../services/document/src/migrations/Migration0010AskedFirst.ts';

/**
 * The render queue on real PostgreSQL, in a schema of its own: jobs render oldest first, except that a job someone
 * asked for (a download that found its PDF still queued) goes before every job nobody waits for, so one person's
 * invoice is not held up behind a run of 190 invoices issued at once. A job being rendered or waiting out a failure
 * is not moved.
 */
describe('render queue', () => {
  const schema = 'render_queue_test';
  let orm: MikroORM<PostgreSqlDriver>;
  const invoice = (n: number): PdfTarget => ({ kind: 'invoice', number: `RE-2099-${String(n).padStart(5, '0')}`, revision: 1 });

  beforeAll(async () => {
    const pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    await pg.query(`drop schema if exists ${schema} cascade`);
    await pg.end();
    orm = await openOrm({
      schema,
      entities: [StoredDocumentEntity],
      migrations: [Migration0001Initial, Migration0002Revisions, Migration0003RenderJobs, Migration0005PickLists, Migration0010AskedFirst],
    });
  });
  afterAll(async () => {
    await orm.em.fork().execute(`drop schema if exists ${schema} cascade`);
    await orm.close();
  });

  it('renders oldest first, an asked-for job before all others, and never moves a job in backoff', async () => {
    const em = orm.em.fork();
    for (let n = 1; n <= 30; n++) await enqueueRender(em, invoice(n));
    // Number 5 failed once and waits out its backoff: asking for it does not bring the retry forward.
    await em.execute(`update render_job set next_attempt_at = now() + interval '1 hour', attempts = 1 where number = ?`, [invoice(5).number]);
    expect(await renderSoon(em, invoice(5))).toBe(false);
    expect(await renderSoon(em, invoice(30))).toBe(true);
    expect(await renderSoon(em, invoice(30))).toBe(false); // asked already
    expect(await renderSoon(em, invoice(20))).toBe(true);

    const order: string[] = [];
    const loop = new RenderLoop(
      orm,
      async (job) => {
        order.push(job.number);
      },
      { batch: 1, pollMs: 50 },
    );
    loop.start();
    for (let i = 0; i < 200 && order.length < 29; i++) await new Promise((r) => setTimeout(r, 50));
    await loop.stop();

    const n = (s: string) => Number(s.slice(-5));
    expect(order.map(n)).toEqual([30, 20, ...Array.from({ length: 29 }, (_, i) => i + 1).filter((i) => ![5, 20].includes(i))]);
    const [left] = await em.execute<{ number: string; done_at: Date | null }[]>(`select number, done_at from render_job where done_at is null`);
    expect(left).toEqual({ number: invoice(5).number, done_at: null });
  });

  it('tries a deferred job again after its own short pause, counting no attempt and logging no failure', async () => {
    const em = orm.em.fork();
    await em.execute(`delete from render_job`);
    const receipt: PdfTarget = { kind: 'receipt', number: 'RE-2099-00099', revision: 1 };
    await enqueueRender(em, receipt);
    const tries: number[] = [];
    const errors = jest.spyOn(console, 'error');
    const loop = new RenderLoop(
      orm,
      async () => {
        tries.push(Date.now());
        // Waits three times, as a receipt waits for its counter payment; a failure would back off 1 s, 2 s, 4 s.
        if (tries.length <= 3) throw new RenderDeferred('waits for the counter payment', 200);
      },
      { batch: 1, pollMs: 50 },
    );
    loop.start();
    for (let i = 0; i < 100 && tries.length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    await loop.stop();
    expect(tries).toHaveLength(4);
    expect(tries[3]! - tries[0]!).toBeLessThan(3_000);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    const [job] = await em.execute<{ attempts: number; done_at: Date | null }[]>(`select attempts, done_at from render_job where number = ?`, [receipt.number]);
    expect(job!.attempts).toBe(1);
    expect(job!.done_at).not.toBeNull();
  });
});
