import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Em } from '../../../shared/db/orm.ts';
import type { EventOf } from '../../../shared/contracts/events.ts';
import { defineConsumer, type EventConsumer } from '../../../shared/db/inbox.ts';
import type { DocumentKind } from '../../../shared/contracts/document/index.ts';
import { QuoteSent } from '../../../shared/contracts/quote/events.ts';
import { OrderCreated } from '../../../shared/contracts/order/events.ts';
import { DeliveryCreated, DeliveryShipped, DeliveryShippedV1 } from '../../../shared/contracts/fulfillment/events.ts';
import { CorrectionIssued, InvoiceIssued, ReminderIssued } from '../../../shared/contracts/invoicing/events.ts';
import type { PdfTarget } from './document.service.ts';

/**
 * The events that issue a document. The event only names the document; its data
 * is read from the owner when rendering. A new delivery note issues its pick
 * list; the note itself is issued when it ships, so carrier and tracking number are on it.
 */
type IssuingEvent = EventOf<
  | typeof QuoteSent
  | typeof OrderCreated
  | typeof DeliveryCreated
  | typeof DeliveryShippedV1
  | typeof DeliveryShipped
  | typeof InvoiceIssued
  | typeof CorrectionIssued
  | typeof ReminderIssued
>;

/** The document revision an issuing event asks for (only quotes have revisions). */
export function targetOf(event: IssuingEvent): PdfTarget {
  switch (event.subject) {
    case QuoteSent.subject:
      return { kind: 'quote', number: event.data.number, revision: event.data.revision };
    case OrderCreated.subject:
      return { kind: 'order', number: event.data.number, revision: 1 };
    case DeliveryCreated.subject:
      return { kind: 'pick_list', number: event.data.number, revision: 1 };
    case DeliveryShipped.subject:
      return { kind: 'delivery_note', number: event.data.number, revision: 1 };
    case InvoiceIssued.subject:
      return { kind: 'invoice', number: event.data.number, revision: 1 };
    case CorrectionIssued.subject:
      return { kind: event.data.kind, number: event.data.number, revision: 1 };
    case ReminderIssued.subject:
      return { kind: 'reminder', number: event.data.number, revision: 1 };
  }
}

/** Records a render job in the consumer's transaction; a job that exists already (a redelivered or repeated event) stays as it is. */
export async function enqueueRender(tx: Em, target: PdfTarget): Promise<void> {
  await tx.execute(`insert into render_job (number, revision, kind) values (?, ?, ?) on conflict (number, kind, revision) do nothing`, [
    target.number,
    target.revision,
    target.kind,
  ]);
}

/**
 * Someone asked for a PDF that is still waiting in the queue: its job goes to the front, so that a person (or a sale
 * step) waiting for one document is not held up behind a batch of hundreds (a run of invoices issued at once). Only a
 * due job moves: one being rendered (leased) or waiting out a failure's backoff keeps its time. Answers whether it moved.
 */
export async function renderSoon(em: Em, target: PdfTarget): Promise<boolean> {
  const moved = await em.execute<{ number: string }[]>(
    `update render_job set asked_at = now()
      where number = ? and kind = ? and revision = ? and done_at is null and asked_at is null and next_attempt_at <= now()
      returning number`,
    [target.number, target.kind, target.revision],
  );
  return moved.length > 0;
}

/** What else happens when a delivery note ships, in the same transaction as its render job (the customer's delivery notice). */
export type ShippedHook = (tx: Em, event: EventOf<typeof DeliveryShippedV1 | typeof DeliveryShipped>) => Promise<void>;

/**
 * The service's consumers: each turns its issuing event into a render job;
 * `onEnqueued` wakes the render loop. One durable consumer per event (Debian's
 * nats-server 2.9 allows one filter subject per consumer). The service's inbox
 * records an event once for all its consumers, so whatever else an event
 * causes here runs in the same consumer (`onShipped`).
 */
export function renderJobConsumers(onEnqueued: () => void, onShipped?: ShippedHook): EventConsumer[] {
  const handle = async (tx: Em, event: IssuingEvent) => {
    await enqueueRender(tx, targetOf(event));
    onEnqueued();
  };
  const shipped: ShippedHook = async (tx, event) => {
    await handle(tx, event);
    await onShipped?.(tx, event);
  };
  return [
    defineConsumer('document-quote-sent', [QuoteSent], handle),
    defineConsumer('document-order-created', [OrderCreated], handle),
    defineConsumer('document-delivery-created', [DeliveryCreated], handle),
    defineConsumer('document-delivery-shipped', [DeliveryShippedV1, DeliveryShipped], shipped),
    defineConsumer('document-invoice-issued', [InvoiceIssued], handle),
    defineConsumer('document-reminder-issued', [ReminderIssued], handle),
    defineConsumer('document-correction-issued', [CorrectionIssued], handle),
  ];
}

