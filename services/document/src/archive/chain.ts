import { createHash } from 'node:crypto';
import type { DocumentKind } from '../../../../shared/contracts/document/index.ts';

/** The prevHash of the first entry of the audit chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** One issue event in the hash-chained audit log. */
export interface ChainEntry {
  seq: number;
  number: string;
  kind: DocumentKind;
  revision: number;
  /** The stored version (1 when issued, more after regenerations). */
  version: number;
  sha256: string;
  /** ISO 8601 timestamp in UTC with milliseconds (Date#toISOString). */
  at: string;
}

/** The canonical form of an entry that is hashed: JSON with a fixed key order, no whitespace. */
export function canonicalEntry(e: ChainEntry): string {
  // Version 1 hashes as before versions existed, so chains written then still verify.
  return JSON.stringify(
    e.version > 1 ? [e.seq, e.number, e.kind, e.revision, e.sha256, e.at, e.version] : [e.seq, e.number, e.kind, e.revision, e.sha256, e.at],
  );
}

/** hash = sha256(prevHash + canonical entry), lower-case hex. */
export function chainHash(prevHash: string, e: ChainEntry): string {
  return createHash('sha256')
    .update(prevHash + canonicalEntry(e))
    .digest('hex');
}

export interface StoredChainEntry extends ChainEntry {
  prevHash: string;
  hash: string;
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  firstBrokenSeq?: number;
  problem?: string;
}

/**
 * Walks entries in seq order: seqs run 1, 2, 3… without gaps, each prevHash is
 * the previous entry's hash (the first one's GENESIS_HASH) and each hash is
 * recomputed from the entry. `bytesOk` checks an entry's document (its stored
 * bytes' SHA-256); it returns a problem or null.
 */
export async function walkChain(entries: StoredChainEntry[], bytesOk?: (e: StoredChainEntry) => Promise<string | null>): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    const broken = (problem: string): ChainCheck => ({ ok: false, entries: entries.length, firstBrokenSeq: e.seq, problem });
    if (e.seq !== i + 1) return broken(`expected seq ${i + 1}, found ${e.seq}`);
    if (e.prevHash !== prev) return broken(`prevHash of seq ${e.seq} is not the hash of seq ${e.seq - 1}`);
    if (chainHash(prev, e) !== e.hash) return broken(`hash of seq ${e.seq} does not match its content`);
    const bad = bytesOk ? await bytesOk(e) : null;
    if (bad) return broken(bad);
    prev = e.hash;
  }
  return { ok: true, entries: entries.length };
}
