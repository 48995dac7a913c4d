import { z } from 'zod';
import { decimalString, zodIssues } from '../validation.ts';

/**
 * One version of one domain event: its subject, schema version and the zod
 * schema of its data. Each event is defined once, in its context's
 * `shared/contracts/<context>/events.ts`; publishers and consumers both use
 * that definition, so a payload cannot drift from what consumers expect.
 */
export interface EventDefinition<S extends string = string, V extends number = number, T extends z.ZodType = z.ZodType> {
  readonly subject: S;
  readonly version: V;
  readonly schema: T;
}

/** `events.<context>.<aggregate>.<past tense>`, lower case with underscores. */
const SUBJECT = /^events\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export function defineEvent<const S extends string, const V extends number, T extends z.ZodType>(subject: S, version: V, schema: T): EventDefinition<S, V, T> {
  if (!SUBJECT.test(subject)) throw new Error(`event subject '${subject}' is not events.<context>.<aggregate>.<past tense>`);
  if (!Number.isInteger(version) || version < 1) throw new Error(`event ${subject}: version must be a positive integer, got ${version}`);
  return Object.freeze({ subject, version, schema });
}

/** Field schemas the event modules share: numbers and ids as non-empty strings, amounts as decimal strings (never JSON numbers). */
export const eventFields = {
  ref: z.string().min(1).max(200),
  decimal: decimalString,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  timestamp: z.iso.datetime({ offset: true }),
  revision: z.number().int().min(1),
  /** Quantities per order position, as deliveries and invoices report them. */
  positionQuantities: z.array(z.object({ orderPosition: z.number().int().min(1), quantity: decimalString })),
};

/** The envelope every domain event has on the wire. */
export interface EventEnvelope<T = unknown> {
  id: string;
  subject: string;
  /** Schema version of `data`; envelopes written before versions existed have none and count as version 1. */
  version?: number;
  occurredAt: string;
  data: T;
}

const envelopeSchema = z.object({
  id: z.guid(),
  subject: z.string().min(1),
  version: z.number().int().min(1).optional(),
  occurredAt: z.string(),
  data: z.unknown(),
});

/** The envelope in a received message, or null when the message is not one (not JSON, no event id, …). */
export function readEnvelope(raw: unknown): EventEnvelope | null {
  const result = envelopeSchema.safeParse(raw);
  return result.success ? (result.data as EventEnvelope) : null;
}

/** What a publisher passes for an event: the input type of its schema. */
export type EventData<D extends EventDefinition> = z.input<D['schema']>;

/**
 * A received event of one of the definitions D, its data parsed by the schema.
 * For several definitions this is a union that `switch (event.subject)` narrows.
 */
export type EventOf<D extends EventDefinition> =
  D extends EventDefinition<infer S, infer V, infer T> ? { id: string; subject: S; version: V; occurredAt: string; data: z.output<T> } : never;

/** Subject and data of received events (what pure domain code reads, and tests build), kept apart per event of a union. */
export type EventBody<E> = E extends { subject: infer S; data: infer T } ? { subject: S; data: T } : never;

/**
 * An event that does not match its definition (data fails the schema, or the
 * version is unknown). Publishing one is a programming error; a consumer
 * receiving one parks it as a dead letter at once, since redelivery cannot fix it.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

const describeIssues = (error: z.ZodError) =>
  zodIssues(error)
    .map((i) => `${i.field === '(body)' ? 'data' : `data.${i.field}`}: ${i.message}`)
    .join('; ');

/** The data parsed by the definition's schema; InvalidEventError naming each offending field otherwise. */
export function parseEventData<D extends EventDefinition>(definition: D, data: unknown): z.output<D['schema']> {
  const result = definition.schema.safeParse(data);
  if (!result.success) {
    throw new InvalidEventError(`invalid ${definition.subject} v${definition.version}: ${describeIssues(result.error)}`);
  }
  return result.data as z.output<D['schema']>;
}

/**
 * Reads received envelopes against a set of definitions: `parse` answers the
 * typed event, null for a subject that is none of the set's (not this
 * consumer's business), and throws InvalidEventError for a known subject whose
 * version is unknown or whose data fails the schema.
 */
export class EventSet<D extends EventDefinition> {
  readonly definitions: readonly D[];
  private readonly bySubject = new Map<string, Map<number, D>>();

  constructor(definitions: readonly D[]) {
    if (definitions.length === 0) throw new Error('an event set needs at least one event definition');
    this.definitions = definitions;
    for (const d of definitions) {
      const versions = this.bySubject.get(d.subject) ?? new Map<number, D>();
      if (versions.has(d.version)) throw new Error(`event ${d.subject} v${d.version} is listed twice`);
      versions.set(d.version, d);
      this.bySubject.set(d.subject, versions);
    }
  }

  /** The one JetStream filter subject that covers every definition (old nats-servers take one filter per consumer). */
  get filterSubject(): string {
    return filterSubjectFor([...this.bySubject.keys()]);
  }

  handles(subject: string): boolean {
    return this.bySubject.has(subject);
  }

  parse(envelope: EventEnvelope): EventOf<D> | null {
    const versions = this.bySubject.get(envelope.subject);
    if (!versions) return null;
    const version = envelope.version ?? 1;
    const definition = versions.get(version);
    if (!definition) {
      throw new InvalidEventError(`${envelope.subject} version ${version} is unknown here (known: ${[...versions.keys()].join(', ')})`);
    }
    const data = parseEventData(definition, envelope.data);
    return { id: envelope.id, subject: definition.subject, version: definition.version, occurredAt: envelope.occurredAt, data } as EventOf<D>;
  }
}

/**
 * The narrowest single NATS filter covering all subjects: token by token, equal
 * tokens stay and differing ones become `*`; subjects of different lengths share
 * their common prefix followed by `>`.
 */
export function filterSubjectFor(subjects: readonly string[]): string {
  const split = subjects.map((s) => s.split('.'));
  const first = split[0];
  if (!first) throw new Error('no subjects to filter');
  if (split.every((t) => t.length === first.length)) {
    return first.map((token, i) => (split.every((t) => t[i] === token) ? token : '*')).join('.');
  }
  const prefix: string[] = [];
  for (let i = 0; split.every((t) => i < t.length - 1 && t[i] === first[i]); i++) prefix.push(first[i]!);
  return [...prefix, '>'].join('.');
}
