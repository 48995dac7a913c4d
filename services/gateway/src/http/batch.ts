import { parse as parseQueryString } from 'node:querystring';
import { z } from 'zod';
import type { Principal } from '../auth/api-keys.ts';
import { ROLES } from '../auth/api-keys.ts';
import { actingRole, forbidden, problemOf, queryProblem, route, serverFault, strictQuery, type Route } from './routes.ts';
import { problemBody } from './problem.ts';

/** At most this many reads per batch: a page's worth, not a crawl (the batch counts as one request for admission). */
export const MAX_BATCH_READS = 20;

const batchBody = z.object({
  requests: z
    .array(
      z.object({
        path: z
          .string()
          .max(2000)
          .regex(/^\/[^?#]*(\?[^#]*)?$/, 'a path under /api/v1 with its query, e.g. /orders/AB-2026-00001 or /invoices?orderNumber=AB-2026-00001'),
      }),
    )
    .min(1)
    .max(MAX_BATCH_READS),
});

/** One read of a batch as it was answered: the status and JSON body it would have had on its own. */
interface ReadAnswer {
  status: number;
  body: unknown;
}

/** A GET route the batch can run, matched segment by segment like Express matches `/orders/:number`. */
interface Read {
  route: Route;
  segments: string[];
  /** Its strict query schema, built once like mount() does, not per read. */
  query: z.ZodType;
}

/** Only JSON reads: downloads (PDF, e-invoice) write their own response, and every POST changes something. */
const batchable = (r: Route) => r.method === 'get' && (r.produces ?? 'json') === 'json' && !r.auth;

function match(reads: Read[], pathname: string): { read: Read; params: Record<string, string> } | null {
  const parts = pathname.split('/').slice(1);
  for (const read of reads) {
    if (read.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = read.segments.every((segment, i) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return segment === parts[i];
      if (!parts[i]) return false;
      params[name] = decodeURIComponent(parts[i]!);
      return true;
    });
    if (fits) return { read, params };
  }
  return null;
}

const refusal = (status: number, code: string, detail: string, field: string): ReadAnswer => ({
  status,
  body: problemBody(status, code, detail, [{ field, message: detail }]),
});

/**
 * `POST /batch`: several GET reads in one request, each answered as it would be on its own (the same role check,
 * query validation, handler and problem documents), in the order asked. A screen that shows one order with its
 * notes, invoices, plan and audit trail makes one round trip to the gateway instead of nine; the reads still run
 * side by side. Nothing is written, so the batch is safe to repeat.
 */
export function batchRoute(routes: Route[]): Route {
  const asRead = (r: Route): Read => ({ route: r, segments: r.path.split('/').slice(1), query: strictQuery(r.query) });
  const reads = routes.filter(batchable).map(asRead);
  const others = routes.filter((r) => !batchable(r)).map(asRead);

  async function runRead(path: string, caller: Principal, index: number): Promise<ReadAnswer> {
    const field = `requests[${index}].path`;
    const url = new URL(path, 'http://gateway');
    let found: ReturnType<typeof match>;
    try {
      found = match(reads, url.pathname);
    } catch {
      return refusal(400, 'malformed_path', `${path} is not a well-formed path`, field);
    }
    if (!found) {
      return match(others, url.pathname)
        ? refusal(400, 'not_batchable', `${url.pathname} is not a JSON read (only GET routes answering JSON can be batched)`, field)
        : refusal(404, 'not_found', `no GET ${url.pathname} in this API`, field);
    }
    const r = found.read.route;
    const role = actingRole(caller, r.roles);
    if (!role) return forbidden(caller, r);
    const schema = found.read.query;
    const query = schema.safeParse(parseQueryString(url.search.slice(1)));
    if (!query.success) return queryProblem(query.error, schema);
    try {
      const body = await r.handler({
        body: undefined,
        query: query.data,
        params: found.params,
        role,
        actor: { id: caller.id, role },
        caller,
        idempotencyKey: undefined,
        // JSON reads never touch the response: they return what is to be sent.
        res: undefined as never,
      });
      return { status: r.status ?? 200, body: body ?? null };
    } catch (err) {
      const problem = problemOf(err);
      if (problem.body) return { status: problem.status, body: problem.body };
      return serverFault(err, problem.status, `batch read GET ${path}`);
    }
  }

  return route({
    method: 'post',
    path: '/batch',
    tag: 'Batch',
    summary:
      'Run several GET reads (JSON) in one request; each entry of `responses` holds the status and body that read would have answered on its own, in the order asked',
    roles: ROLES,
    body: batchBody,
    handler: async ({ body, caller }) => ({ responses: await Promise.all(body.requests.map((r, i) => runRead(r.path, caller, i))) }),
  });
}
