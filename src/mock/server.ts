import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { loadSpec, type OperationInfo, type Spec, type VendorName } from '../spec/load.js';
import { createMemoryStore } from '../store/memory.js';
import type { Store } from '../store/types.js';
import { redactHeaders } from '../redact.js';
import { authorize, type TokenTable } from './auth.js';
import { handleAdmin } from './admin.js';
import { RequestLog } from './request-log.js';
import { recordedViolations } from './rule-pointer.js';
import { observeWrites } from './observed-store.js';
import { MockPage, type PageVendor } from './ui/page.js';
import { parsePreference, PrismGate, type Violation } from './prism-gate.js';
import { createRandom, type RandomSource } from './random.js';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SETTINGS } from './defaults.js';
import { mountOf, type Mount } from './mount.js';
import type { Handler, MockResponse, MockSettings, Problem, SeededOwner, VendorApp, VendorPlugin } from './types.js';

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

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
  settings?: Partial<MockSettings>;
  maxBodyBytes?: number;
  /** Where request lines go; default none. */
  log?: (line: string) => void;
}

export interface MountedVendor {
  vendor: VendorName;
  baseUrl: string;
  owners: SeededOwner[];
  /** How to authenticate, for the start-up banner. */
  credentials: string;
}

export interface MockServer {
  url: string;
  port: number;
  host: string;
  store: Store;
  vendors: MountedVendor[];
  reset(): Promise<void>;
  close(): Promise<void>;
}

export { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SETTINGS };
const ONE_MEGABYTE = 1024 * 1024;
const EXPOSED_HEADERS = [
  'Allow',
  'Retry-After',
  'X-Rate-Limit-Time-Reset-Ms',
  'X-Rate-Limit-Time-Window-Ms',
  'X-Rate-Limit-Requests-Quota',
  'X-Rate-Limit-Requests-Left',
].join(', ');

interface VendorRuntime {
  plugin: VendorPlugin;
  spec: Spec;
  gate: PrismGate;
  mount: Mount;
  app: VendorApp;
  handlers: Map<string, Handler>;
  owners: SeededOwner[];
  closers: Array<() => void | Promise<void>>;
}

interface RawRoute {
  method: string;
  path: RegExp;
  handler: (match: RegExpMatchArray) => Promise<MockResponse>;
  runtime: VendorRuntime;
}

