import { createHash } from 'node:crypto';
import type { Em } from '../../../../shared/db/orm.ts';
import type { DocumentKind } from '../../../../shared/contracts/document/index.ts';
import { chainHash, GENESIS_HASH, walkChain, type ChainCheck, type ChainEntry, type StoredChainEntry } from './chain.ts';

/**
 * The append-only, hash-chained audit log of issue events (table
 * `audit_log`): one entry per stored document version, appended in the
 * transaction that stores it. Appends take a table lock that conflicts with
 * itself, so two appends never read the same last entry and the chain never forks.
 */

export interface IssueEvent {
  number: string;
  kind: DocumentKind;
  revision: number;
  version: number;
  sha256: string;
  at: Date;
}

/** Appends one entry; `tx` must be inside a transaction (the lock is held until it ends). */
export async function appendAuditEntry(tx: Em, event: IssueEvent): Promise<StoredChainEntry> {
  await tx.execute(`lock table audit_log in share row exclusive mode`);
  const [last] = await tx.execute<{ seq: string; hash: string }[]>(`select seq, hash from audit_log order by seq desc limit 1`);
  const entry: ChainEntry = {
    seq: last ? Number(last.seq) + 1 : 1,
    number: event.number,
    kind: event.kind,
    revision: event.revision,
    version: event.version,
    sha256: event.sha256,
    at: event.at.toISOString(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = chainHash(prevHash, entry);
  await tx.execute(`insert into audit_log (seq, number, kind, revision, version, sha256, at, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    entry.seq,
    entry.number,
    entry.kind,
    entry.revision,
    entry.version,
    entry.sha256,
    entry.at,
    prevHash,
    hash,
  ]);
  return { ...entry, prevHash, hash };
}

/** Appends entries for stored versions that have none (stored before the audit log existed), oldest first. Returns how many. */
export async function backfillAuditLog(em: Em): Promise<number> {
  return em.transactional(async (tx) => {
    await tx.execute(`lock table audit_log in share row exclusive mode`);
    const missing = await tx.execute<{ number: string; kind: DocumentKind; revision: number; version: number; sha256: string; created_at: Date }[]>(
      `select d.number, d.kind, d.revision, d.version, d.sha256, d.created_at from stored_document d
        where not exists (select 1 from audit_log a where a.number = d.number and a.kind = d.kind and a.revision = d.revision and a.version = d.version)
        order by d.created_at, d.id`,
    );
    for (const d of missing) {
      await appendAuditEntry(tx, { number: d.number, kind: d.kind, revision: d.revision, version: d.version, sha256: d.sha256, at: new Date(d.created_at) });
    }
    return missing.length;
  });
}

interface AuditRow {
  seq: string;
  number: string;
  kind: DocumentKind;
  revision: number;
  version: number;
  sha256: string;
  at: Date;
  prev_hash: string;
  hash: string;
}

/** A check of a document's copy beside the database (the object store), given its verified bytes: answers a problem or null. */
export type ExtraCheck = (e: StoredChainEntry, bytes: Buffer) => Promise<string | null>;

/**
 * Verifies the archive end to end: walks the chain (seqs without gaps, each
 * prevHash the previous hash, each hash recomputed) and re-reads every entry's
 * stored bytes, whose SHA-256 must be the entry's and the stored row's.
 * Answers the first broken seq and what is wrong with it.
 */
export async function verifyArchive(em: Em, extra?: ExtraCheck): Promise<ChainCheck> {
  const rows = await em.execute<AuditRow[]>(`select seq, number, kind, revision, version, sha256, at, prev_hash, hash from audit_log order by seq`);
  const entries: StoredChainEntry[] = rows.map((r) => ({
    seq: Number(r.seq),
    number: r.number,
    kind: r.kind,
    revision: r.revision,
    version: r.version,
    sha256: r.sha256,
    at: new Date(r.at).toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
  return walkChain(entries, async (e) => {
    // One document at a time: a PDF may be several megabytes.
    const [doc] = await em.execute<{ sha256: string; content: Buffer }[]>(
      `select sha256, content from stored_document where number = ? and kind = ? and revision = ? and version = ?`,
      [e.number, e.kind, e.revision, e.version],
    );
    const what = `${e.number} (${e.kind}, revision ${e.revision}${e.version > 1 ? `, version ${e.version}` : ''})`;
    if (!doc) return `stored document ${what} of seq ${e.seq} is missing`;
    const actual = createHash('sha256').update(doc.content).digest('hex');
    if (doc.sha256 !== e.sha256) return `stored document ${what} records SHA-256 ${doc.sha256}, the audit log ${e.sha256}`;
    if (actual !== e.sha256) return `the bytes of ${what} have SHA-256 ${actual}, the audit log records ${e.sha256}`;
    return extra ? extra(e, doc.content) : null;
  });
}

/**
 * The retention command: deletes the stored documents whose retention date
 * lies before today and answers their numbers. The trigger lets
 * a delete through only inside this command (kontor.retention_purge) and only
 * after the retention date; nothing else, and no API, deletes documents.
 */
export async function purgeExpiredDocuments(em: Em): Promise<string[]> {
  return em.transactional(async (tx) => {
    await tx.execute(`select set_config('kontor.retention_purge', 'on', true)`);
    const gone = await tx.execute<{ number: string }[]>(`delete from stored_document where retention_until < current_date returning number`);
    return gone.map((g) => g.number);
  });
}
