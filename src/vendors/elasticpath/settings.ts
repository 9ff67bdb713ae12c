import type { MockSettings } from '../../mock/types.js';

/** How long a job takes from pending to its end when the mock is not told otherwise (`--job-duration`). */
export const DEFAULT_JOB_DURATION_MS = 1000;

/** This plugin's own setting, `jobDurationMs`, from the settings the core passes through. */
export function jobDurationOf(settings: MockSettings): number {
  const ms = settings.jobDurationMs ?? DEFAULT_JOB_DURATION_MS;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}