/** Thrown by a store whose backend went away; answered with 503 in the vendor's shape. */
function isUnavailable(error: unknown): boolean {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  // Every write is announced to the page's event stream (a job moving on, codes added, a reset).
  const store = observeWrites(options.store ?? createMemoryStore(), (vendor) => page.stateChanged(vendor));
  const random = createRandom(options.seed);
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const maxBodyBytes = options.maxBodyBytes ?? ONE_MEGABYTE;
  const requestLog = new RequestLog(200);
  let latency = options.latency;
  const rawRoutes: RawRoute[] = [];
  let origin = '';

  const runtimes: VendorRuntime[] = [];
  const page = new MockPage({
    store,
    log: requestLog,
    vendors: () => runtimes.map(pageVendorOf),
    latency: {
      get: () => latency,
      set: (value) => {
        latency = value;
      },
    },
  });
  for (const plugin of options.plugins) {
    const spec = loadSpec(plugin.vendor);
    const mount = mountOf(spec);
    const runtime = {
      plugin,
      spec,
      gate: await PrismGate.create(spec),
      mount,
      handlers: new Map<string, Handler>(),
      owners: [],
      closers: [],
    } as unknown as VendorRuntime;
    runtime.app = createVendorApp(runtime, { store, random, settings, origin: () => origin, rawRoutes });
    plugin.register(runtime.app);
    runtimes.push(runtime);
  }
  // Routing tries the longest base path first, so a vendor mounted at '' never shadows the others;
  // everything shown to people keeps the order the vendors were given in.
  const byClaim = [...runtimes].sort((a, b) => b.mount.claim.source.length - a.mount.claim.source.length);

  const seedAll = async () => {
    for (const runtime of runtimes) {
      runtime.owners = await runtime.plugin.seed(runtime.app, options.fixtures?.[runtime.plugin.vendor]);
    }
  };
  await seedAll();

  // A store that went away may come back empty (a Redis restarted without persistence). Seeding is
  // idempotent, so once the store answers again the promotions are seeded anew, before the next
  // request is served, instead of every request 404ing until someone resets the mock.
  let storeWasLost = false;
  let reseeding: Promise<void> | undefined;
  const noteUnavailable = () => {
    storeWasLost = true;
  };
  const reseedAfterOutage = async (): Promise<void> => {
    if (!storeWasLost) return;
    reseeding ??= seedAll()
      .then(() => {
        storeWasLost = false;
      })
      .finally(() => {
        reseeding = undefined;
      });
    await reseeding;
  };

  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      // The store went away under a request outside the vendor handlers (the admin API): not a bug.
      if (isUnavailable(error)) {
        noteUnavailable();
        if (!res.headersSent) send(res, { status: 503, body: { status: 503, title: 'Service Unavailable', detail: STORE_UNAVAILABLE } });
        else res.destroy();
        return;
      }
      // Last line of defence: the process never dies of a request.
      options.log?.(`mock: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, { status: 500, body: { status: 500, title: 'Internal Server Error' } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://mock.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = flattenHeaders(req);
    applyCors(res, headers);

    if (method === 'OPTIONS' && headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', headers['access-control-request-headers'] ?? '*');
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return;
    }

    if (url.pathname === '/__mock' || url.pathname.startsWith('/__mock/')) {
      const body = await readBody(req, maxBodyBytes);
      const parsed = body.kind === 'ok' && body.text ? safeJson(body.text) : undefined;
      if (await page.handle(method, url, parsed, req, res)) return;
      const answer = await handleAdmin(
        { method, path: url.pathname, query: url.searchParams, body: parsed },
        {
          store,
          log: requestLog,
          vendors: () => runtimes.map(describe),
          reset: async () => {
            await store.reset();
            await seedAll();
            page.logCleared();
          },
          addOwner: async (vendor, input) => {
            const runtime = runtimes.find((r) => r.plugin.vendor === vendor);
            if (!runtime) return undefined;
            const owner = await runtime.plugin.addOwner(runtime.app, input);
            runtime.owners.push(owner);
            return owner;
          },
        },
      );
      send(res, answer);
      return;
    }

    const raw = rawRoutes.find((r) => r.method === method && r.path.test(url.pathname));
    if (raw) {
      const match = url.pathname.match(raw.path) as RegExpMatchArray;
      const response = await guarded(raw.runtime, () => raw.handler(match));
      await delay(latency);
      send(res, response);
      return;
    }

    const runtime = byClaim.find((r) => r.mount.claim.test(url.pathname));
    if (!runtime) {
      await readBody(req, maxBodyBytes);
      send(res, {
        status: 404,
        body: { status: 404, title: 'Not Found', detail: `No vendor API is mounted at ${url.pathname}; see GET /__mock/` },
      });
      return;
    }

    const outcome = await serveVendor(runtime, req, method, url, headers);
    if (!outcome.delayed) await delay(latency);
    send(res, outcome.response);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    requestLog.add({
      at: new Date().toISOString(),
      vendor: runtime.plugin.vendor,
      tenant: tenantOfPath(runtime, url.pathname),
      method,
      path: url.pathname,
      query: url.search,
      operationId: outcome.operationId,
      status: outcome.response.status,
      durationMs,
      requestHeaders: redactHeaders(headers),
      requestBody: outcome.body,
      responseBody: outcome.response.body,
      violations: recordedViolations(
        runtime.spec,
        outcome.operationId ? runtime.spec.operation(outcome.operationId) : undefined,
        outcome.response,
        relevantViolations(outcome.violations),
      ),
    });
    options.log?.(`${method} ${url.pathname}${url.search} ${outcome.response.status} ${durationMs}ms`);
  }

  interface Outcome {
    response: MockResponse;
    /** The latency was already spent (inside the concurrency slot, as a slow server would). */
    delayed?: boolean;
    operationId?: string;
    violations: Violation[];
    body?: unknown;
  }

  async function serveVendor(
    runtime: VendorRuntime,
    req: IncomingMessage,
    method: string,
    url: URL,
    headers: Record<string, string>,
  ): Promise<Outcome> {
    const { app, mount, gate, spec } = runtime;
    const reject = (status: number, problem: Problem): Outcome => ({ response: app.error(status, problem), violations: [] });

    const read = await readBody(req, maxBodyBytes);
    if (read.kind === 'too-large') {
      return reject(413, { title: 'Payload Too Large', detail: `The request body is larger than ${maxBodyBytes} bytes` });
    }
    if (!decodes(url.pathname)) {
      return reject(400, { title: 'Bad Request', detail: `The path ${url.pathname} has malformed percent-encoding`, location: 'path' });
    }
    const mounted = mount.match(url.pathname);
    const relativePath = mounted?.rest ?? url.pathname;
    const query = queryOf(url.searchParams);

    let body: unknown = undefined;
    const contentType = headers['content-type'] ?? '';
    if (read.text.length > 0) {
      if (isJsonType(contentType)) {
        try {
          body = JSON.parse(read.text);
        } catch (parseError) {
          return reject(400, {
            title: 'Bad Request',
            detail: `The request body is not valid JSON: ${(parseError as Error).message}`,
            rule: 'json',
            location: 'body',
          });
        }
      } else {
        body = read.text;
      }
    }

    const gateRequest = { method, path: relativePath, query, headers, body };
    const routed = await gate.inspect(gateRequest);
    if (routed.kind === 'no-route') {
      return reject(404, { title: 'Not Found', detail: `No operation at ${method} ${url.pathname}` });
    }
    if (routed.kind === 'method-not-allowed') {
      const allowed = mount.allowedMethods(relativePath);
      const response = app.error(405, {
        title: 'Method Not Allowed',
        detail: `${method} is not allowed on ${url.pathname}; allowed: ${allowed.join(', ')}`,
      });
      response.headers = { ...response.headers, Allow: allowed.join(', ') };
      return { response, violations: [] };
    }
    if (routed.kind === 'prism-error') {
      return reject(routed.status, { title: routed.title, detail: routed.detail });
    }

    const operation = spec.operation(routed.operationId);
    const error = (status: number, problem: Problem): MockResponse => app.error(status, { ...problem, operationId: operation.id });
    const outcome = (response: MockResponse, violations: Violation[] = []): Outcome => ({
      response,
      operationId: operation.id,
      violations,
      body,
    });

    if (!accepts(headers.accept, operation)) {
      return outcome(
        error(406, { title: 'Not Acceptable', detail: `This operation answers application/json, not ${headers.accept}`, location: 'header' }),
      );
    }

    const auth = authorize(spec, operation, headers, options.tokens?.[runtime.plugin.vendor]);
    if (!auth.ok) {
      return outcome(error(auth.status, { title: auth.status === 401 ? 'Unauthorized' : 'Forbidden', detail: auth.detail }));
    }

    const unsupported = routed.violations.find((v) => v.rule === '415');
    if (unsupported) {
      return outcome(
        error(415, { title: 'Unsupported Media Type', detail: unsupported.message, location: 'header', field: 'content-type' }),
        routed.violations,
      );
    }
    if (routed.violations.length > 0) {
      return outcome(error(operation.validationStatus, problemOf(routed.violations)), routed.violations);
    }

    const preference = parsePreference(headers.prefer);
    if (preference) {
      const mocked = await gate.mock(gateRequest, preference);
      if ('kind' in mocked) {
        const status = mocked.kind === 'prism-error' ? mocked.status : 404;
        const detail = mocked.kind === 'prism-error' ? mocked.detail : 'No such operation';
        return outcome(error(status, { title: STATUS_CODES[status] ?? 'Error', detail: `Prefer: ${detail}` }));
      }
      return outcome({ status: mocked.statusCode, headers: mocked.headers, body: mocked.body });
    }

    try {
      await reseedAfterOutage();
    } catch (reseedError) {
      if (isUnavailable(reseedError)) return outcome(unavailable(app));
      throw reseedError;
    }

    const handler = runtime.handlers.get(operation.id);
    if (!handler) {
      return outcome(error(501, { title: 'Not Implemented', detail: `The mock does not implement ${operation.id} yet` }));
    }

    const params = { ...spec.serverVariables, ...mounted?.variables, ...pathParamsOf(operation, relativePath) };
    const limit = operation.concurrencyLimit;
    const counter = `${runtime.plugin.vendor}:${operation.id}:${params.store_hash ?? ''}`;
    if (limit !== undefined) {
      const admitted = await guardedValue(() => store.acquire(counter, limit));
      if (admitted === 'unavailable') {
        noteUnavailable();
        return outcome(unavailable(app));
      }
      if (!admitted) {
        const response = error(429, {
          title: 'Too Many Requests',
          detail: `More than ${limit} concurrent requests to ${operation.id}; retry shortly`,
        });
        response.headers = { ...response.headers, ...runtime.plugin.rateLimitHeaders?.({ concurrent: limit, retryAfterMs: 1000 }) };
        return outcome(response);
      }
    }
    try {
      // Latency is spent while the request holds its slot, so a slow mock also shows its limits.
      await delay(latency);
      const response = await guarded(runtime, () =>
        handler({ operation, method, path: url.pathname, params, query, headers, body, token: auth.token }),
      );
      return { ...outcome(response), delayed: true };
    } finally {
      if (limit !== undefined) await store.releaseAcquired(counter).catch(() => undefined);
    }
  }

  async function guarded(runtime: VendorRuntime, run: () => Promise<MockResponse>): Promise<MockResponse> {
    try {
      return await run();
    } catch (error) {
      if (isUnavailable(error)) {
        noteUnavailable();
        return unavailable(runtime.app);
      }
      options.log?.(`mock: handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return runtime.app.error(500, { title: 'Internal Server Error', detail: 'The mock failed to handle this request (a bug in the mock)' });
    }
  }

  function describe(runtime: VendorRuntime): MountedVendor {
    const schemes = Object.values(runtime.spec.securitySchemes);
    const credentials = schemes
      .map((s) =>
        s.type === 'http'
          ? `Authorization: Bearer <any token>`
          : `${s.parameterName}: <any token>`,
      )
      .join(' or ');
    return {
      vendor: runtime.plugin.vendor,
      baseUrl: runtime.app.baseUrl(),
      owners: runtime.owners,
      // A tokens table governs only the vendors it names; the others keep accepting any token.
      credentials: options.tokens?.[runtime.plugin.vendor]
        ? credentials.replaceAll('<any token>', '<a token from --tokens>')
        : `${credentials} (a token starting with "readonly" may only read)`,
    };
  }

  function pageVendorOf(runtime: VendorRuntime): PageVendor {
    // A vendor with worlds (tenantOf) names them by a server variable of its base path.
    const tenantVariable = runtime.plugin.tenantOf ? /\{([^}]+)\}/.exec(runtime.spec.basePath)?.[1] : undefined;
    return {
      ...describe(runtime),
      spec: runtime.spec,
      baseUrl: (tenant) => runtime.app.baseUrl(tenant && tenantVariable ? { [tenantVariable]: tenant } : {}),
      tenantVariable,
      defaultTenant: tenantVariable ? runtime.spec.serverVariables[tenantVariable] : undefined,
      tokens: options.tokens?.[runtime.plugin.vendor],
      call: async (operationId, pathParams, query, tenant) => {
        const operation = runtime.spec.operation(operationId);
        const handler = runtime.handlers.get(operationId);
        const params = { ...runtime.spec.serverVariables, ...(tenant && tenantVariable ? { [tenantVariable]: tenant } : {}), ...pathParams };
        if (!handler) return runtime.app.error(501, { title: 'Not Implemented', detail: `The mock does not implement ${operationId}` });
        const path = `${runtime.mount.fill(params)}${operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''))}`;
        return guarded(runtime, () =>
          handler({ operation, method: operation.method.toUpperCase(), path, params, query, headers: {}, body: undefined, token: '' }),
        );
      },
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    url: origin,
    port: address.port,
    host: address.address,
    store,
    get vendors() {
      return runtimes.map(describe);
    },
    reset: async () => {
      await store.reset();
      await seedAll();
    },
    close: async () => {
      page.close();
      for (const runtime of runtimes) for (const close of runtime.closers) await close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/** The world a request reached (a BigCommerce store hash), as the plugin names it from the base path's variables. */
function tenantOfPath(runtime: VendorRuntime, path: string): string | undefined {
  return runtime.plugin.tenantOf?.({ ...runtime.spec.serverVariables, ...runtime.mount.match(path)?.variables });
}

function createVendorApp(
  runtime: VendorRuntime,
  shared: { store: Store; random: RandomSource; settings: MockSettings; origin: () => string; rawRoutes: RawRoute[] },
): VendorApp {
  const { plugin, spec, mount } = runtime;
  return {
    vendor: plugin.vendor,
    spec,
    store: shared.store,
    random: shared.random,
    settings: shared.settings,
    baseUrl: (params) => `${shared.origin()}${mount.fill({ ...spec.serverVariables, ...params })}`,
    now: () => new Date(),
    handle(operationId, handler) {
      spec.operation(operationId); // throws for an id the spec does not have: a typo fails at start
      runtime.handlers.set(operationId, handler);
    },
    handleRaw(method, path, handler) {
      shared.rawRoutes.push({ method: method.toUpperCase(), path, handler, runtime });
    },
    error(status, problem) {
      return { status, body: plugin.errorBody(status, problem), problem };
    },
    onClose(fn) {
      runtime.closers.push(fn);
    },
  };
}

const STORE_UNAVAILABLE = 'The mock state store is unreachable; retry shortly';

function unavailable(app: VendorApp): MockResponse {
  return app.error(503, { title: 'Service Unavailable', detail: STORE_UNAVAILABLE });
}

async function guardedValue<T>(run: () => Promise<T>): Promise<T | 'unavailable'> {
  try {
    return await run();
  } catch (error) {
    if (isUnavailable(error)) return 'unavailable';
    throw error;
  }
}

/** Schema keywords that, beside a failed oneOf/anyOf, mark a branch the request was never meant for. */
const OTHER_BRANCH = new Set(['oneOf', 'anyOf', 'const', 'additionalProperties']);

/**
 * Prism reports the failures of every branch of a oneOf. The branches the request was not meant
 * for fail on their discriminating `const` or on fields they do not have; what is left is what
 * the client got wrong. When nothing is left, every branch is reported.
 */
export function relevantViolations(violations: Violation[]): Violation[] {
  if (!violations.some((v) => v.rule === 'oneOf' || v.rule === 'anyOf')) return violations;
  const left = violations.filter((v) => !OTHER_BRANCH.has(v.rule));
  return left.length > 0 ? left : violations;
}

function problemOf(all: Violation[]): Problem {
  const violations = relevantViolations(all);
  const first = violations[0] as Violation;
  return {
    title: first.location === 'body' || first.location === '' ? 'Invalid request body' : `Invalid ${first.location} parameter`,
    detail: violations.map((v) => v.message).join('; '),
    field: first.field || undefined,
    rule: first.rule,
    location: first.location || undefined,
  };
}

function pathParamsOf(operation: OperationInfo, path: string): Record<string, string> {
  const names: string[] = [];
  const pattern = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}/?$`).exec(path);
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = match?.[i + 1];
    if (value !== undefined) params[name] = safeDecode(value);
  });
  return params;
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function isJsonType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

const offeredTypes = new WeakMap<OperationInfo, Set<string>>();

function accepts(accept: string | undefined, operation: OperationInfo): boolean {
  if (!accept) return true;
  let offered = offeredTypes.get(operation);
  if (!offered) {
    offered = new Set(Object.values(operation.responses).flatMap((r) => r.contentTypes));
    offeredTypes.set(operation, offered);
  }
  if (offered.size === 0) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type === '*/*' || type === '') return true;
    const [major] = type.split('/');
    return [...(offered as Set<string>)].some((o) => o === type || (type === `${major}/*` && o.startsWith(`${major}/`)));
  });
}

type BodyRead = { kind: 'ok'; text: string } | { kind: 'too-large' };

async function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = declared > limit;
  // Keep reading past the limit (discarding) so the client is not cut off mid-send before the 413.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk as Buffer);
  }
  return tooLarge ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function applyCors(res: ServerResponse, headers: Record<string, string>): void {
  res.setHeader('Access-Control-Allow-Origin', headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

function send(res: ServerResponse, response: MockResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined && response.status !== 204) {
    if (typeof response.body === 'string' && response.contentType) {
      payload = response.body;
      headers['Content-Type'] = response.contentType;
    } else {
      payload = JSON.stringify(response.body);
      headers['Content-Type'] = response.contentType ?? 'application/json';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type' && name !== 'Content-Type') delete headers[name];
  res.writeHead(response.status, headers);
  res.end(payload);
}

async function delay(latency: LatencyRange | undefined): Promise<void> {
  if (!latency || latency.maxMs <= 0) return;
  // Math.random, not the seeded source: latency must not shift the codes a `--seed` run generates.
  const ms = latency.minMs + Math.floor(Math.random() * (latency.maxMs - latency.minMs + 1));
  await new Promise((resolve) => setTimeout(resolve, ms));
}
