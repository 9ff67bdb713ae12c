import { createMemoryStore } from './memory.js';
import type { RedisStoreOptions } from './redis.js';
import type { Store } from './types.js';

export type * from './types.js';
export type { StoreDump } from './dump.js';
export { StoreOpenError, StoreUnavailableError } from './errors.js';
export { createMemoryStore };

// The Redis client and SQLite's native module load only for a store that uses them: a mock in
// memory starts without either.
export async function openRedisStore(url: string, options?: RedisStoreOptions): Promise<Store> {
  return (await import('./redis.js')).openRedisStore(url, options);
}

export async function openSqliteStore(path: string): Promise<Store> {
  return (await import('./sqlite.js')).openSqliteStore(path);
}

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
