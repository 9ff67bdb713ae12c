import { createMemoryStore } from './memory.js';
import { openRedisStore } from './redis.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export type * from './types.js';
export type { StoreDump } from './dump.js';
export { StoreOpenError, StoreUnavailableError } from './errors.js';
export { createMemoryStore, openRedisStore, openSqliteStore };

export interface StoreOptions {
  /** Path of a SQLite state file: state kept across restarts, for one machine. */
  state?: string;
  /** Redis URL: state shared by every mock instance pointing at it. */
  redis?: string;
}

/**
 * The backend the options ask for: Redis if a URL is given, else SQLite if a state file is,
 * else memory. Asking for both is refused rather than silently preferring one.
 */
export async function openStore({ state, redis }: StoreOptions = {}): Promise<Store> {
  if (state !== undefined && redis !== undefined) {
    throw new Error('choose one store: a SQLite state file or a Redis URL, not both');
  }
  if (redis !== undefined) return openRedisStore(redis);
  if (state !== undefined) return openSqliteStore(state);
  return createMemoryStore();
}
