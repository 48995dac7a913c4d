import { createHash } from 'node:crypto';
import type { Em } from '../../../../shared/db/orm.ts';
import { ConflictError, DomainError } from '../../../../shared/errors.ts';

/**
 * Idempotency-Key for every POST: the first request with a key runs and its
 * response is stored; a repeat with the same key and body gets that response
 * back, a repeat with another body is refused. Keys are scoped per caller and
 * per route (method and path with its parameters).
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on a response that was replayed from the store rather than produced anew. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

export interface IdempotencyScope {
  /** The API key's user name. */
  caller: string;
  /** e.g. `POST /api/v1/invoices/RE-2026-00001/payments` */
  route: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  /** The JSON text of the body, exactly as first sent. */
  body: string;
}

export type Claim = { kind: 'run' } | { kind: 'replay'; response: StoredResponse };

export interface IdempotencyTiming {
  /** How long a duplicate waits for the first request to finish before answering 409. */
  waitMs: number;
  pollMs: number;
  /** An unfinished record older than this belongs to a request that died (gateway crash); a retry takes it over. */
  abandonedAfterMs: number;
  /** How long finished records are kept. */
  retainMs: number;
}

const DEFAULT_TIMING: IdempotencyTiming = { waitMs: 15_000, pollMs: 100, abandonedAfterMs: 5 * 60_000, retainMs: 24 * 3_600_000 };

/** A SHA-256 of the body as canonical JSON (keys sorted), so key order and whitespace do not count as another body. */
export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(body ?? {}))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The key handed on to services and Temporal (as the Update ID): derived from
 * caller, route and client key, so two callers' equal keys never meet there either.
 */
export function scopedKey(scope: IdempotencyScope): string {
  return `idem:${createHash('sha256').update(`${scope.caller}\n${scope.route}\n${scope.key}`).digest('hex')}`;
}

/** The header's value: absent is fine, present must be 1 to 200 visible ASCII characters. */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(raw)) {
    throw new DomainError(400, 'invalid_idempotency_key', `the ${IDEMPOTENCY_HEADER} header must be 1 to 200 visible ASCII characters`, [
      { field: IDEMPOTENCY_HEADER, message: 'must be 1 to 200 visible ASCII characters' },
    ]);
  }
  return raw;
}

interface Row {
  request_hash: string;
  status: number | null;
  response: string | null;
  abandoned: boolean;
}

/** Records in the gateway schema's `idempotent_request` table. */
export class IdempotencyStore {
  private lastPurge = 0;
  private readonly em: () => Em;
  private readonly timing: IdempotencyTiming;

  constructor(em: () => Em, timing: Partial<IdempotencyTiming> = {}) {
    this.em = em;
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  /**
   * Claims the key for this request, or returns the stored response of an
   * earlier one. A concurrent duplicate waits for the first to finish.
   */
  async claim(scope: IdempotencyScope, hash: string): Promise<Claim> {
    await this.purgeOccasionally();
    const deadline = Date.now() + this.timing.waitMs;
    for (;;) {
      const em = this.em();
      const inserted = await em.execute<{ key: string }[]>(
        `insert into idempotent_request (caller, route, key, request_hash) values (?, ?, ?, ?) on conflict do nothing returning key`,
        [scope.caller, scope.route, scope.key, hash],
      );
      if (inserted.length) return { kind: 'run' };

      const [row] = await em.execute<Row[]>(
        `select request_hash, status, response, started_at < clock_timestamp() - make_interval(secs => ?) as abandoned
         from idempotent_request where caller = ? and route = ? and key = ?`,
        [this.timing.abandonedAfterMs / 1000, scope.caller, scope.route, scope.key],
      );
      if (!row) continue; // released (the first one failed) in between: try to claim it again
      if (row.request_hash.trim() !== hash) {
        throw new DomainError(
          422,
          'idempotency_key_reused',
          `the ${IDEMPOTENCY_HEADER} '${scope.key}' was already used with another request body on ${scope.route}`,
          [{ field: IDEMPOTENCY_HEADER, message: 'already used with another request body' }],
        );
      }
      if (row.status !== null) return { kind: 'replay', response: { status: row.status, body: row.response ?? 'null' } };

      if (row.abandoned) {
        // Of several retries only one takes it over: the others re-check the condition after the first one's update.
        const taken = await em.execute<{ key: string }[]>(
          `update idempotent_request set started_at = clock_timestamp()
           where caller = ? and route = ? and key = ? and status is null and started_at < clock_timestamp() - make_interval(secs => ?) returning key`,
          [scope.caller, scope.route, scope.key, this.timing.abandonedAfterMs / 1000],
        );
        if (taken.length) return { kind: 'run' };
        continue;
      }
      if (Date.now() >= deadline) {
        throw new ConflictError(`a request with this ${IDEMPOTENCY_HEADER} is still in progress; retry later`, 'idempotency_key_in_progress');
      }
      await new Promise((r) => setTimeout(r, this.timing.pollMs));
    }
  }

  /** Stores the response the claimed request produced. */
  async complete(scope: IdempotencyScope, response: StoredResponse): Promise<void> {
    await this.em().execute(
      `update idempotent_request set status = ?, response = ?, completed_at = clock_timestamp() where caller = ? and route = ? and key = ? and status is null`,
      [response.status, response.body, scope.caller, scope.route, scope.key],
      'run',
    );
  }

  /** Forgets a claim whose request failed with a server error, so a retry runs again. */
  async release(scope: IdempotencyScope): Promise<void> {
    await this.em().execute(
      `delete from idempotent_request where caller = ? and route = ? and key = ? and status is null`,
      [scope.caller, scope.route, scope.key],
      'run',
    );
  }

  private async purgeOccasionally(): Promise<void> {
    if (Date.now() - this.lastPurge < 10 * 60_000) return;
    this.lastPurge = Date.now();
    await this.em().execute(`delete from idempotent_request where started_at < ?`, [new Date(Date.now() - this.timing.retainMs)], 'run');
  }
}
