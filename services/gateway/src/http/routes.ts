import { randomUUID } from 'node:crypto';
import type { Express, Request, Response, NextFunction } from 'express';
import { z } from 'zod';
import type { Principal, Role } from '../auth/api-keys.ts';
import { DomainError, type FieldIssue } from '../../../../shared/errors.ts';
import { zodIssues } from '../../../../shared/validation.ts';
import { problemBody, sendProblem } from './problem.ts';
import {
  IDEMPOTENCY_HEADER,
  REPLAYED_HEADER,
  parseIdempotencyKey,
  requestHash,
  scopedKey,
  type IdempotencyScope,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.ts';

export type Method = 'get' | 'post';

/** A route's own authentication instead of the API key; `scheme` names its OpenAPI security scheme. */
export interface RouteAuth {
  scheme: string;
  securityScheme: Record<string, unknown>;
  authenticate: (req: Request) => Promise<Principal>;
}

/** The names of the path parameters: `'/quotes/{number}/approvals/{level}'` → `'number' | 'level'`. */
export type PathParam<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParam<Rest> : never;

/** What a schema validates to; without a body schema the handler gets no body, without a query schema an empty query. */
type Validated<S, Otherwise> = S extends z.ZodType ? z.output<S> : Otherwise;

/** What a handler gets: the validated body and query and the path parameters, typed by the route's own schemas and path. */
export interface RouteContext<P extends string, B, Q> {
  body: Validated<B, undefined>;
  query: Validated<Q, Record<string, never>>;
  params: Record<PathParam<P>, string>;
  role: Role;
  actor: Principal;
  /** Who called, with all their roles (actor is the one role the request acts in). */
  caller: Principal;
  /** The client's Idempotency-Key scoped to caller and route: pass it on to services (and as Temporal Update ID). */
  idempotencyKey: string | undefined;
  res: Response;
}

/** One REST operation: its schemas drive request validation, the handler's types and the OpenAPI document. */
export interface RouteSpec<P extends string = string, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined> {
  method: Method;
  /** OpenAPI-style path, e.g. `/quotes/{number}`. */
  path: P;
  summary: string;
  tag: string;
  roles: readonly Role[];
  body?: B;
  query?: Q;
  /** The response holds a secret shown only once (a new API key): it is never stored, so an Idempotency-Key is refused here. */
  noIdempotency?: boolean;
  /**
   * A route called by a machine without an API key (the payment provider's webhook): `authenticate` checks the
   * request itself (e.g. its HMAC signature) and answers the principal it acts as, or throws a 401 DomainError.
   */
  auth?: RouteAuth;
  /** What a success returns: JSON by default, a PDF, or an e-invoice (XML, or a PDF/A-3 for ZUGFeRD). */
  produces?: 'json' | 'pdf' | 'einvoice';
  status?: number;
  handler: (ctx: RouteContext<P, B, Q>) => Promise<unknown>;
}

/** A route as mount() and the OpenAPI builder see it: the same spec, its handler taking input that mount() has validated. */
export interface Route extends Omit<RouteSpec<string, z.ZodType | undefined, z.ZodType | undefined>, 'handler'> {
  handler: (
    ctx: { body: unknown; query: unknown; params: Record<string, string> } & Omit<RouteContext<string, undefined, undefined>, 'body' | 'query' | 'params'>,
  ) => Promise<unknown>;
}

/**
 * Defines a route whose handler is typed by its own body and query schemas and its path:
 * `route({ method: 'post', path: '/quotes/{number}/edit', body: editSchema, handler: ({ params, body }) => … })`
 * gives `params.number: string` and `body: z.output<typeof editSchema>`.
 */
export function route<P extends string, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<P, B, Q>,
): Route {
  // The one place the types are erased: mount() parses body and query with these very schemas and passes
  // every parameter of this path (Express matched them), so the handler gets exactly what it declares.
  return spec as Route;
}

export const API_PREFIX = '/api/v1';

/**
 * Registers routes on the app: role check, zod validation, then the handler; every error becomes a problem document.
 * A POST with an Idempotency-Key runs once per caller, route and key (see idempotency.ts).
 */
