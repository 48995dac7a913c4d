import { describe, it, expect, jest, afterEach } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { call, endpoint, replyFor, type Endpoint } from '../../shared/nats/rpc.ts';
import { encode, decode } from '../../shared/nats/codec.ts';
import { DomainError } from '../../shared/errors.ts';
import { commandsOf, defineCommand, type Agrees, type CommandDefinition, type CommandInput, type CommandReply } from '../../shared/contracts/commands.ts';
import { QuoteCommands, type Quote } from '../../shared/contracts/quote/index.ts';
import { MilestoneCommands, OrderCommands, type SalesOrder } from '../../shared/contracts/order/index.ts';
import { FulfillmentCommands, ReturnCommands, StockCommands, type ShipResult } from '../../shared/contracts/fulfillment/index.ts';
import { InvoicingCommands, PaymentCommands, type Invoice } from '../../shared/contracts/invoicing/index.ts';
import { DocumentCommands, type DocumentStatus } from '../../shared/contracts/document/index.ts';
import { PlatformCommands, WorkerCommands, SERVICE_NAMES, type DeadLetter } from '../../shared/contracts/platform.ts';

const root = new URL('../../', import.meta.url).pathname;

/** Every command of every context and of the platform, with the context whose module defines it. */
const ALL: { context: string; command: CommandDefinition }[] = [
  ...commandsOf(QuoteCommands).map((command) => ({ context: 'quote', command })),
  ...commandsOf(OrderCommands).map((command) => ({ context: 'order', command })),
  ...commandsOf(MilestoneCommands).map((command) => ({ context: 'order', command })),
  ...commandsOf(FulfillmentCommands).map((command) => ({ context: 'fulfillment', command })),
  ...commandsOf(StockCommands).map((command) => ({ context: 'fulfillment', command })),
  ...commandsOf(ReturnCommands).map((command) => ({ context: 'fulfillment', command })),
  ...commandsOf(InvoicingCommands).map((command) => ({ context: 'invoicing', command })),
  ...commandsOf(PaymentCommands).map((command) => ({ context: 'invoicing', command })),
  ...commandsOf(DocumentCommands).map((command) => ({ context: 'document', command })),
  ...SERVICE_NAMES.flatMap((service) => commandsOf(PlatformCommands[service]).map((command) => ({ context: service, command }))),
  ...commandsOf(WorkerCommands).map((command) => ({ context: 'worker', command })),
];

// Compile-time checks: the typed ends carry the contract's types, never `any`.
type IsAny<T> = 0 extends 1 & T ? true : false;
const _quoteReply: Agrees<CommandReply<typeof QuoteCommands.get>, Quote> = true;
const _orderReply: Agrees<CommandReply<typeof OrderCommands.create>, SalesOrder> = true;
const _shipReply: Agrees<CommandReply<typeof FulfillmentCommands.ship>, ShipResult> = true;
const _invoiceReply: Agrees<CommandReply<typeof InvoicingCommands.recordPayment>, Invoice> = true;
const _documentReply: Agrees<CommandReply<typeof DocumentCommands.get>, DocumentStatus> = true;
const _deadLetters: Agrees<CommandReply<typeof PlatformCommands.order.deadLetters>, DeadLetter[]> = true;
const _notAny: IsAny<CommandReply<typeof QuoteCommands.list>> | IsAny<CommandInput<typeof InvoicingCommands.create>> = false;

/** A made-up command for the runtime checks: a greeting in, a greeting with a count out. */
const Greet = defineCommand(
  'test.greet',
  z.object({ name: z.string().min(1), times: z.number().int().min(1).default(1) }),
  z.object({ greeting: z.string(), count: z.number().int() }),
);

/** A connection whose requests go straight to these endpoints, as the service host would serve them. */
function loopback(endpoints: Endpoint[], validateReplies: boolean): NatsConnection {
  const fake = {
    request: async (subject: string, data: Uint8Array) => {
      const ep = endpoints.find((e) => e.command.subject === subject);
      if (!ep) throw new Error('503');
      return { data: encode(await replyFor(ep, decode(data), 'test', { validateReplies })) };
    },
  };
  return fake as unknown as NatsConnection;
}

