/**
 * Concurrent requests in flight per counter, for `acquire`/`releaseAcquired` of the backends
 * whose counting is per process (memory, SQLite). The count is of this process's requests:
 * it is not shared with other mock instances, and it does not survive a restart (nothing is
 * in flight after one).
 */
export class InFlightCounters {
  private counts = new Map<string, number>();

  acquire(counter: string, limit: number): boolean {
    const current = this.counts.get(counter) ?? 0;
    if (current >= limit) return false;
    this.counts.set(counter, current + 1);
    return true;
  }

  release(counter: string): void {
    const current = this.counts.get(counter) ?? 0;
    // Never below zero: a release after `reset` must not grant an extra slot later.
    if (current <= 1) this.counts.delete(counter);
    else this.counts.set(counter, current - 1);
  }

  clear(): void {
    this.counts.clear();
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