/** Pause before attempt n+1 after n failed attempts: 1 s doubling, capped at 60 s. */
export function renderBackoffMs(failedAttempts: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * A job that cannot render yet for a reason that is no failure (a counter receipt waiting for its payment): it is
 * tried again after `retryInMs`, without counting an attempt or backing off, so it renders soon after what it waits for.
 */
export class RenderDeferred extends Error {
  readonly retryInMs: number;
  constructor(message: string, retryInMs: number) {
    super(message);
    this.name = 'RenderDeferred';
    this.retryInMs = retryInMs;
  }
}

/** A claimed job stays invisible to other loops this long, so a crashed renderer's job is picked up again later. */
const LEASE_SECONDS = 120;

interface DueJob {
  number: string;
  revision: number;
  kind: DocumentKind;
  attempts: number;
}

/**
 * Works due render jobs until each is done: a failure (Chromium down, owner not
 * answering) records the error and schedules the next attempt with capped
 * exponential backoff, forever, so an outage only delays PDFs.
 */
export class RenderLoop {
  private readonly orm: MikroORM<PostgreSqlDriver>;
  private readonly render: (job: PdfTarget) => Promise<void>;
  private readonly pollMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(orm: MikroORM<PostgreSqlDriver>, render: (job: PdfTarget) => Promise<void>, opts: { pollMs?: number; batch?: number } = {}) {
    this.orm = orm;
    this.render = render;
    this.pollMs = opts.pollMs ?? 1_000;
    this.batch = opts.batch ?? 4;
  }

  start(): void {
    this.schedule(0);
  }

  /** Asks for a pass soon (a job was just recorded; its transaction commits right after). */
  kick(): void {
    if (this.running) this.again = true;
    else this.schedule(50);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = null;
        this.schedule(this.again ? 0 : this.pollMs);
        this.again = false;
      });
    }, ms);
  }

  private async pass(): Promise<void> {
    try {
      for (;;) {
        const jobs = await this.claim();
        if (jobs.length === 0 || this.stopped) return;
        await Promise.all(jobs.map((j) => this.work(j)));
      }
    } catch (err) {
      console.error('[document] render loop pass failed, will retry', err);
    }
  }

  /** Takes due jobs and pushes their next attempt out by the lease (SKIP LOCKED: replicas never take the same job). */
  private async claim(): Promise<DueJob[]> {
    return this.orm.em.fork().execute<DueJob[]>(
      `update render_job set next_attempt_at = now() + make_interval(secs => ?)
       where (number, kind, revision) in (
         select number, kind, revision from render_job where done_at is null and next_attempt_at <= now()
         order by asked_at nulls last, next_attempt_at limit ? for update skip locked)
       returning number, revision, kind, attempts`,
      [LEASE_SECONDS, this.batch],
    );
  }

  private async work(job: DueJob): Promise<void> {
    const em = this.orm.em.fork();
    try {
      await this.render({ kind: job.kind, number: job.number, revision: job.revision });
      await em.execute(`update render_job set done_at = now(), attempts = attempts + 1, last_error = null where number = ? and kind = ? and revision = ?`, [
        job.number,
        job.kind,
        job.revision,
      ]);
    } catch (err) {
      if (err instanceof RenderDeferred) {
        await em.execute(
          `update render_job set last_error = ?, next_attempt_at = now() + make_interval(secs => ?) where number = ? and kind = ? and revision = ?`,
          [err.message, err.retryInMs / 1000, job.number, job.kind, job.revision],
        );
        return;
      }
      const attempts = job.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      console.error(
        `[document] rendering ${job.kind} ${job.number} revision ${job.revision} failed (attempt ${attempts}); retrying in ${renderBackoffMs(attempts)} ms`,
        err,
      );
      await em.execute(
        `update render_job set attempts = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?) where number = ? and kind = ? and revision = ?`,
        [attempts, message.slice(0, 2000), renderBackoffMs(attempts) / 1000, job.number, job.kind, job.revision],
      );
    }
  }
}