describe('command contracts', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('defines every NATS subject once, under the context that owns it', () => {
    const bySubject = new Map<string, string[]>();
    for (const { context, command } of ALL) {
      expect(command.subject.startsWith(`${context}.`)).toBe(true);
      bySubject.set(command.subject, [...(bySubject.get(command.subject) ?? []), context]);
    }
    expect([...bySubject].filter(([, owners]) => owners.length > 1)).toEqual([]);
    expect(bySubject.size).toBe(ALL.length);
    expect(bySubject.has('quote.get') && bySubject.has('document.health') && bySubject.has('worker.health')).toBe(true);
  });

  it('leaves no subject string outside shared/contracts (this file aside)', () => {
    const subjects = new Set(ALL.map((a) => a.command.subject));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'node_modules' && !path.endsWith('shared/contracts')) walk(path);
        } else if (name.endsWith('.ts') && path !== new URL(import.meta.url).pathname) files.push(path);
      }
    };
    for (const dir of ['services', 'workflows', 'shared', 'scripts', 'test']) walk(join(root, dir));
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const literals = [...text.matchAll(/['"`]([a-z][a-z0-9_.-]*)['"`]/g)].map((m) => m[1]!).filter((s) => subjects.has(s));
      const built = [...text.matchAll(/\$\{[^}]+\}\.(health|audit\.list|deadletters\.\w+)/g)].map((m) => m[0]);
      return [...literals, ...built].map((s) => `${relative(root, file)}: ${s}`);
    });
    expect(found).toEqual([]);
  });

  it('refuses a subject that is not <context>.<what>', () => {
    expect(() => defineCommand('Quote.get', z.object({}), z.object({}))).toThrow(/not <context>.<what>/);
    expect(() => defineCommand('quote', z.object({}), z.object({}))).toThrow(/not <context>.<what>/);
    expect(() => defineCommand('events.quote.quote.created', z.object({}), z.object({}))).toThrow(/not <context>.<what>/);
  });

  it('types both ends by the contract: the handler gets the parsed request, the caller the reply', async () => {
    const ep = endpoint(Greet, async (input) => ({ greeting: `Hallo ${input.name}`.repeat(input.times), count: input.times }));
    const nc = loopback([ep], true);
    const reply = await call(nc, Greet, { name: 'Anna' });
    const count: number = reply.count;
    expect(reply).toEqual({ greeting: 'Hallo Anna', count });
    expect(count).toBe(1);

    // @ts-expect-error the request schema needs a name
    await expect(call(nc, Greet, { times: 2 })).rejects.toMatchObject({ status: 422 });
    // @ts-expect-error times is a number
    await expect(call(nc, Greet, { name: 'Anna', times: 'zwei' })).rejects.toMatchObject({ status: 422 });
    // @ts-expect-error the reply has no such field
    expect(reply.greetings).toBeUndefined();
    // @ts-expect-error a handler must answer what the reply schema describes
    endpoint(Greet, async () => ({ greeting: 'Hallo' }));
  });

  it('refuses a request that fails its schema with 422 naming the field, before the handler runs', async () => {
    const handler = jest.fn(async () => ({ greeting: 'nie', count: 0 }));
    const reply = await replyFor(endpoint(Greet, handler), { name: '', times: 1 }, 'test', { validateReplies: true });
    expect(handler).not.toHaveBeenCalled();
    expect(reply).toMatchObject({ ok: false, error: { status: 422, code: 'validation_failed', issues: [{ field: 'name' }] } });
    const thrown = await call(loopback([endpoint(Greet, handler)], true), Greet, { name: 'Anna', times: 0 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).issues?.[0]?.field).toBe('times');
  });

  it('with KONTOR_VALIDATE_REPLIES=1 answers a reply that fails its schema as an internal error, logged under its correlation id', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // The handler's type is right, the value it returns at run time is not (as data read from a JSON column may be).
    const broken = endpoint(Greet, async () => JSON.parse('{"greeting":"Hallo","count":"eins"}') as { greeting: string; count: number });
    const reply = await replyFor(broken, { name: 'Anna' }, 'test', { validateReplies: true });
    expect(reply).toEqual({
      ok: false,
      error: { status: 500, code: 'internal', message: 'internal error', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    if (reply.ok) return;
    const logged = log.mock.calls.map((c) => c.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')).join('\n');
    expect(logged).toContain(reply.error.correlationId!);
    expect(logged).toContain('test.greet');
    expect(logged).toMatch(/count: .*number/);

    // Without the flag (production) the reply goes out unchecked, as the handler gave it.
    expect(await replyFor(broken, { name: 'Anna' }, 'test', { validateReplies: false })).toEqual({ ok: true, data: { greeting: 'Hallo', count: 'eins' } });
  });

  it('sends a valid reply as the handler gave it, unknown fields included (the schema checks, it does not strip)', async () => {
    const ep = endpoint(Greet, async () => ({ greeting: 'Hallo', count: 1, extra: true }));
    expect(await replyFor(ep, { name: 'Anna' }, 'test', { validateReplies: true })).toEqual({ ok: true, data: { greeting: 'Hallo', count: 1, extra: true } });
  });

  it('checks the documents the services answer: a quote missing its status fails, a page of orders has its paging fields', () => {
    const quoteReply = QuoteCommands.get.reply.safeParse({ number: 'AN-2026-00001' });
    expect(quoteReply.success).toBe(false);
    expect(OrderCommands.list.reply.safeParse({ items: [], hasMore: false, nextOffset: null, total: 0, nextCursor: null }).success).toBe(true);
    expect(OrderCommands.list.reply.safeParse({ items: [], hasMore: false, nextOffset: null }).success).toBe(false);
    expect(OrderCommands.list.reply.safeParse({ items: [], hasMore: false }).success).toBe(false);
    expect(InvoicingCommands.recordPayment.request.safeParse({ number: 'RE-2026-00001', amount: 12.5 }).success).toBe(false);
  });
});
