import type { FuzzFailure } from '../../src/fuzz/run.js';

/**
 * Answers the fuzz test lets pass for now, each with the issue item that removes it. The aim is
 * an empty list: every entry is a known defect, never a matter of taste.
 */
export interface Tolerance {
  reason: string;
  matches(failure: FuzzFailure): boolean;
}

const header = (failure: FuzzFailure, name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(failure.request)?.[1];

export const TOLERATED: Tolerance[] = [
  {
    reason: 'issue 9 item 1 (mock-core): an unparseable Content-Type is a 500',
    matches: (f) => f.status === 500 && /^(garbage|undefined|;;|\/|application\/json;;|application\/json; charset|)$/i.test(header(f, 'content-type') ?? '?'),
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
    reason: 'issue 9 item 6 (fuzz): 400, 406, 413 and 415 answered where the operation does not document them',
    matches: (f) => f.finding.kind === 'undocumented' && [400, 406, 413, 415].includes(f.status ?? 0),
  },
  {
    reason: 'issue 9 item 6 (fuzz): the body is parsed before routing, so an unrouted path with a bad body gets 400/413/415/422, not 404/405',
    matches: (f) => f.finding.kind === 'undocumented' && /(a path the spec does not have|a path no vendor claims|which does not define it)/.test(f.finding.message),
  },
  {
    reason: 'issue 9 item 6 (fuzz): 404/405 bodies outside a vendor shape (Shoplazza MethodNotAllowed, the core 404 for paths no vendor claims)',
    matches: (f) => f.finding.kind === 'schema' && [404, 405].includes(f.status ?? 0),
  },
  {
    reason: 'issue 9 item 6 (fuzz): Prefer answers (404 for a bad Prefer, dynamic bodies that break the schema, 500 asked for)',
    matches: (f) => /^prefer:/im.test(f.request),
  },
  {
    reason: 'issue 9 item 1 (fuzz): a connection dropped after a deeply nested body (the request log stringifies it)',
    matches: (f) => f.finding.kind === 'transport',
  },
];

export function isTolerated(failure: FuzzFailure): Tolerance | undefined {
  return TOLERATED.find((t) => t.matches(failure));
}
