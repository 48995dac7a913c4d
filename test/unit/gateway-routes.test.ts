import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { z } from 'zod';
import { route } from '../../services/gateway/src/http/routes.ts';
import { buildOpenApi } from '../../services/gateway/src/http/openapi.ts';
import { serveRoutes } from '../helpers/gateway-app.ts';

/**
 * A route's handler is typed by its own schemas and path (checked by tsc on this file) and gets
 * exactly what mount() validated (checked at run time); the OpenAPI document uses the same schemas.
 */
const decisionSchema = z.object({ decision: z.enum(['approve', 'reject']), reason: z.string().optional() });
const revisionQuery = z.object({ revision: z.coerce.number().int().min(1).optional() });

const decide = route({
  method: 'post',
  path: '/quotes/{number}/approvals/{level}',
  tag: 'Approvals',
  summary: 'Decide',
  roles: ['sales_manager'],
  body: decisionSchema,
  query: revisionQuery,
  handler: async ({ params, body, query }) => {
    const number: string = params.number;
    const level: string = params.level;
    const decision: 'approve' | 'reject' = body.decision;
    const revision: number | undefined = query.revision;
    // @ts-expect-error the path has no such parameter
    void params.quote;
    // @ts-expect-error the body schema has no such field
    void body.amount;
    return { number, level, decision, reason: body.reason ?? null, revision: revision ?? null };
  },
});

const plain = route({
  method: 'get',
  path: '/ping',
  tag: 'Test',
  summary: 'Ping',
  roles: ['sales_manager'],
  handler: async ({ body, query }) => {
    // Without schemas: no body, and an empty query.
    const nothing: undefined = body;
    const empty: Record<string, never> = query;
    return { body: nothing ?? null, query: empty };
  },
});

let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ base, close } = await serveRoutes([decide, plain], { id: 'erika', role: 'sales_manager' }));
});

afterAll(() => close());

const post = (path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('typed gateway routes', () => {
  it('hands the handler the parsed body, the coerced query and the path parameters', async () => {
    const res = await post('/quotes/AN-2026-00042/approvals/2?revision=3', { decision: 'approve', reason: 'fine' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ number: 'AN-2026-00042', level: '2', decision: 'approve', reason: 'fine', revision: 3 });
  });

  it('refuses a body that does not match its schema, naming the field, before the handler runs', async () => {
    const res = await post('/quotes/AN-2026-00042/approvals/2', { decision: 'maybe' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'decision' })] });
  });

  it('refuses an invalid or unknown query parameter, naming it', async () => {
    const invalid = await post('/quotes/AN-2026-00042/approvals/2?revision=0', { decision: 'approve' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'invalid_query', errors: [expect.objectContaining({ field: 'query.revision' })] });
    const unknown = await fetch(`${base}/ping?x=1`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 'unsupported_query_parameter', errors: [expect.objectContaining({ field: 'query.x' })] });
  });

  it('gives a route without schemas no body and an empty query', async () => {
    const res = await fetch(`${base}/ping`);
    expect(await res.json()).toEqual({ body: null, query: {} });
  });

  it('documents the same schemas and path parameters in OpenAPI', () => {
    const doc = buildOpenApi([decide, plain]) as {
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown }>>;
    };
    const op = doc.paths['/api/v1/quotes/{number}/approvals/{level}']!.post!;
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:number', 'path:level', 'query:revision', 'header:Idempotency-Key']);
    expect(op.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { decision: { enum: ['approve', 'reject'] } }, required: ['decision'] } } },
    });
    expect(doc.paths['/api/v1/ping']!.get!.requestBody).toBeUndefined();
  });
});
