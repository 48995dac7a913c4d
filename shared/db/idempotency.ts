import type { Em } from './orm.ts';

/**
 * Runs a command at most once per idempotency key: the key and the answer are
 * stored in the same transaction as the command's changes, and a repeated call
 * (an activity retry after a worker crash) gets the stored answer back.
 */
export async function onceByKey<T>(em: Em, key: string | undefined, subject: string, run: (tx: Em) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    if (key) {
      // Serialises concurrent duplicates: the second waits for the first and then sees its row.
      // Advisory locks are database-wide: the subject keeps a command that calls another service
      // with the same key (order.create-direct → quote.price) from waiting on its own lock.
      await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`${subject}\n${key}`]);
      const [row] = await tx.execute<{ response: T }[]>(`select response from idempotency_key where key = ?`, [key]);
      if (row) return row.response;
    }
    const result = await run(tx);
    await tx.flush();
    if (key) {
      await tx.execute(`insert into idempotency_key (key, subject, response) values (?, ?, ?::jsonb)`, [key, subject, JSON.stringify(result)], 'run');
    }
    return result;
  });
}
