/**
 * The target's time. Against our mock (it answers `GET /__mock/clock`), a wait moves the mock's
 * clock forward (`POST /__mock/clock`), so a job's life passes in one request instead of in real
 * seconds; against any other target a wait is a sleep. Either way no wait runs past the budget.
 */
import { BudgetExhausted } from './budget.js';
import type { TargetClock } from './types.js';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Real time: waits sleep, cut short where the budget ends. */
export function realClock(deadline: () => number): TargetClock {
  return {
    movable: false,
    now: () => Date.now(),
    wait: (ms) => sleep(Math.max(0, Math.min(ms, deadline() - Date.now()))),
  };
}

/** Whether `origin` is our mock with a movable clock: `GET /__mock/clock` answers `{now, offsetMs}`. */
export async function hasMovableClock(origin: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/__mock/clock`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    if (response.status !== 200) return false;
    const body = (await response.json()) as { now?: unknown; offsetMs?: unknown };
    return typeof body.now === 'string' && Number.isFinite(Date.parse(body.now)) && typeof body.offsetMs === 'number';
  } catch {
    return false;
  }
}

/**
 * Our mock's clock: `wait(ms)` is one `POST /__mock/clock {"advanceMs": ms}`; `now()` follows the
 * mock's answer (other vendors' runs move the same clock). Should the mock refuse, the wait
 * sleeps instead: slower, never wrong.
 */
export function mockClock(origin: string, timeoutMs: number, deadline: () => number): TargetClock {
  let offset = 0;
  let refused = false;
  const fallback = realClock(deadline);
  return {
    movable: true,
    now: () => Date.now() + offset,
    async wait(ms) {
      if (refused) return fallback.wait(ms);
      const left = deadline() - Date.now();
      if (left <= 0) throw new BudgetExhausted(`the run's budget ran out before the mock's clock was moved ${ms} ms`);
      try {
        const response = await fetch(`${origin}/__mock/clock`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ advanceMs: Math.max(1, Math.round(ms)) }),
          signal: AbortSignal.timeout(Math.min(timeoutMs, left)),
        });
        const body = (await response.json()) as { now?: unknown };
        const now = typeof body.now === 'string' ? Date.parse(body.now) : Number.NaN;
        if (response.status !== 200 || !Number.isFinite(now)) throw new Error(`POST /__mock/clock answered ${response.status}`);
        offset = now - Date.now();
      } catch {
        refused = true;
        await fallback.wait(ms);
      }
    },
  };
}
