import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  defineEvent,
  EventSet,
  filterSubjectFor,
  InvalidEventError,
  readEnvelope,
  type EventDefinition,
  type EventEnvelope,
} from '../../shared/contracts/events.ts';
import { recordEvent } from '../../shared/db/outbox.ts';
import { defineConsumer } from '../../shared/db/inbox.ts';
import type { Em } from '../../shared/db/orm.ts';
import * as quote from '../../shared/contracts/quote/events.ts';
import * as order from '../../shared/contracts/order/events.ts';
import * as fulfillment from '../../shared/contracts/fulfillment/events.ts';
import * as invoicing from '../../shared/contracts/invoicing/events.ts';
import * as document from '../../shared/contracts/document/events.ts';

const Shipped = defineEvent('events.test.parcel.shipped', 1, z.object({ number: z.string().min(1), quantity: z.string().regex(/^\d+$/) }));
const Lost = defineEvent('events.test.parcel.lost', 1, z.object({ number: z.string() }));

/** Collects what recordEvent persists, as the outbox row would be written in the transaction. */
function outbox() {
  const rows: { id: string; subject: string; payload: EventEnvelope }[] = [];
  const em = { create: (_entity: unknown, data: unknown) => data, persist: (row: (typeof rows)[number]) => rows.push(row) } as unknown as Em;
  return { em, rows };
}

const envelope = (subject: string, data: unknown, version?: number): EventEnvelope => ({
  id: randomUUID(),
  subject,
  ...(version === undefined ? {} : { version }),
  occurredAt: new Date().toISOString(),
  data,
});

