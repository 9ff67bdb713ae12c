import type { FuzzFailure } from '../../src/fuzz/run.js';

/**
 * Answers the fuzz test lets pass for now, each with the issue item and the helper that removes
 * it. The aim is an empty list: every entry is a known defect, never a matter of taste.
 */
export interface Tolerance {
  reason: string;
  matches(failure: FuzzFailure): boolean;
}

const header = (failure: FuzzFailure, name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(failure.request)?.[1];
const UNROUTED = /(a path the spec does not have|a path no vendor claims|which does not define it)/;

export const TOLERATED: Tolerance[] = [
  {
    reason: 'issue 9 item 1 (mock-core): an unparseable Content-Type or Accept is a 500',
    matches: (f) =>
      f.status === 500 &&
      (!/^(application\/json(; charset=utf-8)?)?$/i.test(header(f, 'content-type') ?? '') || /(;;|garbage|^$)/.test(header(f, 'accept') ?? 'x')),
  },
  {
    reason: 'issue 9 item 4 (mock-core): dot segments are resolved before routing',
    matches: (f) => /\/(\.|\.\.|%2e|%2e%2e)(\/|$|\?)/i.test(f.path),
  },
  {
    reason: 'issue 9 item 7 (mock-core): HEAD is 405 where GET is',
    matches: (f) => f.method === 'HEAD',
  },
  {
    reason: 'issue 9 item 6 (fuzz, after mock-core lands): the body is read before routing, so a bad body on an unrouted path is 400/415/422, not 404/405',
    matches: (f) => [400, 415, 422].includes(f.status ?? 0) && UNROUTED.test(f.finding.message),
  },
  {
    reason: 'issue 9 item 6 (fuzz, after mock-core lands): a Prefer the mock cannot honour is a 404 or 500 (RFC 7240: to be ignored)',
    matches: (f) => (f.status === 404 || f.status === 500) && /"Prefer: /.test(f.finding.message),
  },
  {
    reason: 'issue 9 item 4 (mock-core): an empty path segment (`//`) is routed as an empty parameter',
    matches: (f) => /[^:]\/\//.test(f.path.split('?')[0] ?? ''),
  },
  {
    reason: 'issue 9 item 1 (fuzz): a keep-alive connection dropped after a deeply nested body',
    matches: (f) => f.finding.kind === 'transport',
  },
];

export function isTolerated(failure: FuzzFailure): Tolerance | undefined {
  return TOLERATED.find((t) => t.matches(failure));
}
