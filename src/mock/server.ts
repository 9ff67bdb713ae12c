import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryStore } from '../store/memory.js';
import type { Store } from '../store/types.js';
import { adminAccessFor } from './admin-access.js';
import { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT, type ServerLimits } from './defaults.js';
import type { TokenTable } from './auth.js';
import { MockClock } from './clock.js';
import { handleRequest, send } from './handle-request.js';
import { createRandom } from './random.js';
import type { StateLimits } from './state-dump.js';
import { createRuntime, describeVendor, type LatencyRange, type MockRuntime } from './runtime.js';
import type { MockSettings, MountedVendor, VendorPlugin } from './types.js';

export type { LatencyRange } from './runtime.js';
export type { MountedVendor } from './types.js';

export interface MockServerOptions {
  plugins: VendorPlugin[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to a fresh in-memory store. */
  store?: Store;
  /** Makes generated codes and ids repeatable. */
  seed?: string;
  latency?: LatencyRange;
  /** Parsed fixtures file, one section per vendor; a vendor without a section gets its defaults. */
  fixtures?: Record<string, unknown>;
  /** Only these tokens are accepted, with these scopes. */
  tokens?: TokenTable;
  /** Passed to every plugin; each reads its own names (Elastic Path: `jobDurationMs`). */
  settings?: MockSettings;
  maxBodyBytes?: number;
  /** Guards /__mock/*; required when `host` is not a loopback address. */
  adminToken?: string;
  limits?: Partial<ServerLimits>;
  /** How much state one `GET /__mock/state` answer may carry. */
  stateLimits?: Partial<StateLimits>;
  /** Where request lines go; default none. */
  log?: (line: string) => void;
  /** The mock's clock (default: the wall clock, moved by `POST /__mock/clock`); a test may pass one that stands still. */
  clock?: MockClock;
}

export interface MockServer {
  url: string;
  port: number;
  host: string;
  store: Store;
  vendors: MountedVendor[];
  clock: MockClock;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT, type ServerLimits };
const ONE_MEGABYTE = 1024 * 1024;

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const host = options.host ?? DEFAULT_HOST;
  const admin = adminAccessFor(host, options.adminToken);
  const runtime = await createRuntime({
    plugins: options.plugins,
    store: options.store ?? createMemoryStore(),
    random: createRandom(options.seed),
    settings: options.settings ?? {},
    admin,
    stateLimits: options.stateLimits,
    maxBodyBytes: options.maxBodyBytes ?? ONE_MEGABYTE,
    latency: options.latency,
    tokens: options.tokens,
    fixtures: options.fixtures,
    log: options.log,
    clock: options.clock,
  });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // The timeouts only take effect as constructor options (setting the properties later is ignored).
  const server = createServer(
    {
      requireHostHeader: true,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => {
    handleRequest(runtime, req, res).catch((error: unknown) => {
      // Last line of defence: the process never dies of a request.
      options.log?.(`mock: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (res.headersSent) res.destroy();
      else send(res, { status: 500, body: { status: 500, title: 'Internal Server Error' } }).catch(() => res.destroy());
    });
    },
  );
  server.maxConnections = limits.maxConnections;
  await listen(server, options.port ?? DEFAULT_PORT, host);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  runtime.origin = `http://${shownHost}:${address.port}`;
  return {
    url: runtime.origin,
    port: address.port,
    host: address.address,
    store: runtime.store,
    clock: runtime.clock,
    get vendors() {
      return runtime.vendors.map((v) => describeVendor(v, runtime.tokens));
    },
    reset: () => runtime.reset(),
    close: () => close(server, runtime),
  };
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function close(server: Server, runtime: MockRuntime): Promise<void> {
  runtime.page.close();
  for (const vendor of runtime.vendors) for (const closer of vendor.closers) await closer();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await runtime.store.close();
}
