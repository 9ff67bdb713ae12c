import type { MockResponse, VendorApp } from './types.js';

/** Thrown by a store whose backend went away; answered with 503 in the vendor's shape. */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

export const STORE_UNAVAILABLE = 'The mock state store is unreachable; retry shortly';

export interface FailureHooks {
  /** The store went away: seed again once it is back. */
  noteOutage(): void;
  log?: (line: string) => void;
}

/**
 * What a failure inside the mock answers: 503 when the store went away (noted, so the store is
 * seeded again once it is back), else 500 (a bug in the mock, logged). In the vendor's error shape
 * when the request reached a vendor, else in the core's.
 */
export function failureAnswer(error: unknown, app: VendorApp | undefined, hooks: FailureHooks): MockResponse {
  if (isStoreUnavailable(error)) {
    hooks.noteOutage();
    return problem(app, 503, 'Service Unavailable', STORE_UNAVAILABLE);
  }
  hooks.log?.(`mock: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return problem(app, 500, 'Internal Server Error', 'The mock failed to handle this request (a bug in the mock)');
}

function problem(app: VendorApp | undefined, status: number, title: string, detail: string): MockResponse {
  return app ? app.error(status, { title, detail }) : { status, body: { status, title, detail } };
}
