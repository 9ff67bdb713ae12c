/**
 * The target's time. Against our mock (it answers `GET /__mock/clock`), a wait moves the mock's
 * clock forward (`POST /__mock/clock`), so a job's life passes in one request instead of in real
 * seconds; against any other target a wait is a sleep. Either way no wait runs past the budget.
 */
import { BudgetExhausted } from './budget.js';
import { transmit } from './http.js';
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

/**
 * How far our mock's clock is ahead of real time (`GET /__mock/clock` answers `{now, offsetMs}`),
 * or undefined when `origin` is not a mock with a movable clock.
 */
export async function mockClockOffset(origin: string, timeoutMs: number): Promise<number | undefined> {
  try {
    const response = await fetch(`${origin}/__mock/clock`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    if (response.status !== 200) return undefined;
    const body = (await response.json()) as { now?: unknown; offsetMs?: unknown };
    const now = typeof body.now === 'string' ? Date.parse(body.now) : Number.NaN;
    return Number.isFinite(now) && typeof body.offsetMs === 'number' ? now - Date.now() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Our mock's clock: `wait(ms)` is one `POST /__mock/clock {"advanceMs": ms}`; `now()` follows the
 * mock's answer (other vendors' runs move the same clock), from `offsetMs`, how far ahead it was
 * when the run began: a mock that earlier runs moved is not taken for one at real time (its first
 * answer would then look like a jump past every deadline set before it). Should the mock refuse,
 * the wait sleeps instead: slower, never wrong.
 */
export function mockClock(origin: string, timeoutMs: number, deadline: () => number, offsetMs = 0): TargetClock {
  let offset = offsetMs;
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
        const response = await transmit(`${origin}/__mock/clock`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ advanceMs: Math.max(1, Math.round(ms)) }),
          signal: AbortSignal.timeout(Math.min(timeoutMs, left)),
        });
        const body = JSON.parse(response.text) as { now?: unknown };
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
