import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { sendProblem } from './problem.ts';

/**
 * Admission control for the API: at most `maxInFlight` requests are worked on
 * at once; the rest wait in one queue per caller, served round-robin so that
 * one client's flood cannot starve the others. A caller whose queue is full, or
 * a request that waited `maxWaitMs`, gets 429 with Retry-After instead of
 * piling up behind everyone else.
 */
export interface AdmissionLimits {
  maxInFlight: number;
  maxQueuedPerCaller: number;
  maxQueued: number;
  maxWaitMs: number;
}

export class Busy extends Error {
  readonly retryAfterSeconds: number;
  constructor(reason: string, retryAfterSeconds: number) {
    super(reason);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

export class Admission {
  private inFlight = 0;
  private queued = 0;
  private readonly queues = new Map<string, Waiter[]>();
  /** Callers with waiters, in the order they are served next. */
  private readonly turn: string[] = [];
  /** Smoothed time a request holds its slot, for Retry-After. */
  private avgHoldMs = 100;
  readonly limits: AdmissionLimits;
  readonly counters = { admitted: 0, rejected: 0 };

  constructor(limits: AdmissionLimits) {
    this.limits = limits;
  }

  /** Resolves with a release function once the request may run; rejects with Busy. */
  acquire(caller: string): Promise<() => void> {
    if (this.inFlight < this.limits.maxInFlight && this.queued === 0) return Promise.resolve(this.enter());
    const queue = this.queues.get(caller) ?? [];
    if (queue.length >= this.limits.maxQueuedPerCaller || this.queued >= this.limits.maxQueued) {
      this.counters.rejected++;
      return Promise.reject(new Busy('too many requests queued', this.retryAfter()));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => resolve(this.enter()),
        timer: setTimeout(() => {
          this.remove(caller, waiter);
          this.counters.rejected++;
          reject(new Busy(`no capacity within ${this.limits.maxWaitMs} ms`, this.retryAfter()));
        }, this.limits.maxWaitMs),
      };
      if (queue.length === 0) {
        this.queues.set(caller, queue);
        this.turn.push(caller);
      }
      queue.push(waiter);
      this.queued++;
    });
  }

  get snapshot() {
    return { inFlight: this.inFlight, queued: this.queued, ...this.counters, limits: this.limits };
  }

  private enter(): () => void {
    this.inFlight++;
    this.counters.admitted++;
    const started = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.avgHoldMs = this.avgHoldMs * 0.9 + (Date.now() - started) * 0.1;
      this.inFlight--;
      this.next();
    };
  }

  private next(): void {
    while (this.inFlight < this.limits.maxInFlight && this.turn.length > 0) {
      const caller = this.turn.shift()!;
      const queue = this.queues.get(caller)!;
      const waiter = queue.shift()!;
      if (queue.length > 0) this.turn.push(caller);
      else this.queues.delete(caller);
      this.queued--;
      clearTimeout(waiter.timer);
      waiter.admit();
    }
  }

  private remove(caller: string, waiter: Waiter): void {
    const queue = this.queues.get(caller);
    const i = queue?.indexOf(waiter) ?? -1;
    if (!queue || i < 0) return;
    queue.splice(i, 1);
    this.queued--;
    if (queue.length === 0) {
      this.queues.delete(caller);
      this.turn.splice(this.turn.indexOf(caller), 1);
    }
  }

  /** Seconds until the queue ahead has likely drained: at least 1, at most 60. */
  private retryAfter(): number {
    const drainMs = ((this.queued + this.inFlight) * this.avgHoldMs) / this.limits.maxInFlight;
    return Math.min(60, Math.max(1, Math.ceil(drainMs / 1000)));
  }
}

/** Callers are told apart by their API key (hashed, never kept) or, without one, their address. */
function callerOf(req: Request): string {
  const key = req.header('authorization') ?? req.header('x-api-key');
  return key ? createHash('sha256').update(key).digest('base64url').slice(0, 16) : `ip:${req.ip}`;
}

/** Express middleware holding each request's slot until its response is finished or aborted. */
export function admissionMiddleware(admission: Admission) {
  return (req: Request, res: Response, next: NextFunction) => {
    admission.acquire(callerOf(req)).then(
      (release) => {
        res.once('finish', release);
        res.once('close', release);
        next();
      },
      (err: unknown) => {
        if (!(err instanceof Busy)) return next(err);
        if (res.headersSent) return; // the client went away or was answered meanwhile
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        sendProblem(res, 429, 'too_many_requests', `the server is busy (${err.message}); retry after ${err.retryAfterSeconds} s`);
      },
    );
  };
}

const intFromEnv = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

/** Limits from the environment; the defaults suit a 2-core machine. */
export function admissionLimitsFromEnv(): AdmissionLimits {
  return {
    maxInFlight: intFromEnv('GATEWAY_MAX_IN_FLIGHT', 16),
    maxQueuedPerCaller: intFromEnv('GATEWAY_MAX_QUEUED_PER_CALLER', 64),
    maxQueued: intFromEnv('GATEWAY_MAX_QUEUED', 256),
    maxWaitMs: intFromEnv('GATEWAY_MAX_WAIT_MS', 15_000),
  };
}
