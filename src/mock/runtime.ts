import { loadSpec, type Spec } from '../openapi/load.js';
import type { Store } from '../store/types.js';
import { observeWrites } from './observed-store.js';
import { RequestLog } from './request-log.js';
import { MockPage, type PageVendor } from './ui/page.js';
import type { AdminAccess } from './admin-access.js';
import type { TokenTable } from './auth.js';
import { MockClock } from './clock.js';
import { mountOf, type Mount } from './mount.js';
import { RequestGate } from './request-gate.js';
import { failureAnswer, type FailureHooks } from './plugin-failure.js';
import type { RandomSource } from './random.js';
import { DEFAULT_STATE_LIMITS, type StateLimits } from './state-dump.js';
import type { Handler, MockResponse, MockSettings, MountedVendor, RawRouteOptions, SeededOwner, VendorApp, VendorPlugin } from './types.js';

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

/** One mounted vendor: its plugin, spec, gate (Prism's verdicts) and what the plugin registered. */
export interface VendorRuntime {
  plugin: VendorPlugin;
  spec: Spec;
  gate: RequestGate;
  mount: Mount;
  app: VendorApp;
  handlers: Map<string, Handler>;
  owners: SeededOwner[];
  closers: Array<() => void | Promise<void>>;
}

export interface RawRoute {
  method: string;
  path: RegExp;
  handler: (match: RegExpMatchArray) => Promise<MockResponse>;
  options: RawRouteOptions;
  vendor: VendorRuntime;
}

/**
 * A store that went away may come back empty (a Redis restarted without persistence). Seeding is
 * idempotent, so once the store answers again the promotions are seeded anew, before the next
 * request is served, instead of every request 404ing until someone resets the mock.
 */
export class StoreOutage {
  private lost = false;
  private reseeding: Promise<void> | undefined;

  constructor(private readonly seedAll: () => Promise<void>) {}

  note(): void {
    this.lost = true;
  }

  async recover(): Promise<void> {
    if (!this.lost) return;
    this.reseeding ??= this.seedAll()
      .then(() => {
        this.lost = false;
      })
      .finally(() => {
        this.reseeding = undefined;
      });
    await this.reseeding;
  }
}

/** The server's side of every request: what the stages read besides the request itself. */
export interface MockRuntime {
  store: Store;
  random: RandomSource;
  clock: MockClock;
  /** In the order they were given (what people see). */
  vendors: VendorRuntime[];
  /** Longest base path first, so a vendor mounted at '' never shadows the others. */
  routingOrder: VendorRuntime[];
  rawRoutes: RawRoute[];
  requestLog: RequestLog;
  /** The mock's page (/__mock/ui), its event stream and latency setting. */
  page: MockPage;
  outage: StoreOutage;
  admin: AdminAccess;
  stateLimits: StateLimits;
  maxBodyBytes: number;
  /** Changed at run time from the page (`POST /__mock/latency`). */
  latency?: LatencyRange;
  tokens?: TokenTable;
  /** Names of the headers a vendor answer may carry that browsers should be able to read. */
  exposedHeaders: string;
  log?: (line: string) => void;
  /** `http://host:port` once listening. */
  origin: string;
  seedAll(): Promise<void>;
  reset(): Promise<void>;
}

export interface RuntimeOptions {
  plugins: VendorPlugin[];
  store: Store;
  random: RandomSource;
  settings: MockSettings;
  admin: AdminAccess;
  stateLimits?: Partial<StateLimits>;
  maxBodyBytes: number;
  latency?: LatencyRange;
  tokens?: TokenTable;
  fixtures?: Record<string, unknown>;
  log?: (line: string) => void;
  clock?: MockClock;
}

/** Headers every vendor answer may carry; the plugins' 429 headers are added to these. */
const CORE_EXPOSED_HEADERS = ['Allow', 'Retry-After'];

export async function createRuntime(options: RuntimeOptions): Promise<MockRuntime> {
  const vendors: VendorRuntime[] = [];
  const rawRoutes: RawRoute[] = [];
  // Every write is announced to the page's event stream (a job moving on, codes added, a reset).
  const store = observeWrites(options.store, (vendor) => runtime.page.stateChanged(vendor));
  const requestLog = new RequestLog(200);
  const runtime: MockRuntime = {
    store,
    random: options.random,
    clock: options.clock ?? new MockClock(),
    vendors,
    routingOrder: [],
    rawRoutes,
    requestLog,
    page: new MockPage({
      store,
      log: requestLog,
      vendors: () => vendors.map((v) => pageVendorOf(v, runtime)),
      latency: {
        get: () => runtime.latency,
        set: (value) => {
          runtime.latency = value;
        },
      },
    }),
    outage: new StoreOutage(() => runtime.seedAll()),
    admin: options.admin,
    stateLimits: { ...DEFAULT_STATE_LIMITS, ...options.stateLimits },
    maxBodyBytes: options.maxBodyBytes,
    latency: options.latency,
    tokens: options.tokens,
    exposedHeaders: '',
    log: options.log,
    origin: '',
    async seedAll() {
      for (const vendor of vendors) vendor.owners = await vendor.plugin.seed(vendor.app, options.fixtures?.[vendor.plugin.vendor]);
    },
    async reset() {
      await runtime.store.reset();
      await runtime.seedAll();
      runtime.page.logCleared();
    },
  };
  for (const plugin of options.plugins) {
    const spec = loadSpec(plugin.vendor);
    const vendor = { plugin, spec, gate: await RequestGate.create(spec), mount: mountOf(spec), handlers: new Map(), owners: [], closers: [] } as unknown as VendorRuntime;
    vendor.app = createVendorApp(vendor, runtime, options.settings);
    plugin.register(vendor.app);
    vendors.push(vendor);
  }
  runtime.routingOrder = [...vendors].sort((a, b) => b.mount.claim.source.length - a.mount.claim.source.length);
  runtime.exposedHeaders = exposedHeadersOf(options.plugins);
  await runtime.seedAll();
  return runtime;
}

