import { describe, it, expect, jest, afterEach } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { endpoint, replyFor } from '../../shared/nats/rpc.ts';
import { defineCommand } from '../../shared/contracts/commands.ts';
import { DomainError } from '../../shared/errors.ts';
import { errorHandler } from '../../services/gateway/src/http/routes.ts';

const DB_TEXT = 'value too long for type character varying(255) in relation "customer"';

/** What went to console.error, as one string. */
function capturedLog(spy: jest.SpiedFunction<typeof console.error>): string {
  return spy.mock.calls.map((c) => c.map((a) => (a instanceof Error ? `${a.message}` : String(a))).join(' ')).join('\n');
}

describe('internal errors never reach the client as text', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('a service answers an unexpected error with "internal error" and a correlation id that is in its log', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const ep = endpoint(defineCommand('test.fail', z.object({}), z.object({})), () => Promise.reject(new Error(DB_TEXT)));
    const reply = await replyFor(ep, {}, 'test');
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error).toEqual({ status: 500, code: 'internal', message: 'internal error', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify(reply)).not.toContain('character varying');
    expect(capturedLog(log)).toContain(reply.error.correlationId!);
    expect(capturedLog(log)).toContain(DB_TEXT);
  });

  it('a service keeps business refusals as they are', async () => {
    const ep = endpoint(defineCommand('test.refuse', z.object({}), z.object({})), () =>
      Promise.reject(new DomainError(409, 'conflict', 'invoice RE-2026-00001 is paid')),
    );
    expect(await replyFor(ep, {}, 'test')).toEqual({ ok: false, error: { status: 409, code: 'conflict', message: 'invoice RE-2026-00001 is paid' } });
  });

  it('the gateway answers any 5xx with a generic problem and a correlation id that is in its log', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = express();
    app.get('/thrown', () => {
      throw new Error(DB_TEXT);
    });
    app.get('/service', () => {
      throw DomainError.fromBody({ status: 500, code: 'internal', message: DB_TEXT, correlationId: 'from-the-service' });
    });
    app.get('/unavailable', () => {
      throw new DomainError(503, 'service_unavailable', `no answer on quote.get: ${DB_TEXT}`);
    });
    app.use(errorHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const [path, status] of [
        ['/thrown', 500],
        ['/service', 500],
        ['/unavailable', 503],
      ] as const) {
        const res = await fetch(base + path);
        const body = (await res.json()) as Record<string, unknown>;
        expect(res.status).toBe(status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(JSON.stringify(body)).not.toContain('character varying');
        expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, correlationId: expect.any(String) });
        if (status === 500) expect(body.detail).toBe('internal error');
        expect(capturedLog(log)).toContain(String(body.correlationId));
      }
      const service = (await (await fetch(`${base}/service`)).json()) as { correlationId: string };
      expect(service.correlationId).toBe('from-the-service');
    } finally {
      server.close();
    }
  });
});
