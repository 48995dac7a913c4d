/**
 * A first-in-first-out lock for workflow code: exactly one holder at a time,
 * waiters admitted in arrival order. Release hands the lock straight to the
 * next waiter, so no other waiter can slip in between (a `condition(() =>
 * !busy)` lock lets every waiter whose condition is re-evaluated in the same
 * activation through at once). Plain promises only: deterministic on replay.
 */
export class FifoLock {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  /** Whether a holder is inside, or waiters are queued. */
  get busy(): boolean {
    return this.held;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    // Ownership is handed over by release(): `held` stays true in between.
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}
