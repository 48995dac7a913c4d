import { randomUUID } from 'node:crypto';
import type { Express, Request, Response, NextFunction } from 'express';
import { z } from 'zod';
import type { Principal, Role } from '../auth/api-keys.ts';
import { DomainError } from '../../../../shared/errors.ts';
import { zodIssues } from '../../../../shared/validation.ts';
import { sendProblem } from './problem.ts';

export type Method = 'get' | 'post';

/** One REST operation: its schemas drive both request validation and the OpenAPI document. */
export interface RouteSpec<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: Method;
  /** OpenAPI-style path, e.g. `/quotes/{number}`. */
  path: string;
  summary: string;
  tag: string;
  roles: readonly Role[];
  body?: B;
  query?: Q;
  /** What a success returns: JSON by default, or a PDF. */
  produces?: 'json' | 'pdf';
  status?: number;
  handler: (ctx: { body: z.infer<B>; query: z.infer<Q>; params: Record<string, string>; role: Role; actor: Principal; idempotencyKey: string | undefined; res: Response }) => Promise<unknown>;
}

export const API_PREFIX = '/api/v1';

/** Registers routes on the app: role check, zod validation, then the handler; every error becomes a problem document. */
export function mount(app: Express, routes: RouteSpec[], authenticate: (req: Request) => Promise<Principal | null>): void {
  for (const r of routes) {
    const expressPath = API_PREFIX + r.path.replace(/\{(\w+)\}/g, ':$1');
    app[r.method](expressPath, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const actor = await authenticate(req);
        const role = actor?.role;
        if (!actor || !role) return sendProblem(res, 401, 'unauthenticated', 'send a valid API key as "Authorization: Bearer <key>"', [{ field: 'Authorization', message: 'missing or unknown API key' }]);
        if (role !== 'admin' && !r.roles.includes(role)) {
          return sendProblem(res, 403, 'forbidden', `role '${role}' may not ${r.summary.toLowerCase()}; allowed: ${['admin', ...r.roles].join(', ')}`);
        }
        const body = r.body ? r.body.safeParse(req.body ?? {}) : { success: true as const, data: undefined };
        if (!body.success) return validationProblem(res, body.error, 'body');
        const query = r.query ? r.query.safeParse(req.query) : { success: true as const, data: undefined };
        if (!query.success) return validationProblem(res, query.error, 'query');
        const result = await r.handler({
          body: body.data,
          query: query.data,
          params: req.params as Record<string, string>,
          role,
          actor,
          idempotencyKey: req.header('Idempotency-Key') ?? undefined,
          res,
        });
        if (res.headersSent) return;
        res.status(r.status ?? 200).json(result);
      } catch (err) {
        next(err);
      }
    });
  }
}

function validationProblem(res: Response, error: z.ZodError, where: 'body' | 'query'): void {
  const issues = zodIssues(error).map((i) => ({ ...i, field: where === 'query' ? `query.${i.field}` : i.field }));
  sendProblem(res, 422, 'validation_failed', `invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);
}

/** What a client may read of a 5xx: that something failed, never the failure's own text. */
const SERVER_FAULTS: Record<string, string> = {
  service_unavailable: 'a service did not answer; try again later',
  sale_timeout: 'the sale did not answer in time; the step may still complete',
};

/**
 * Last error handler: domain errors below 500 keep their status and text; malformed JSON is a 400
 * naming the body. Every 5xx answers only that something failed, with a correlation id under which
 * the real error is logged (the service's own id if it logged one already).
 */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) return; // e.g. a body that arrived after its 408
  if (err instanceof DomainError && err.status < 500) return sendProblem(res, err.status, err.code, err.message, err.issues);
  const e = err as { type?: string; status?: number; message?: string };
  if (!(err instanceof DomainError)) {
    if (e.type === 'entity.parse.failed') return sendProblem(res, 400, 'malformed_json', `request body is not valid JSON: ${e.message}`, [{ field: '(body)', message: 'malformed JSON' }]);
    if (e.type === 'entity.too.large') return sendProblem(res, 413, 'body_too_large', 'the request body is larger than 1 MB', [{ field: '(body)', message: 'too large' }]);
    if (e.status && e.status >= 400 && e.status < 500) return sendProblem(res, e.status, 'bad_request', e.message ?? 'bad request');
  }
  const status = err instanceof DomainError ? err.status : 500;
  const code = err instanceof DomainError && SERVER_FAULTS[err.code] ? err.code : 'internal';
  const correlationId = (err instanceof DomainError ? err.correlationId : undefined) ?? randomUUID();
  console.error(`[gateway] ${req.method} ${req.originalUrl} failed with ${status} (correlationId ${correlationId})`, err);
  sendProblem(res, status, code, SERVER_FAULTS[code] ?? 'internal error', undefined, correlationId);
}
