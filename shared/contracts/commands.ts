import type { z } from 'zod';

/**
 * One NATS request/reply subject (a command or a query): its subject and the
 * zod schemas of its request and of its reply. Each is defined once, in its
 * context's `shared/contracts/<context>/commands.ts` (the platform's own in
 * `platform.ts`); services serve it with `endpoint(command, handler)` and
 * callers send it with `call(nc, command, input)` (shared/nats/rpc.ts), so
 * neither end can drift from the other.
 */
export interface CommandDefinition<S extends string = string, Req extends z.ZodType = z.ZodType, Rep extends z.ZodType = z.ZodType> {
  readonly subject: S;
  readonly request: Req;
  readonly reply: Rep;
}

/** `<context>.<what>[.<what>…]`, lower case; `events.` belongs to domain events. */
const SUBJECT = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*)+$/;

export function defineCommand<const S extends string, Req extends z.ZodType, Rep extends z.ZodType>(
  subject: S,
  request: Req,
  reply: Rep,
): CommandDefinition<S, Req, Rep> {
  if (!SUBJECT.test(subject) || subject.startsWith('events.')) throw new Error(`command subject '${subject}' is not <context>.<what>`);
  return Object.freeze({ subject, request, reply });
}

/** What a caller sends: the request schema's input (fields with defaults may be left out). */
export type CommandInput<C extends CommandDefinition> = z.input<C['request']>;
/** What the handler gets: the request as the schema parsed it. */
export type CommandRequest<C extends CommandDefinition> = z.output<C['request']>;
/** What the handler answers and the caller receives. */
export type CommandReply<C extends CommandDefinition> = z.output<C['reply']>;

/** Every command definition among an object's values (a context's `…Commands` object): what the registry tests read. */
export function commandsOf(group: Record<string, unknown>): CommandDefinition[] {
  return Object.values(group).filter(isCommand);
}

export function isCommand(value: unknown): value is CommandDefinition {
  return typeof value === 'object' && value !== null && 'subject' in value && 'request' in value && 'reply' in value;
}

/**
 * True when A and B are assignable both ways: a compile-time check that a
 * reply schema and a hand-written interface describe the same thing, e.g.
 * `const _agree: Agrees<z.infer<typeof totalsSchema>, DocumentTotals> = true;`.
 */
export type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