/** The core's own exposed headers and the names of every plugin's 429 headers. */
export function exposedHeadersOf(plugins: readonly VendorPlugin[]): string {
  const names = plugins.flatMap((p) => Object.keys(p.rateLimitHeaders?.({ concurrent: 1, retryAfterMs: 1000 }) ?? {}));
  const unique = new Map([...CORE_EXPOSED_HEADERS, ...names].map((name) => [name.toLowerCase(), name]));
  return [...unique.values()].join(', ');
}

function createVendorApp(vendor: VendorRuntime, runtime: MockRuntime, settings: MockSettings): VendorApp {
  const { plugin, spec, mount } = vendor;
  return {
    vendor: plugin.vendor,
    spec,
    store: runtime.store,
    random: runtime.random,
    settings,
    baseUrl: (params) => `${runtime.origin}${mount.fill({ ...spec.serverVariables, ...params })}`,
    now: () => runtime.clock.now(),
    onClockChange(fn) {
      vendor.closers.push(runtime.clock.onChange(fn));
    },
    handle(operationId, handler) {
      spec.operation(operationId); // throws for an id the spec does not have: a typo fails at start
      vendor.handlers.set(operationId, handler);
    },
    handleRaw(method, path, handler, options = {}) {
      if (options.authorizeAs) spec.operation(options.authorizeAs);
      runtime.rawRoutes.push({ method: method.toUpperCase(), path, handler, options, vendor });
    },
    error(status, problem) {
      // The problem travels with the answer for the request log; it is never sent.
      return { status, body: plugin.errorBody(status, problem), problem };
    },
    onClose(fn) {
      vendor.closers.push(fn);
    },
  };
}

/** A vendor with worlds (tenantOf) names them by a server variable of its base path. */
function tenantVariableOf(vendor: VendorRuntime): string | undefined {
  return vendor.plugin.tenantOf ? /\{([^}]+)\}/.exec(vendor.spec.basePath)?.[1] : undefined;
}

/** How a vendor shows in the admin index and the start-up banner. */
export function describeVendor(vendor: VendorRuntime, tokens: TokenTable | undefined): MountedVendor {
  const tenantVariable = tenantVariableOf(vendor);
  const credentials = Object.values(vendor.spec.securitySchemes)
    .map((s) => (s.type === 'http' ? `Authorization: Bearer <any token>` : `${s.parameterName}: <any token>`))
    .join(' or ');
  return {
    vendor: vendor.plugin.vendor,
    baseUrl: vendor.app.baseUrl(),
    owners: vendor.owners,
    // A tokens table governs only the vendors it names; the others keep accepting any token.
    credentials: tokens?.[vendor.plugin.vendor]
      ? credentials.replaceAll('<any token>', '<a token from --tokens>')
      : `${credentials} (a token starting with "readonly", in any case, may only read)`,
    ...(tenantVariable ? { worlds: `one world per {${tenantVariable}}: each has its own promotions, codes and concurrency limits, seeded alike unless the fixtures file seeds them apart` } : {}),
  };
}

/** A vendor as the page sees it: its description, tenants, and an in-process read of an operation. */
function pageVendorOf(vendor: VendorRuntime, runtime: MockRuntime): PageVendor {
  const tenantVariable = tenantVariableOf(vendor);
  return {
    ...describeVendor(vendor, runtime.tokens),
    spec: vendor.spec,
    baseUrl: (tenant) => vendor.app.baseUrl(tenant && tenantVariable ? { [tenantVariable]: tenant } : {}),
    tenantVariable,
    defaultTenant: tenantVariable ? vendor.spec.serverVariables[tenantVariable] : undefined,
    tokens: runtime.tokens?.[vendor.plugin.vendor],
    view: vendor.plugin.page,
    ownersIn: (tenant) => ownersOf(vendor, tenant),
    call: async (operationId, pathParams, query, tenant) => {
      const operation = vendor.spec.operation(operationId);
      const handler = vendor.handlers.get(operationId);
      const params = { ...vendor.spec.serverVariables, ...(tenant && tenantVariable ? { [tenantVariable]: tenant } : {}), ...pathParams };
      if (!handler) return vendor.app.error(501, { title: 'Not Implemented', detail: `The mock does not implement ${operationId}` });
      const path = `${vendor.mount.fill(params)}${operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''))}`;
      // The page shows a failed read as that read's answer, not as its own failure.
      try {
        return await handler({ operation, method: operation.method.toUpperCase(), path, params, query, headers: {}, body: undefined, token: '', tenant: vendor.plugin.tenantOf?.(params) });
      } catch (error) {
        return failureAnswer(error, vendor.app, failureHooksOf(runtime));
      }
    },
  };
}

/** A tenant's promotions for the page: the plugin's own answer, else the seeded ones. */
async function ownersOf(vendor: VendorRuntime, tenant: string | undefined): Promise<SeededOwner[]> {
  return vendor.plugin.ownersOf ? vendor.plugin.ownersOf(vendor.app, tenant) : vendor.owners;
}

/** How a plugin's failure reaches the runtime: an outage to recover from, a bug to log. */
export function failureHooksOf(runtime: MockRuntime): FailureHooks {
  return { noteOutage: () => runtime.outage.note(), log: runtime.log };
}
