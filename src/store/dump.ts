import type { StoredCode } from './types.js';

/** What every backend's `dump()` returns (the body of `/__mock/state`). */
export interface StoreDump {
  kind: 'memory' | 'sqlite' | 'redis';
  /** Last sequence number allocated, per vendor. */
  seqs: Record<string, number>;
  /** Codes per scope, ascending by seq. */
  codes: Record<string, StoredCode[]>;
  /** Documents per kind, by id. */
  docs: Record<string, Record<string, unknown>>;
  /** Slot -> holder. */
  slots: Record<string, string>;
  /** Named counters (`nextValue`): last value handed out. */
  counters: Record<string, number>;
  /** Concurrent requests in flight per counter (`acquire`). */
  inFlight: Record<string, number>;
}
