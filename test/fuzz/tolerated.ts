import type { FuzzFailure } from '../../src/fuzz/run.js';

/**
 * Answers the fuzz test lets pass for now, each with the issue item and the helper that removes
 * it. The aim is an empty list: every entry is a known defect, never a matter of taste.
 */
export interface Tolerance {
  reason: string;
  matches(failure: FuzzFailure): boolean;
}

export const TOLERATED: Tolerance[] = [
  {
    reason: 'issue 9 item 3 (harden): the admin API reads its body and checks a write\'s media type before it routes, so a bad body on a /__mock/ path it does not have is 400/413/415, not 404',
    matches: (f) => [400, 413, 415].includes(f.status ?? 0) && /a path no vendor claims/.test(f.finding.message) && /^\/__mock\//.test(f.path),
  },
];

export function isTolerated(failure: FuzzFailure): Tolerance | undefined {
  return TOLERATED.find((t) => t.matches(failure));
}
