import type { components } from '../../../generated/shoplazza.js';
import type { Problem } from '../../mock/types.js';

/** The error words of the spec (`components/schemas/ErrorCode`). */
export type ErrorWord = components['schemas']['ErrorCode'];

/**
 * One word per status, as the spec's "Error words" decision lists them. test/mock/shoplazza.test.ts
 * checks this table against the `const` of every error response schema in spec/shoplazza.yaml, so
 * the two cannot drift apart.
 */
export const ERROR_WORDS: Readonly<Record<number, ErrorWord>> = {
  400: 'InvalidParameter',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  // The spec's PayloadTooLarge: Shoplazza has no word for 413, so the body is its InvalidParameter.
  413: 'InvalidParameter',
  415: 'UnsupportedMediaType',
  422: 'InvalidParameter',
  429: 'TooManyRequests',
  500: 'InternalError',
};

/**
 * The word for `status`. Statuses the spec does not name (501/503 from the core) still get a
 * word of the spec's enum, so that every body the mock sends validates against the spec's `Error` schema: a client error is `InvalidParameter`, a server
 * error `InternalError`.
 */
export function errorWord(status: number): ErrorWord {
  return ERROR_WORDS[status] ?? (status >= 500 ? 'InternalError' : 'InvalidParameter');
}

/** Shoplazza's error envelope: `{code: <word>, message}`; the message is the problem's detail. */
export function shoplazzaErrorBody(status: number, problem: Problem): { code: ErrorWord; message: string } {
  return { code: errorWord(status), message: messageOf(problem) };
}

/**
 * The problem's detail. The core's validation details name the field and the rule broken
 * ("Request body property discount_codes must NOT have more than 100 items"); where a detail
 * names neither the field nor its last segment, the field is put in front so that it is named.
 */
function messageOf(problem: Problem): string {
  const detail = problem.detail.trim();
  const field = problem.field;
  if (!field) return detail;
  const last = field.split(/[.[\]]/).filter(Boolean).pop() ?? field;
  return detail.includes(field) || detail.includes(last) ? detail : `${field}: ${detail}`;
}
