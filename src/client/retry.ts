import type { Middleware } from 'openapi-fetch';

export interface RetryOptions {
  /** Requests sent in all, the first one included (1 never retries). */
  attempts: number;
  /**
   * The longest wait before a retry (default 30000). When the server asks for a longer one, its
   * 429 is returned at once: retrying before the server's reset would only spend an attempt.
   */
  maxDelayMs?: number;
  /** The first wait when a 429 says nothing about when to retry; it doubles each time (default 100). */
  baseDelayMs?: number;
}

/**
 * Middleware that re-sends a request answered 429, at most `attempts` requests in all, and then
 * returns the last response. It waits as long as the response says:
 * `X-Rate-Limit-Time-Reset-Ms` (BigCommerce, milliseconds), else `Retry-After` (seconds or an
 * HTTP date), else an exponential backoff from `baseDelayMs`. Aborting the request's signal
 * ends the wait.
 *
 * Register it after the middleware that changes the request (auth): the retry is built from the
 * request as it was finally sent, with the body as this middleware saw it.
 */
export function retryOn429(options: RetryOptions): Middleware {
  const { attempts, maxDelayMs = 30_000, baseDelayMs = 100 } = options;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError('retry.attempts must be an integer >= 1');
  if (!(maxDelayMs >= 0)) throw new RangeError('retry.maxDelayMs must be >= 0');
  if (!(baseDelayMs >= 0)) throw new RangeError('retry.baseDelayMs must be >= 0');

  // fetch() consumes a request's body, so each body is copied before the first send, by request id,
  // and dropped when the response or error comes. (A middleware after this one that answers in its
  // onRequest leaves no response to drop the copy on: register such a cache before this one.)
  const bodies = new Map<string, ArrayBuffer>();

  return {
    async onRequest({ id, request }) {
      if (attempts > 1 && request.body !== null) bodies.set(id, await request.clone().arrayBuffer());
    },
    async onResponse({ id, request, response, options: { fetch } }) {
      const body = bodies.get(id);
      bodies.delete(id);
      for (let attempt = 1; response.status === 429 && attempt < attempts; attempt++) {
        const delay = serverDelayMs(response.headers) ?? Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        if (delay > maxDelayMs) break;
        await response.body?.cancel().catch(() => {});
        await sleep(delay, request.signal);
        response = await fetch(new Request(request, body === undefined ? undefined : { body }));
      }
      return response;
    },
    onError({ id }) {
      bodies.delete(id);
    },
  };
}

/** How long the 429 asks to wait, in milliseconds, or undefined when it does not say. */
export function serverDelayMs(headers: Headers, now: number = Date.now()): number | undefined {
  const resetMs = headers.get('X-Rate-Limit-Time-Reset-Ms')?.trim();
  if (resetMs && /^\d+(\.\d+)?$/.test(resetMs)) return Number(resetMs);
  const retryAfter = headers.get('Retry-After')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
