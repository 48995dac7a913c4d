import { webConfig } from './config.ts';

/** An answer of the REST API: status, parsed JSON (or the raw bytes of a PDF) and headers. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A problem document (RFC 9457) as the API answers errors. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; detail: string }[];
}

/** A refusal of the API that a screen shows to the user (status ≥ 400). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail);
    this.problem = problem;
  }
}

/**
 * Calls the REST API as the signed-in user (their session token) — the web app has no key of its own and
 * never reads the services' data in any other way. `forwardedFor` passes the browser's address on sign-in.
 */
export async function callApi<T = unknown>(
  token: string | null,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  opts: { forwardedFor?: string | undefined; raw?: boolean; idempotencyKey?: string | undefined } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: opts.raw ? '*/*' : 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.forwardedFor) headers['x-forwarded-for'] = opts.forwardedFor;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(webConfig.apiUrl + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Like callApi, but a refusal throws an ApiError (for reads a screen cannot do without). */
export async function apiOk<T = unknown>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await callApi<T>(token, method, path, body);
  if (res.status >= 400) throw new ApiError(asProblem(res));
  return res.body;
}

/** One read of a batch: the status and body it would have answered on its own. */
export type ReadAnswer<T = unknown> = Pick<ApiAnswer<T>, 'status' | 'body'>;

/**
 * Several GET reads in one round trip to the API (POST /batch), answered in the order asked. The gateway runs them
 * side by side with the same role checks as on their own; a page that needs nine reads pays for one request.
 */
export async function readAll(token: string, paths: readonly string[]): Promise<ReadAnswer[]> {
  const res = await callApi<{ responses: ReadAnswer[] }>(token, 'POST', '/batch', { requests: paths.map((path) => ({ path })) });
  if (res.status !== 200) throw new ApiError(asProblem(res));
  return res.body.responses;
}

/** The body of a read the page cannot do without: a refusal throws an ApiError, as apiOk does. */
export function bodyOf<T>(answer: ReadAnswer): T {
  if (answer.status >= 400) throw new ApiError(asProblem(answer));
  return answer.body as T;
}

/** The body of a read that may be refused or absent (no plan, no quote) without failing the page. */
export function bodyOr<T>(answer: ReadAnswer, fallback: T): T {
  return answer.status === 200 ? (answer.body as T) : fallback;
}

export function asProblem(res: ReadAnswer): Problem {
  const b = res.body as Partial<Problem> | Buffer;
  if (b && !Buffer.isBuffer(b) && typeof b.code === 'string')
    return { status: res.status, code: b.code, detail: b.detail ?? '', ...(b.errors ? { errors: b.errors } : {}) };
  return { status: res.status, code: 'error', detail: `HTTP ${res.status}` };
}

/** A query string from the set values of a record (undefined and '' are left out). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