describe('event contracts', () => {
  it('define an event by subject events.<context>.<aggregate>.<past tense> and a positive version', () => {
    expect(Shipped).toMatchObject({ subject: 'events.test.parcel.shipped', version: 1 });
    expect(() => defineEvent('events.order.created', 1, z.object({}))).toThrow(/events.<context>.<aggregate>.<past tense>/);
    expect(() => defineEvent('orders.order.order.created', 1, z.object({}))).toThrow(/events.<context>/);
    expect(() => defineEvent('events.order.order.Created', 1, z.object({}))).toThrow(/events.<context>/);
    expect(() => defineEvent('events.order.order.created', 0, z.object({}))).toThrow(/positive integer/);
  });

  it('every context defines each subject once, in its own namespace, with no computed subjects left', () => {
    const modules = { quote, order, fulfillment, invoicing, document };
    const subjects: string[] = [];
    for (const [context, mod] of Object.entries(modules)) {
      const definitions = Object.values(mod).filter((v): v is EventDefinition => typeof v === 'object' && v !== null && 'subject' in v && 'schema' in v);
      expect(definitions.length).toBeGreaterThan(0);
      for (const d of definitions) {
        expect(d.subject.startsWith(`events.${context}.`)).toBe(true);
        expect(d.subject.split('.')).toHaveLength(4);
        expect(d.version).toBeGreaterThanOrEqual(1);
        subjects.push(`${d.subject}@${d.version}`);
      }
    }
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(quote.quoteStatusEvent('sent')).toBe(quote.QuoteSent);
    expect(quote.quoteStatusEvent('pending_approval')).toBe(quote.QuoteSubmitted);
    expect(() => quote.quoteStatusEvent('draft')).toThrow(/no quote event/);
  });

  it('recordEvent writes the subject, the schema version and the parsed data into the outbox', () => {
    const { em, rows } = outbox();
    // Keys the schema does not know are not published.
    recordEvent(em, Shipped, { number: 'LS-1', quantity: '3', ...({ note: 'internal' } as object) });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      subject: 'events.test.parcel.shipped',
      payload: { id: rows[0]!.id, subject: 'events.test.parcel.shipped', version: 1, data: { number: 'LS-1', quantity: '3' } },
    });
    expect(rows[0]!.payload.data).toEqual({ number: 'LS-1', quantity: '3' });
  });

  it('recordEvent refuses data that breaks the schema before anything is persisted, naming the field', () => {
    const { em, rows } = outbox();
    // @ts-expect-error quantity is a decimal string, never a number
    expect(() => recordEvent(em, Shipped, { number: 'LS-1', quantity: 3 })).toThrow(InvalidEventError);
    // @ts-expect-error number is required
    expect(() => recordEvent(em, Shipped, { quantity: '3' })).toThrow(/invalid events\.test\.parcel\.shipped v1: data\.number/);
    expect(() => recordEvent(em, Shipped, { number: '', quantity: '3' })).toThrow(/data\.number/);
    expect(rows).toHaveLength(0);
  });

  it('reads received events against their definitions: typed data, unknown versions and bad data refused, other subjects skipped', () => {
    const set = new EventSet([Shipped, Lost]);
    const ok = set.parse(envelope(Shipped.subject, { number: 'LS-1', quantity: '2', extra: true }, 1));
    expect(ok).toMatchObject({ subject: Shipped.subject, version: 1, data: { number: 'LS-1', quantity: '2' } });
    expect(ok!.data).not.toHaveProperty('extra');
    // Envelopes written before versions existed count as version 1.
    expect(set.parse(envelope(Lost.subject, { number: 'LS-2' }))).toMatchObject({ subject: Lost.subject, version: 1 });
    expect(() => set.parse(envelope(Shipped.subject, { number: 'LS-1', quantity: '2' }, 2))).toThrow(/version 2 is unknown here \(known: 1\)/);
    expect(() => set.parse(envelope(Shipped.subject, { number: 'LS-1', quantity: 2 }, 1))).toThrow(/data\.quantity/);
    expect(() => set.parse(envelope(Shipped.subject, null, 1))).toThrow(InvalidEventError);
    expect(set.parse(envelope('events.test.parcel.returned', {}, 1))).toBeNull();
    expect(() => new EventSet([Shipped, Shipped])).toThrow(/listed twice/);
  });

  it('a consumer gets typed events, and answers no work for subjects it does not declare', async () => {
    const handled: string[] = [];
    const consumer = defineConsumer('test-parcels', [Shipped, Lost], async (_tx, event) => {
      switch (event.subject) {
        case Shipped.subject:
          handled.push(`${event.data.number} shipped ${event.data.quantity}`);
          break;
        case Lost.subject:
          handled.push(`${event.data.number} lost`);
          break;
      }
    });
    expect(consumer.filterSubject).toBe('events.test.parcel.*');
    await consumer.parse(envelope(Shipped.subject, { number: 'LS-1', quantity: '2' }, 1))!.run({} as Em);
    await consumer.parse(envelope(Lost.subject, { number: 'LS-1' }, 1))!.run({} as Em);
    expect(handled).toEqual(['LS-1 shipped 2', 'LS-1 lost']);
    expect(consumer.parse(envelope('events.test.parcel.found', {}, 1))).toBeNull();
    expect(() => consumer.parse(envelope(Lost.subject, {}, 1))).toThrow(InvalidEventError);
  });

  it('one filter subject covers every declared event, as narrow as one filter can be', () => {
    expect(filterSubjectFor(['events.order.order.created'])).toBe('events.order.order.created');
    expect(filterSubjectFor(['events.invoicing.invoice.issued', 'events.invoicing.invoice.paid'])).toBe('events.invoicing.invoice.*');
    expect(filterSubjectFor(['events.invoicing.invoice.issued', 'events.invoicing.payment.recorded'])).toBe('events.invoicing.*.*');
    expect(filterSubjectFor(['events.quote.quote.created', 'events.order.order.created'])).toBe('events.*.*.created');
    expect(filterSubjectFor(['events.a.b', 'events.a.b.c'])).toBe('events.a.>');
  });

  it('tells an event envelope from other messages', () => {
    const e = envelope(Shipped.subject, { number: 'LS-1' }, 1);
    expect(readEnvelope(JSON.parse(JSON.stringify(e)))).toEqual(e);
    expect(readEnvelope({ subject: Shipped.subject, data: {} })).toBeNull();
    expect(readEnvelope({ ...e, id: 'not-a-uuid' })).toBeNull();
    expect(readEnvelope('hello')).toBeNull();
  });
});
