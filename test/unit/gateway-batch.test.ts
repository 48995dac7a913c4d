import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { z } from 'zod';
import { route, type Route } from '../../services/gateway/src/http/routes.ts';
import { batchRoute, MAX_BATCH_READS } from '../../services/gateway/src/http/batch.ts';
import { serveRoutes } from '../helpers/gateway-app.ts';
import { NotFoundError } from '../../shared/errors.ts';

/**
 * POST /batch runs GET reads in-process through the same role check, query validation and handler as on their own,
 * and answers each as it would have been answered alone. Here beside the same reads called one by one.
 */
const calls: string[] = [];
const routes: Route[] = [
  route({
    method: 'get',
    path: '/orders/{number}',
    tag: 'Orders',
    summary: 'Get an order',
    roles: ['sales', 'warehouse'],
    handler: async ({ params, actor }) => {
      calls.push(`order ${params.number} as ${actor.role}`);
      if (params.number === 'AB-404') throw new NotFoundError(`order ${params.number} not found`, 'number');
      if (params.number === 'AB-500') throw new Error('database on fire');
      return { number: params.number };
    },
  }),
  route({
    method: 'get',
    path: '/orders/{number}/invoices',
    tag: 'Orders',
    summary: 'List invoices of an order',
    roles: ['accounting', 'sales'],
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), status: z.enum(['issued', 'paid']).optional() }),
    handler: async ({ params, query }) => ({ order: params.number, limit: query.limit, status: query.status ?? null }),
  }),
  route({
    method: 'get',
    path: '/payments/unmatched',
    tag: 'Payments',
    summary: 'List unmatched payments',
    roles: ['accounting'],
    handler: async () => ({ items: [] }),
  }),
  route({
    method: 'get',
    path: '/documents/{number}/pdf',
    tag: 'Documents',
    summary: 'Download a PDF',
    roles: ['sales'],
    produces: 'pdf',
    handler: async () => undefined,
  }),
  route({ method: 'post', path: '/orders/{number}/cancel', tag: 'Orders', summary: 'Cancel', roles: ['sales'], handler: async () => ({ cancelled: true }) }),
];

let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ base, close } = await serveRoutes([...routes, batchRoute(routes)], { id: 'sina', role: 'sales', roles: ['sales', 'warehouse'] }));
});

afterAll(() => close());

const batch = async (paths: string[]) => {
  const res = await fetch(`${base}/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requests: paths.map((path) => ({ path })) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const alone = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('POST /batch', () => {
  it('answers each read as it is answered alone, in the order asked, with path parameters decoded and the query coerced', async () => {
    const paths = ['/orders/AB%2F1', '/orders/AB-2026-00007/invoices?limit=5&status=paid', '/orders/AB-404', '/orders/AB-2026-00007/invoices?limit=0'];
    const { status, body } = await batch(paths);
    expect(status).toBe(200);
    expect(body.responses).toEqual(await Promise.all(paths.map(alone)));
    expect(body.responses.map((r: { status: number }) => r.status)).toEqual([200, 200, 404, 400]);
    expect(body.responses[0].body).toEqual({ number: 'AB/1' });
    expect(body.responses[1].body).toEqual({ order: 'AB-2026-00007', limit: 5, status: 'paid' });
    expect(body.responses[3].body).toMatchObject({ code: 'invalid_query', errors: [expect.objectContaining({ field: 'query.limit' })] });
  });

  it('checks each read against the caller’s roles: acts in the first role the route allows, refuses the others', async () => {
    calls.length = 0;
    const { body } = await batch(['/orders/AB-1', '/payments/unmatched']);
    expect(calls).toEqual(['order AB-1 as sales']);
    expect(body.responses[1]).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(body.responses[1]).toEqual(await alone('/payments/unmatched'));
  });

  it('refuses unknown query parameters, unknown paths, downloads and writes per entry, and runs the rest', async () => {
    const { status, body } = await batch(['/payments/unmatched?x=1', '/nothing/here', '/documents/RE-1/pdf', '/orders/AB-1/cancel', '/orders/AB-2']);
    expect(status).toBe(200);
    expect(body.responses.map((r: { status: number; body: { code: string } }) => `${r.status} ${r.body.code ?? 'ok'}`)).toEqual([
      '403 forbidden',
      '404 not_found',
      '400 not_batchable',
      '400 not_batchable',
      '200 ok',
    ]);
    expect(body.responses[1].body.errors).toEqual([expect.objectContaining({ field: 'requests[1].path' })]);
  });

  it('answers a failing read with a 500 and a correlation id, never the error itself', async () => {
    const { body } = await batch(['/orders/AB-500', '/orders/AB-3']);
    expect(body.responses[0]).toMatchObject({ status: 500, body: { code: 'internal', correlationId: expect.any(String) } });
    expect(JSON.stringify(body.responses[0])).not.toContain('fire');
    expect(body.responses[1]).toEqual({ status: 200, body: { number: 'AB-3' } });
  });

  it('refuses an empty batch, too many reads and a path that is not one, naming the field', async () => {
    expect(await batch([])).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field: 'requests' })] } });
    const many = await batch(Array.from({ length: MAX_BATCH_READS + 1 }, (_, i) => `/orders/AB-${i}`));
    expect(many).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field: 'requests' })] } });
    expect(await batch(['orders/AB-1'])).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field: 'requests[0].path' })] } });
  });
});
