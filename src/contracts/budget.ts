/**
 * A run's time budget (`--max-time`): checks stop at `checksEnd`, the cleanup has until `end`,
 * and what is left after that is vitest's own teardown and the reports. Every request is bounded
 * by the smaller of `--timeout` and what is left, so a hanging target cannot take the run past it.
 */

export interface RunBudget {
  /** Epoch ms after which no check starts or sends another request. */
  readonly checksEnd: number;
  /** Epoch ms by which the cleanup has ended too. */
  readonly end: number;
  /** `--max-time` as a person reads it (`5 min`, `20 s`), for messages. */
  readonly label: string;
}

/** Kept for vitest's teardown and the reporters after the cleanup. */
const TEARDOWN_MS = 1_500;
/** The cleanup's share of a budget, and its most: a long budget need not hold back more. */
const CLEANUP_SHARE = 0.15;
const CLEANUP_MOST_MS = 30_000;

/** The budget of a run that started at `startedAt` (epoch ms) and may take `maxTimeMs`. */
export function runBudget(startedAt: number, maxTimeMs: number): RunBudget {
  const end = startedAt + Math.max(maxTimeMs - TEARDOWN_MS, maxTimeMs / 2);
  const cleanup = Math.min(CLEANUP_MOST_MS, maxTimeMs * CLEANUP_SHARE);
  return { checksEnd: end - cleanup, end, label: formatDuration(maxTimeMs) };
}

export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/**
 * `300`, `90s`, `5m`, `1500ms`: a duration for `--max-time` (a bare number is seconds). Undefined
 * when the text is not one.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000;
  return Number.isFinite(ms) && ms >= 1 ? Math.round(ms) : undefined;
}

/**
 * Raised where the run's budget stops work: a request that would start after it, or one still
 * waiting when it runs out. Not a finding about the target's rules: the check is reported as
 * stopped, and the run ends with exit 1.
 */
export class BudgetExhausted extends Error {
  override readonly name = 'BudgetExhausted';
}

/** Rejects with BudgetExhausted at `deadline` (epoch ms); `cancel` stops the timer. */
export function budgetTimer(deadline: number, what: string): { expired: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BudgetExhausted(what)), Math.max(0, deadline - Date.now()));
  });
  // Nobody may await it when the work ends first.
  expired.catch(() => {});
  return { expired, cancel: () => clearTimeout(timer) };
}
