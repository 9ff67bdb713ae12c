import { vendorOf, type Stage } from '../request-state.js';
import { operationError, operationOf } from './route.js';

/** How long a client turned away by a concurrency limit should wait before retrying. */
const RETRY_AFTER_MS = 1000;

/**
 * The operation's documented concurrency limit (x-concurrency-limit), counted in the store per
 * vendor, operation and tenant, so instances sharing a store share the count: 429 past it, with
 * the plugin's rate-limit headers. The slot is held until the answer is chosen.
 */
export const limitConcurrency: Stage = async (state, runtime) => {
  const operation = operationOf(state);
  const limit = operation.concurrencyLimit;
  if (limit === undefined) return undefined;
  const { plugin } = vendorOf(state);
  const counter = concurrencyKey(plugin.vendor, operation.id, state.tenant);
  if (!(await runtime.store.acquire(counter, limit))) {
    const response = operationError(state, 429, {
      title: 'Too Many Requests',
      detail: `More than ${limit} concurrent requests to ${operation.id}; retry shortly`,
    });
    response.headers = { ...response.headers, ...plugin.rateLimitHeaders?.({ concurrent: limit, retryAfterMs: RETRY_AFTER_MS }) };
    return response;
  }
  state.cleanups.push(() => runtime.store.releaseAcquired(counter).catch(() => undefined));
  return undefined;
};

export function concurrencyKey(vendor: string, operationId: string, tenant: string | undefined): string {
  return `${vendor}:${operationId}:${tenant ?? ''}`;
}
