import { z } from 'zod';
import { API_PREFIX, type Route } from './routes.ts';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency.ts';

const problem = {
  description: 'RFC 9457 problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const pageSchema = {
  type: 'object',
  required: ['items', 'hasMore', 'nextOffset'],
  properties: { items: { type: 'array', items: {} }, hasMore: { type: 'boolean' }, nextOffset: { type: ['integer', 'null'] } },
};

const idempotencyKeyParameter = {
  name: IDEMPOTENCY_HEADER,
  in: 'header',
  required: false,
  description:
    `Makes the request safe to retry. The first request with a key runs; a repeat by the same caller on the same route (method and path) ` +
    `with the same key and body gets the stored response back (marked with the ${REPLAYED_HEADER}: true header) instead of running again. ` +
    `The same key with another body answers 422 naming this header; while the first request is still running, a repeat waits for it and ` +
    `answers 409 if it takes too long. Successes and business refusals (4xx) are stored for 24 hours; server errors (5xx) and ` +
    `requests refused by validation before anything ran are not, so a retry runs again. ` +
    `Keys of other callers and other routes are independent.`,
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
};

/** Builds the OpenAPI 3.1 document from the same zod schemas that validate requests. */
export function buildOpenApi(routes: Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = r.query ? queryParams(r.query) : [];
    const success =
      r.produces === 'einvoice'
        ? {
            description: 'The e-invoice: XRechnung XML (UBL or CII), or the ZUGFeRD PDF/A-3 with its XML embedded',
            content: { 'application/xml': { schema: { type: 'string' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          }
        : r.produces === 'pdf'
          ? { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }
          : query.some((q) => (q as { name: string }).name === 'limit')
            ? {
                description: 'One page: items, hasMore (another page follows) and nextOffset (the offset of the next page, or null)',
                content: { 'application/json': { schema: pageSchema } },
              }
            : { description: 'OK', content: { 'application/json': { schema: {} } } };
    (paths[API_PREFIX + r.path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      description: r.auth ? String(r.auth.securityScheme.description ?? '') : `Roles: ${['admin', ...r.roles].join(', ')}`,
      security: [{ [r.auth?.scheme ?? 'apiKey']: [] }],
      parameters: [...params, ...query, ...(r.method === 'post' && !r.noIdempotency ? [idempotencyKeyParameter] : [])],
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } } }
        : {}),
      responses: {
        [String(r.status ?? 200)]: success,
        400: problem,
        401: problem,
        403: problem,
        404: problem,
        408: problem,
        409: problem,
        422: problem,
        500: problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kontor API', version: '1.0.0', description: 'Order-to-cash: quotes, orders, delivery notes, invoices, payments.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'API key of a role' },
        ...Object.fromEntries(routes.flatMap((r) => (r.auth ? [[r.auth.scheme, r.auth.securityScheme]] : []))),
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, detail: { type: 'string' } } } },
            correlationId: { type: 'string', description: 'On 5xx only: the id under which the real error is logged; the detail never carries it' },
          },
        },
      },
    },
    paths,
  };
}

function queryParams(schema: z.ZodType): unknown[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}
