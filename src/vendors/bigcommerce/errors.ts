import type { MockResponse, Problem } from '../../mock/types.js';

/** The `type` every BigCommerce v3 error carries. */
export const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/** A 422 body that also carries the bulk-delete counters (`meta: {total, success, failed}`). */
export interface BulkMeta {
  total: number;
  success: number;
  failed: number;
}

/** The counters of a bulk delete that was refused before any work. */
export const NO_BULK_WORK: BulkMeta = { total: 0, success: 0, failed: 0 };

/** The operation whose 422 schema (BulkDeleteError) requires `meta`. */
const BULK_DELETE = 'deleteCouponCodes';

/** One sentence that names the field and the rule; Prism's messages already name both. */
function titleOf(problem: Problem): string {
  const text = problem.detail || problem.title;
  if (!problem.field || text.includes(problem.field)) return text;
  return `${problem.field}: ${text}`;
}

/**
 * The vendor's error bodies, which differ by status (spec Decision 4):
 * - 422 `{errors: [{status, title, type}]}`, plus `meta: {total, success, failed}` (zero
 *   counters) for deleteCouponCodes, whose 422 schema requires it;
 * - 404 the same list with status 404, the file's body for an unknown promotion;
 * - 400 `{status, title, type, detail}`;
 * - 403 and 405 `{status, title, error}`;
 * - everything else (401, 406, 413, 415, 429, 5xx) the platform's general v3 shape
 *   `{status, title, type, errors: {field: message}}`, whose title is the sentence itself.
 */
export function errorBody(status: number, problem: Problem): unknown {
  if (status === 422) {
    return errorList([titleOf(problem)], problem.operationId === BULK_DELETE ? NO_BULK_WORK : undefined);
  }
  if (status === 404) return errorList([problem.detail || problem.title], undefined, status);
  if (status === 400) return { status, title: problem.title, type: ERROR_TYPE, detail: problem.detail };
  if (status === 403 || status === 405) return { status, title: problem.title, error: problem.detail };
  return {
    status,
    title: problem.detail || problem.title,
    type: ERROR_TYPE,
    errors: problem.field ? { [problem.field]: problem.detail } : {},
  };
}

export function errorList(titles: readonly string[], meta?: BulkMeta, status = 422): unknown {
  const errors = titles.map((title) => ({ status, title, type: ERROR_TYPE }));
  return meta ? { errors, meta } : { errors };
}

/** A 422 from a handler: one title naming the field and the rule broken. */
export function unprocessable(title: string, meta?: BulkMeta): MockResponse {
  return { status: 422, body: errorList([title], meta) };
}

/**
 * The `X-Rate-Limit-*` headers of a 429. The core's limit is a concurrency limit, so the quota is
 * the number of concurrent requests, none is left, and the window is the time until a retry.
 */
export function rateLimitHeaders(limit: { concurrent: number; retryAfterMs: number }): Record<string, string> {
  const resetMs = Math.max(0, Math.ceil(limit.retryAfterMs));
  return {
    'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
    'X-Rate-Limit-Time-Window-Ms': String(Math.max(1, resetMs)),
    'X-Rate-Limit-Requests-Quota': String(Math.max(1, limit.concurrent)),
    'X-Rate-Limit-Requests-Left': '0',
  };
}
