import { randomUUID } from 'node:crypto';
import type { NatsConnection, Msg } from '@nats-io/transport-node';
import type { z } from 'zod';
import { DomainError, type ErrorBody } from '../errors.ts';
import { zodIssues } from '../validation.ts';
import { encode, decode } from './codec.ts';

/** A reply on the wire: either the result or a coded error. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export interface Endpoint<S extends z.ZodType, R> {
  subject: string;
  schema: S;
  handle: (input: z.infer<S>) => Promise<R>;
}

export function endpoint<S extends z.ZodType, R>(subject: string, schema: S, handle: (input: z.infer<S>) => Promise<R>): Endpoint<S, R> {
  return { subject, schema, handle };
}

/**
 * Serves request/reply endpoints in a queue group named after the service, so
 * several instances share the load. Input is validated before the handler runs;
 * refusals travel back as coded errors, never as thrown exceptions.
 */
export function serveEndpoints(nc: NatsConnection, service: string, endpoints: Endpoint<z.ZodType, unknown>[]): void {
  for (const ep of endpoints) {
    nc.subscribe(ep.subject, {
      queue: service,
      callback: (err, msg) => {
        if (err) {
          console.error(`[${service}] subscription ${ep.subject} failed`, err);
          return;
        }
        void answer(msg, ep, service);
      },
    });
  }
}

async function answer(msg: Msg, ep: Endpoint<z.ZodType, unknown>, service: string): Promise<void> {
  let raw: unknown;
  try {
    raw = msg.data.length ? decode(msg.data) : {};
  } catch {
    msg.respond(encode({ ok: false, error: { status: 400, code: 'malformed_request', message: 'the request is not valid JSON' } } satisfies Reply<unknown>));
    return;
  }
  msg.respond(encode(await replyFor(ep, raw, service)));
}

/**
 * Validates a request and runs its handler. An unexpected error (a database or programming
 * fault) is logged with a new correlation id and answered as "internal error" with that id:
 * its text may carry SQL, values or stack details that no client should see.
 */
export async function replyFor(ep: Endpoint<z.ZodType, unknown>, raw: unknown, service: string): Promise<Reply<unknown>> {
  let reply: Reply<unknown>;
  try {
    const parsed = ep.schema.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      reply = { ok: false, error: { status: 422, code: 'validation_failed', message: `invalid ${issues[0]?.field ?? 'input'}: ${issues[0]?.message ?? ''}`, issues } };
    } else {
      reply = { ok: true, data: await ep.handle(parsed.data) };
    }
  } catch (err) {
    if (err instanceof DomainError) {
      reply = { ok: false, error: err.toBody() };
    } else if (err instanceof Error && err.name === 'OptimisticLockError') {
      reply = { ok: false, error: { status: 409, code: 'concurrent_modification', message: 'the document was changed by someone else; reload and retry' } };
    } else {
      const correlationId = randomUUID();
      console.error(`[${service}] ${ep.subject} failed (correlationId ${correlationId})`, err);
      reply = { ok: false, error: { status: 500, code: 'internal', message: 'internal error', correlationId } };
    }
  }
  return reply;
}

/** Sends a command or query to a service and returns its result or throws its DomainError. */
export async function request<T>(nc: NatsConnection, subject: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  let msg: Msg;
  try {
    msg = await nc.request(subject, encode(payload), { timeout: timeoutMs });
  } catch (err) {
    // The transport's own text (timeouts, "503" for no responders) stays in the log.
    const correlationId = randomUUID();
    console.error(`no answer on ${subject} (correlationId ${correlationId})`, err);
    throw new DomainError(503, 'service_unavailable', `no answer on ${subject}`, undefined, correlationId);
  }
  const reply = decode<Reply<T>>(msg.data);
  if (reply.ok) return reply.data;
  throw DomainError.fromBody(reply.error);
}
