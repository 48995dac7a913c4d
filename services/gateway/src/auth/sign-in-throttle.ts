/** How repeated wrong passwords are slowed down. */
export interface ThrottleRules {
  /** Wrong passwords allowed before the first lockout. */
  freeFailures: number;
  /** First lockout; each further failure doubles it, up to maxLockMs. */
  baseLockMs: number;
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleRules = { freeFailures: 3, baseLockMs: 2_000, maxLockMs: 15 * 60_000, windowMs: 15 * 60_000 };

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

/**
 * Counts wrong passwords per key (a user name, a client address) in memory and locks the key out for
 * a window that doubles with each further failure. While locked, even the right password is refused,
 * so guessing gets no answer at all. A success clears the key.
 */
export class SignInThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #rules: ThrottleRules;

  constructor(rules: Partial<ThrottleRules> = {}) {
    this.#rules = { ...DEFAULT_THROTTLE, ...rules };
  }

  /** Milliseconds until any of the keys may try again (0: go ahead). */
  waitMs(keys: readonly string[], now = Date.now()): number {
    return Math.max(0, ...keys.map((k) => (this.#entries.get(k)?.lockedUntil ?? 0) - now));
  }

  failed(keys: readonly string[], now = Date.now()): void {
    this.#forgetOld(now);
    for (const key of keys) {
      const old = this.#entries.get(key);
      const e = old && now - old.lastFailure <= this.#rules.windowMs ? old : { failures: 0, lastFailure: now, lockedUntil: 0 };
      e.failures += 1;
      e.lastFailure = now;
      const over = e.failures - this.#rules.freeFailures;
      if (over >= 0) e.lockedUntil = now + Math.min(this.#rules.maxLockMs, this.#rules.baseLockMs * 2 ** over);
      this.#entries.set(key, e);
    }
  }

  succeeded(keys: readonly string[]): void {
    for (const key of keys) this.#entries.delete(key);
  }

  #forgetOld(now: number): void {
    if (this.#entries.size < 10_000) return;
    for (const [k, e] of this.#entries) if (now - e.lastFailure > this.#rules.windowMs && e.lockedUntil < now) this.#entries.delete(k);
  }
}