export function mount(app: Express, routes: Route[], authenticate: (req: Request) => Promise<Principal | null>, idempotency: IdempotencyStore): void {
  for (const r of routes) {
    const expressPath = API_PREFIX + r.path.replace(/\{(\w+)\}/g, ':$1');
    const querySchema = strictQuery(r.query);
    const paramNames = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    app[r.method](expressPath, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const caller = r.auth ? await r.auth.authenticate(req) : await authenticate(req);
        if (!caller?.role)
          return sendProblem(res, 401, 'unauthenticated', 'send a valid API key as "Authorization: Bearer <key>"', [
            { field: 'Authorization', message: 'missing or unknown API key' },
          ]);
        const role = actingRole(caller, r.roles);
        if (!role) return sendAnswer(res, forbidden(caller, r));
        // Services see the one role the request acts in, as they did when every key had one role.
        const actor: Principal = { id: caller.id, role };
        const query = querySchema.safeParse(req.query ?? {});
        if (!query.success) return sendAnswer(res, queryProblem(query.error, querySchema));
        const body = r.body ? r.body.safeParse(req.body ?? {}) : { success: true as const, data: undefined };
        if (!body.success) return validationProblem(res, body.error);
        const params = pathParams(paramNames, req.params);
        const run = (idempotencyKey: string | undefined) => r.handler({ body: body.data, query: query.data, params, role, actor, caller, idempotencyKey, res });

        const key = r.method === 'post' ? parseIdempotencyKey(req.header(IDEMPOTENCY_HEADER)) : undefined;
        if (key && r.noIdempotency) {
          return sendProblem(
            res,
            400,
            'idempotency_key_not_supported',
            `${IDEMPOTENCY_HEADER} is not supported here: the response holds a secret that is never stored; a repeat answers 409`,
            [{ field: IDEMPOTENCY_HEADER, message: 'not supported on this route' }],
          );
        }
        if (!key) {
          const result = await run(undefined);
          if (res.headersSent) return;
          res.status(r.status ?? 200).json(result);
          return;
        }
        const scope = {
          caller: actor.id,
          route: `${r.method.toUpperCase()} ${API_PREFIX}${r.path.replace(/\{(\w+)\}/g, (_, p: string) => params[p] ?? '')}`,
          key,
        };
        await respondOnce(res, idempotency, scope, req.body, async () => ({
          status: r.status ?? 200,
          body: JSON.stringify((await run(scopedKey(scope))) ?? null),
        }));
      } catch (err) {
        next(err);
      }
    });
  }
}

/** The role a caller acts in on a route: admin if they have it, else the first of their roles the route allows; null if none does. */
export function actingRole(caller: Principal, allowed: readonly Role[]): Role | null {
  const roles = caller.roles ?? [caller.role];
  if (roles.includes('admin')) return 'admin';
  return roles.find((r) => allowed.includes(r)) ?? null;
}

/** Runs the request once for its idempotency scope: replays a stored response, or runs it and stores what it answered. */
async function respondOnce(res: Response, store: IdempotencyStore, scope: IdempotencyScope, body: unknown, run: () => Promise<StoredResponse>): Promise<void> {
  const claim = await store.claim(scope, requestHash(body));
  if (claim.kind === 'replay') return sendStored(res.set(REPLAYED_HEADER, 'true'), claim.response);
  let response: StoredResponse;
  try {
    response = await run();
  } catch (err) {
    const problem = problemOf(err);
    // A server error is not an answer to keep: the retry should run again (services and Temporal dedupe it by the scoped key).
    if (problem.status >= 500) {
      await store.release(scope).catch((e: unknown) => console.error('[gateway] releasing idempotency key failed', e));
      throw err;
    }
    response = { status: problem.status, body: JSON.stringify(problem.body) };
  }
  await store.complete(scope, response).catch((e: unknown) => console.error('[gateway] storing idempotent response failed', e));
  sendStored(res, response);
}

function sendStored(res: Response, response: StoredResponse): void {
  res
    .status(response.status)
    .type(response.status >= 400 ? 'application/problem+json' : 'application/json')
    .send(response.body);
}

/** The route's path parameters by name: Express gives each `:name` segment as one decoded string. */
function pathParams(names: readonly string[], matched: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const value = matched[name];
      return [name, Array.isArray(value) ? value.join('/') : (value ?? '')];
    }),
  );
}

