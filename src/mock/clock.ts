/**
 * The mock's clock: the wall clock plus an offset that only grows. Tests and contract runs move it
 * forward (`POST /__mock/clock`) instead of sleeping through a job's duration. Time never runs
 * backwards, not even on a reset, so timestamps a client already holds stay in the past.
 */
export class MockClock {
  private offset = 0;
  private readonly listeners: Array<(now: Date) => void | Promise<void>> = [];

  constructor(private readonly wallClock: () => number = Date.now) {}

  now(): Date {
    return new Date(this.wallClock() + this.offset);
  }

  get offsetMs(): number {
    return this.offset;
  }

  onChange(listener: (now: Date) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Moves the clock forward and waits until every listener has caught up with the new time. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`the clock only moves forward by a positive number of ms, not ${ms}`);
    this.offset += ms;
    const now = this.now();
    await Promise.all(this.listeners.map(async (listener) => listener(now)));
  }

  /** `GET /__mock/clock`'s body. */
  describe(): { now: string; offsetMs: number } {
    return { now: this.now().toISOString(), offsetMs: this.offset };
  }
}
