import type { MockResponse, VendorApp } from './types.js';

/** Thrown by a store whose backend went away; answered with 503 in the vendor's shape. */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

export const STORE_UNAVAILABLE = 'The mock state store is unreachable; retry shortly';

export function unavailable(app: VendorApp): MockResponse {
  return app.error(503, { title: 'Service Unavailable', detail: STORE_UNAVAILABLE });
}

export interface FailureHooks {
  /** The store went away: seed again once it is back. */
  noteOutage(): void;
  log?: (line: string) => void;
}

/** A plugin's failure stays the plugin's: 503 when the store went away, else 500 in the vendor's shape (a bug in the mock, logged). */
export async function guarded(app: VendorApp, hooks: FailureHooks, run: () => Promise<MockResponse>): Promise<MockResponse> {
  try {
    return await run();
  } catch (error) {
    if (isStoreUnavailable(error)) {
      hooks.noteOutage();
      return unavailable(app);
    }
    hooks.log?.(`mock: handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return app.error(500, { title: 'Internal Server Error', detail: 'The mock failed to handle this request (a bug in the mock)' });
  }
}
