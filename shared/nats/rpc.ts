import { randomUUID } from 'node:crypto';
import type { NatsConnection, Msg } from '@nats-io/transport-node';
import { DomainError, type ErrorBody } from '../errors.ts';
import { zodIssues } from '../validation.ts';
import { env } from '../config.ts';
import type { CommandDefinition, CommandInput, CommandReply, CommandRequest } from '../contracts/commands.ts';
import { encode, decode } from './codec.ts';

/** A reply on the wire: either the result or a coded error. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** A served command: its definition and its handler, typed by the definition's schemas. */
export interface Endpoint<C extends CommandDefinition = CommandDefinition> {
  command: C;
  handle: (input: CommandRequest<C>) => Promise<CommandReply<C>>;
}

/**
 * Serves a command: the handler gets the request as the command's schema parsed
 * it, and must answer what the reply schema describes.
 */
export function endpoint<C extends CommandDefinition>(command: C, handle: (input: CommandRequest<C>) => Promise<CommandReply<C>>): Endpoint {
  // The one place the types are erased: replyFor() passes the handler exactly what command.request parsed.
  return { command, handle } as unknown as Endpoint;
}

/**
 * Serves request/reply endpoints in a queue group named after the service, so
 * several instances share the load. Input is validated before the handler runs;
 * refusals travel back as coded errors, never as thrown exceptions.
 */
export function serveEndpoints(nc: NatsConnection, service: string, endpoints: Endpoint[]): void {
  for (const ep of endpoints) {
    nc.subscribe(ep.command.subject, {
      queue: service,
      callback: (err, msg) => {
        if (err) {
          console.error(`[${service}] subscription ${ep.command.subject} failed`, err);
          return;
        }
        void answer(msg, ep, service);
      },
    });
  }
}

async function answer(msg: Msg, ep: Endpoint, service: string): Promise<void> {
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
 * its text may carry SQL, values or stack details that no client should see. With
 * `validateReplies` (KONTOR_VALIDATE_REPLIES=1, set for the test instance) every answer is
 * checked against the command's reply schema first, and one that does not fit is such a fault.
 */
export async function replyFor(
  ep: Endpoint,
  raw: unknown,
  service: string,
  opts: { validateReplies: boolean } = { validateReplies: env.validateReplies },
): Promise<Reply<unknown>> {
  const { command } = ep;
  const internal = (err: unknown): Reply<unknown> => {
    const correlationId = randomUUID();
    console.error(`[${service}] ${command.subject} failed (correlationId ${correlationId})`, err);
    return { ok: false, error: { status: 500, code: 'internal', message: 'internal error', correlationId } };
  };
  let reply: Reply<unknown>;
  try {
    const parsed = command.request.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      reply = {
        ok: false,
        error: { status: 422, code: 'validation_failed', message: `invalid ${issues[0]?.field ?? 'input'}: ${issues[0]?.message ?? ''}`, issues },
      };
    } else {
      reply = { ok: true, data: await ep.handle(parsed.data) };
    }
  } catch (err) {
    if (err instanceof DomainError) {
      reply = { ok: false, error: err.toBody() };
    } else if (err instanceof Error && err.name === 'OptimisticLockError') {
      reply = { ok: false, error: { status: 409, code: 'concurrent_modification', message: 'the document was changed by someone else; reload and retry' } };
    } else {
      reply = internal(err);
    }
  }
  if (reply.ok && opts.validateReplies) {
    // The answer is sent as the handler gave it; the schema only checks it (parsing would strip unknown fields).
    const checked = command.reply.safeParse(reply.data);
    if (!checked.success) {
      const issues = zodIssues(checked.error)
        .map((i) => `${i.field}: ${i.message}`)
        .join('; ');
      reply = internal(new Error(`the reply does not fit its schema: ${issues}`));
    }
  }
  return reply;
}

/**
 * Sends a command or query to the service that serves it: the input is checked
 * against the command's request type at compile time (the service validates it
 * at run time), the result is typed by its reply schema. Throws the service's
 * DomainError, or 503 service_unavailable when no answer comes in time.
 */
export async function call<C extends CommandDefinition>(nc: NatsConnection, command: C, input: CommandInput<C>, timeoutMs = 10_000): Promise<CommandReply<C>> {
  return request<CommandReply<C>>(nc, command.subject, input, timeoutMs);
}

/** The request on the wire; callers use call(), which types it by its command. */
async function request<T>(nc: NatsConnection, subject: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
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