/** A problem as status and body, for mount() to send or the batch to collect. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

function sendAnswer(res: Response, answer: Answer): void {
  res.status(answer.status).type('application/problem+json').json(answer.body);
}

function answer(status: number, code: string, detail: string, issues?: FieldIssue[]): Answer {
  return { status, body: problemBody(status, code, detail, issues) };
}

export function forbidden(caller: Principal, r: Route): Answer {
  const has = (caller.roles ?? [caller.role]).join("', '");
  return answer(403, 'forbidden', `role '${has}' may not ${r.summary.toLowerCase()}; allowed: ${['admin', ...r.roles].join(', ')}`);
}

/** Every route refuses query parameters it does not know; a route without a query schema takes none. */
export function strictQuery(schema: z.ZodType | undefined): z.ZodType {
  if (!schema) return z.object({}).strict();
  return schema instanceof z.ZodObject ? schema.strict() : schema;
}

export function queryProblem(error: z.ZodError, schema: z.ZodType): Answer {
  const supported = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const unknown = error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
  if (unknown.length) {
    const message = `not a supported query parameter${supported.length ? ` (supported: ${supported.join(', ')})` : ' (this endpoint takes none)'}`;
    return answer(
      400,
      'unsupported_query_parameter',
      `unsupported query parameter ${unknown.map((k) => `'${k}'`).join(', ')}`,
      unknown.map((k) => ({ field: `query.${k}`, message })),
    );
  }
  const issues = zodIssues(error).map((i) => ({ ...i, field: `query.${i.field}` }));
  return answer(400, 'invalid_query', `invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);
}

function validationProblem(res: Response, error: z.ZodError): void {
  const issues = zodIssues(error);
  sendProblem(res, 422, 'validation_failed', `invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);
}

/** What a client may read of a 5xx: that something failed, never the failure's own text. */
const SERVER_FAULTS: Record<string, string> = {
  service_unavailable: 'a service did not answer; try again later',
  sale_timeout: 'the sale did not answer in time; the step may still complete',
};

/**
 * The problem an error answers with when it is the client's (below 500): domain errors keep their
 * status and text; malformed JSON is a 400 naming the body. Anything else is a server fault (status
 * only): errorHandler answers it without its text.
 */
export function problemOf(err: unknown): { status: number; body: Record<string, unknown> | null } {
  const problem = (status: number, code: string, detail: string, issues?: FieldIssue[]) => ({ status, body: problemBody(status, code, detail, issues) });
  if (err instanceof DomainError) return err.status < 500 ? problem(err.status, err.code, err.message, err.issues) : { status: err.status, body: null };
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed')
    return problem(400, 'malformed_json', `request body is not valid JSON: ${e.message}`, [{ field: '(body)', message: 'malformed JSON' }]);
  if (e.type === 'entity.too.large') return problem(413, 'body_too_large', 'the request body is larger than 1 MB', [{ field: '(body)', message: 'too large' }]);
  if (e.status && e.status >= 400 && e.status < 500) return problem(e.status, 'bad_request', e.message ?? 'bad request');
  return { status: 500, body: null };
}

/**
 * Last error handler. Every 5xx answers only that something failed, with a correlation id under
 * which the real error is logged (the service's own id if it logged one already).
 */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) return; // e.g. a body that arrived after its 408
  const { status, body } = problemOf(err);
  if (body) {
    res.status(status).type('application/problem+json').json(body);
    return;
  }
  const fault = serverFault(err, status, `${req.method} ${req.originalUrl}`);
  res.status(fault.status).type('application/problem+json').json(fault.body);
}

/** A 5xx as the client sees it: that something failed and a correlation id, under which the error itself is logged. */
export function serverFault(err: unknown, status: number, what: string): Answer {
  const code = err instanceof DomainError && SERVER_FAULTS[err.code] ? err.code : 'internal';
  const correlationId = (err instanceof DomainError ? err.correlationId : undefined) ?? randomUUID();
  console.error(`[gateway] ${what} failed with ${status} (correlationId ${correlationId})`, err);
  return { status, body: problemBody(status, code, SERVER_FAULTS[code] ?? 'internal error', undefined, correlationId) };
}
