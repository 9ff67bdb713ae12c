// In a module of their own, loading nothing: `coupon-contracts mock --help` prints them without
// loading the server (and Prism with it). A plugin's own defaults stay in the plugin
// (Elastic Path's job duration: src/vendors/elasticpath/settings.ts).
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';

/** Limits of the HTTP server, so slow or idle clients cannot starve the others. */
export interface ServerLimits {
  /** Time to receive a request's headers (slowloris). */
  headersTimeoutMs: number;
  /** Time to receive a whole request. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveTimeoutMs: number;
  /** Open connections at once; further ones are closed on arrival. */
  maxConnections: number;
  /** How often the timeouts above are checked. */
  checkIntervalMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
  checkIntervalMs: 1_000,
};
