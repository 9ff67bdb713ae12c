/**
 * The mock's clock: the wall clock plus an offset that only grows. Tests and contract runs move it
 * forward (`POST /__mock/clock`) instead of sleeping through a job's duration. Time never runs
 * backwards, not even on a reset, so timestamps a client already holds stay in the past.
 */
export class MockClock {
  private offset = 0;
  private readonly listeners: Array<(now: Date) => void | Promise<void>> = [];
  /** Sleepers to wake when the clock is moved (each checks whether its time has come). */
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly wallClock: () => number = Date.now) {}

  now(): Date {
    return new Date(this.wallClock() + this.offset);
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** Calls `listener` after every move; returns what stops that (a closed server must not act on a clock it shared). */
  onChange(listener: (now: Date) => void | Promise<void>): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at !== -1) this.listeners.splice(at, 1);
    };
  }

  /** Moves the clock forward and waits until every listener has caught up with the new time. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`the clock only moves forward by a positive number of ms, not ${ms}`);
    this.offset += ms;
    const now = this.now();
    for (const wake of [...this.sleepers]) wake();
    await Promise.all(this.listeners.map(async (listener) => listener(now)));
  }

  /**
   * Resolves once this clock reads `ms` later than now: when that much real time has passed, or
   * sooner when the clock is moved past it (the mock's latency is spent in the mock's time).
   */
  sleep(ms: number): Promise<void> {
    const until = this.now().getTime() + ms;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        const left = until - this.now().getTime();
        if (timer) clearTimeout(timer);
        if (left > 0) {
          timer = setTimeout(wake, left);
          return;
        }
        this.sleepers.delete(wake);
        resolve();
      };
      this.sleepers.add(wake);
      timer = setTimeout(wake, Math.max(0, ms));
    });
  }

  /** How many sleeps are still waiting (a test's barrier: every request it sent is spending its latency). */
  get sleeping(): number {
    return this.sleepers.size;
  }

  /** `GET /__mock/clock`'s body. */
  describe(): { now: string; offsetMs: number } {
    return { now: this.now().toISOString(), offsetMs: this.offset };
  }
}
