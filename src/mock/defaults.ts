import type { MockSettings } from './types.js';

// In a module of their own, loading nothing: `coupon-contracts mock --help` prints them without
// loading the server (and Prism with it).
export const DEFAULT_SETTINGS: MockSettings = { jobDurationMs: 1000 };
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
