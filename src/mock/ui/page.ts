import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, resolve } from 'node:path';
import { PAGE_PATH } from '../admin-login.js';
import { ANSWERED_ON_CONNECTION, intParam, type AdminRoute, type RouteUse } from '../admin-routes.js';
import { PACKAGE_ROOT, type Spec } from '../../openapi/load.js';
import type { Store } from '../../store/types.js';
import { statusClassOf, summaryOf, type RequestLog } from '../request-log.js';
import type { MockResponse, PageCollection, SeededOwner, VendorPageView } from '../types.js';
import { credentialFor, curlOf, workingTokens, type WorkingToken } from './curl.js';

export interface LatencySetting {
  minMs: number;
  maxMs: number;
}

/** One mounted vendor as the page needs it. */
export interface PageVendor {
  vendor: string;
  spec: Spec;
  /** Base URL with the tenant's server variables (the spec's defaults when none is given). */
  baseUrl(tenant?: string): string;
  /** The server variable of the base path that names a tenant (`store_hash`), if the vendor has tenants. */
  tenantVariable?: string;
  defaultTenant?: string;
  owners: SeededOwner[];
  /** The promotions / price rules of one tenant's world (the seeded ones where there are no tenants). */
  ownersIn(tenant: string | undefined): Promise<SeededOwner[]>;
  /** What the page shows of the vendor (its plugin's `page`). */
  view?: VendorPageView;
  credentials: string;
  /** The `--tokens` table's entries for this vendor, when one governs it. */
  tokens?: Record<string, string[]>;
  /** Answers an operation in-process, as the page's own read: no log entry, no concurrency slot, no latency. */
  call(operationId: string, pathParams: Record<string, string>, query: Record<string, string>, tenant?: string): Promise<MockResponse>;
}

export interface PageContext {
  store: Store;
  log: RequestLog;
  vendors(): PageVendor[];
  latency: { get(): LatencySetting | undefined; set(value: LatencySetting | undefined): void };
}

/** Rows a search reads at most (through the vendor's own paging) before it says it stopped. */
const SEARCH_SCAN_ROWS = 5000;
/** Coalesces bursts of writes (a job writing codes in steps) into one `state` event. */
const STATE_EVENT_DELAY_MS = 100;
const HEARTBEAT_MS = 15_000;
const LOG_PAGE = 100;
/** More than the log keeps; a list is never longer than this whatever it asks. */
const MAX_LOG_LIST = 1000;

const STATIC_DIR = resolve(PACKAGE_ROOT, 'src/mock/ui/static');
const require = createRequire(import.meta.url);
// Each package's own entry files, found as Node finds them (their exports maps differ).
const libraryFile = (specifier: string, file: string) => resolve(dirname(require.resolve(specifier)), file);

/** Files the page loads, all from this origin: no CDN, nothing fetched from elsewhere. */
const ASSETS: Record<string, { file: string; type: string; rewrite?: (text: string) => string; description?: RouteUse[] }> = {
  [PAGE_PATH]: {
    file: resolve(STATIC_DIR, 'index.html'),
    type: 'text/html; charset=utf-8',
    description: [
      { text: "the mock's page: vendors, state, live request log, actions" },
      // Answered before routing (admin-login.ts); listed with the page it opens.
      { query: '?token=T', text: 'with --admin-token: a browser gives the token once; the page then authenticates by a cookie' },
    ],
  },
  [`${PAGE_PATH}/app.js`]: { file: resolve(STATIC_DIR, 'app.js'), type: 'text/javascript; charset=utf-8' },
  [`${PAGE_PATH}/style.css`]: { file: resolve(STATIC_DIR, 'style.css'), type: 'text/css; charset=utf-8' },
  [`${PAGE_PATH}/lib/preact.mjs`]: { file: libraryFile('preact', 'preact.mjs'), type: 'text/javascript; charset=utf-8' },
  // The hooks import 'preact' by its bare name; the page has no import map (its CSP allows no inline script).
  [`${PAGE_PATH}/lib/hooks.mjs`]: {
    file: libraryFile('preact/hooks', 'hooks.mjs'),
    type: 'text/javascript; charset=utf-8',
    rewrite: (text) => text.replaceAll('from"preact"', 'from"./preact.mjs"'),
  },
  [`${PAGE_PATH}/lib/htm.mjs`]: { file: libraryFile('htm', 'htm.mjs'), type: 'text/javascript; charset=utf-8' },
};

const LATENCY = 'read or set the added latency: {"minMs": n, "maxMs": m}';

const PAGE_HEADERS = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; img-src 'self' data:",
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The mock's own page (`/__mock/ui`), its data (`/__mock/ui/api/...`), its event stream
 * (`/__mock/events`) and the latency setting (`/__mock/latency`). Everything is under `/__mock/`,
 * so the admin API's rules (same origin, JSON writes, Host check) hold for it too.
 */
export class MockPage {
  private readonly streams = new Set<ServerResponse>();
  private readonly changedVendors = new Set<string>();
  private stateTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Tells a reconnecting page whether it is talking to the same server (else it reloads everything). */
  private readonly instance = `${process.pid}-${Date.now().toString(36)}`;
  private readonly unsubscribe: () => void;

  constructor(private readonly context: PageContext) {
    this.unsubscribe = context.log.subscribe((entry) => this.broadcast('request', summaryOf(entry)));
  }

  /** A write to the store touched `vendor`'s state (undefined: everything, e.g. a reset). */
  stateChanged(vendor: string | undefined): void {
    if (this.streams.size === 0) return;
    this.changedVendors.add(vendor ?? '*');
    this.stateTimer ??= setTimeout(() => {
      this.stateTimer = undefined;
      const vendors = [...this.changedVendors];
      this.changedVendors.clear();
      this.broadcast('state', { vendors });
    }, STATE_EVENT_DELAY_MS);
    this.stateTimer.unref();
  }

  /** Tells open pages that the request log was emptied (a reset). */
  logCleared(): void {
    this.broadcast('log-cleared', {});
  }

  close(): void {
    this.unsubscribe();
    clearTimeout(this.stateTimer);
    clearInterval(this.heartbeat);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  /** The page's endpoints under `/__mock/`, routed with the admin API's own (admin-routes.ts). */
  readonly routes: AdminRoute[] = [
    ...Object.entries(ASSETS).map(([path, asset]): AdminRoute => ({
      method: 'GET',
      path,
      description: asset.description,
      answer: async () => {
        const text = await readFile(asset.file, 'utf8');
        return { status: 200, headers: PAGE_HEADERS, contentType: asset.type, body: asset.rewrite ? asset.rewrite(text) : text };
      },
    })),
    {
      method: 'GET',
      path: '/__mock/events',
      description: "server-sent events: request (each logged request), state (a vendor's state changed), log-cleared",
      answer: ({ connection }) => {
        if (!connection) return { status: 400, body: { error: 'The event stream needs an HTTP connection' } };
        this.openStream(connection.req, connection.res);
        return ANSWERED_ON_CONNECTION;
      },
    },
    { method: 'GET', path: '/__mock/latency', description: LATENCY, answer: () => this.json(200, this.latency()) },
    { method: 'POST', path: '/__mock/latency', description: LATENCY, answer: ({ body }) => this.setLatency(body) },
    { method: 'GET', path: '/__mock/ui/api/vendors', answer: () => this.json(200, { vendors: this.context.vendors().map((v) => this.vendorCard(v)) }) },
    {
      method: 'GET',
      path: '/__mock/ui/api/requests',
      answer: ({ query }) => {
        const before = Number(query.get('before'));
        return this.json(200, {
          requests: this.context.log.list({
            vendor: query.get('vendor') || undefined,
            statusClass: query.get('status') || undefined,
            operationId: query.get('operation') || undefined,
            beforeId: Number.isSafeInteger(before) && before > 0 ? before : undefined,
            limit: intParam(query, 'limit', { fallback: LOG_PAGE, min: 1, max: MAX_LOG_LIST }),
          }),
          operations: this.context.log.operations(),
        });
      },
    },
    {
      method: 'GET',
      path: /^\/__mock\/ui\/api\/requests\/(\d+)$/,
      answer: ({ match }) => {
        const entry = this.context.log.get(Number(match[1]));
        return entry
          ? this.json(200, { ...entry, statusClass: statusClassOf(entry.status) })
          : this.json(404, { error: `No request ${match[1]} in the log (it keeps the last ones only)` });
      },
    },
    {
      method: 'GET',
      path: '/__mock/ui/api/state',
      answer: async ({ query }) => {
        const vendor = this.vendorNamed(query);
        return vendor ? this.json(200, await this.vendorState(vendor, query.get('tenant') || vendor.defaultTenant)) : this.noVendor(query);
      },
    },
    {
      method: 'GET',
      path: '/__mock/ui/api/codes',
      answer: async ({ query }) => {
        const vendor = this.vendorNamed(query);
        if (!vendor) return this.noVendor(query);
        const owner = query.get('owner') ?? '';
        const offset = intParam(query, 'offset', { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
        const limit = intParam(query, 'limit', { fallback: 20, min: 1, max: 100 });
        return noStore(await this.codes(vendor, query.get('tenant') || vendor.defaultTenant, owner, (query.get('q') ?? '').trim(), offset, limit));
      },
    },
  ];

  private json(status: number, body: unknown): MockResponse {
    return noStore({ status, body });
  }

  private vendorNamed(query: URLSearchParams): PageVendor | undefined {
    return this.context.vendors().find((v) => v.vendor === query.get('vendor'));
  }

  private noVendor(query: URLSearchParams): MockResponse {
    return this.json(404, { error: `No vendor '${query.get('vendor') ?? ''}' is mounted` });
  }

  private latency(): LatencySetting {
    return this.context.latency.get() ?? { minMs: 0, maxMs: 0 };
  }

  private setLatency(body: unknown): MockResponse {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const { minMs, maxMs } = input;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
    if (!ok(minMs) || !ok(maxMs) || minMs > maxMs) {
      return { status: 400, body: { error: 'Send {"minMs": n, "maxMs": m} with whole milliseconds, 0 <= n <= m' } };
    }
    this.context.latency.set(maxMs === 0 ? undefined : { minMs, maxMs });
    return { status: 200, body: this.latency() };
  }

  private vendorCard(vendor: PageVendor) {
    const tokens: WorkingToken[] = workingTokens(vendor.spec, vendor.tokens);
    const writeToken = tokens.find((t) => t.writes)?.token ?? tokens[0]?.token ?? 'mock-token';
    const view = vendor.view;
    return {
      vendor: vendor.vendor,
      title: typeof vendor.spec.document.info.title === 'string' ? vendor.spec.document.info.title : vendor.vendor,
      baseUrl: vendor.baseUrl(),
      credentials: vendor.credentials,
      tokens,
      tenantVariable: vendor.tenantVariable,
      defaultTenant: vendor.defaultTenant,
      owners: vendor.owners,
      hasJobs: Boolean(view?.jobs),
      newOwner: view?.newOwner,
      operations: vendor.spec.operations.map((operation) => ({
        operationId: operation.id,
        method: operation.method.toUpperCase(),
        path: operation.path,
        summary: typeof operation.node.summary === 'string' ? operation.node.summary : '',
        curl: curlOf(vendor.spec, operation, { baseUrl: vendor.baseUrl(), ownerId: vendor.owners[0]?.id, token: writeToken }),
      })),
    };
  }

  private async vendorState(vendor: PageVendor, tenant: string | undefined) {
    const view = vendor.view;
    const tenants = vendor.tenantVariable ? this.tenantsSeen(vendor) : [];
    const owners = [];
    for (const owner of await vendor.ownersIn(tenant)) {
      const codes = view ? await this.count(vendor, view.codes, owner.id, tenant) : undefined;
      const jobs = view?.jobs ? await this.jobs(vendor, owner.id, tenant) : undefined;
      owners.push({ ...owner, codes, jobs });
    }
    return { vendor: vendor.vendor, tenant, tenants, owners };
  }

  private tenantsSeen(vendor: PageVendor): string[] {
    const seen = new Set<string>(vendor.defaultTenant ? [vendor.defaultTenant] : []);
    for (const entry of this.context.log.list({ vendor: vendor.vendor, limit: Number.MAX_SAFE_INTEGER })) {
      if (entry.tenant) seen.add(entry.tenant);
    }
    return [...seen];
  }

  private async codes(vendor: PageVendor, tenant: string | undefined, owner: string, search: string, offset: number, limit: number): Promise<MockResponse> {
    const view = vendor.view?.codes;
    if (!view) return { status: 404, body: { error: `The page has no code view for ${vendor.vendor}` } };
    const columns = view.columns.map(([label]) => label);
    if (!search) {
      const page = await this.rows(vendor, view, owner, tenant, offset, limit);
      if ('error' in page) return { status: 502, body: page };
      const total = page.total ?? (await this.count(vendor, view, owner, tenant)).count;
      return { status: 200, body: { columns, rows: page.rows.map((r) => cells(view, r)), offset, limit, total } };
    }
    const needle = search.toLowerCase();
    const matched: unknown[] = [];
    const scan = await this.scan(vendor, view, owner, tenant, (row) => {
      if (String(valueAt(row, view.columns[0]?.[1] ?? 'code') ?? '').toLowerCase().includes(needle)) matched.push(row);
    });
    if ('error' in scan) return { status: 502, body: scan };
    return {
      status: 200,
      body: {
        columns,
        rows: matched.slice(offset, offset + limit).map((r) => cells(view, r)),
        offset,
        limit,
        total: matched.length,
        searchedRows: scan.scanned,
        searchStopped: scan.stopped,
      },
    };
  }

  private async count(vendor: PageVendor, view: PageCollection, owner: string, tenant: string | undefined): Promise<{ count: number; atLeast?: boolean }> {
    const first = await this.rows(vendor, view, owner, tenant, 0, 1);
    if (!('error' in first) && first.total !== undefined) return { count: first.total };
    const scan = await this.scan(vendor, view, owner, tenant, () => undefined);
    return 'error' in scan ? { count: 0 } : { count: scan.scanned, atLeast: scan.stopped };
  }

  /** Reads every row through the vendor's paging, up to SEARCH_SCAN_ROWS. */
  private async scan(
    vendor: PageVendor,
    view: PageCollection,
    owner: string,
    tenant: string | undefined,
    visit: (row: unknown) => void,
  ): Promise<{ scanned: number; stopped: boolean } | { error: string }> {
    const size = maxPageSize(vendor.spec, view);
    let scanned = 0;
    for (;;) {
      const page = await this.rows(vendor, view, owner, tenant, scanned, size);
      if ('error' in page) return page;
      page.rows.forEach(visit);
      scanned += page.rows.length;
      if (page.rows.length < size) return { scanned, stopped: false };
      if (scanned >= SEARCH_SCAN_ROWS) return { scanned, stopped: true };
    }
  }

  private async rows(
    vendor: PageVendor,
    view: PageCollection,
    owner: string,
    tenant: string | undefined,
    offset: number,
    limit: number,
  ): Promise<{ rows: unknown[]; total?: number } | { error: string }> {
    const operation = vendor.spec.operation(view.operationId);
    const ownerParameter = operation.parameters.find((p) => p.in === 'path')?.name ?? 'id';
    // Page-numbered APIs can only start a page at a multiple of its size: read from there and trim.
    const query: Record<string, string> =
      view.paging === 'offset-limit'
        ? { 'page[offset]': String(offset), 'page[limit]': String(limit) }
        : { page: String(Math.floor(offset / limit) + 1), limit: String(limit) };
    const answer = await vendor.call(view.operationId, { [ownerParameter]: owner }, query, tenant);
    if (answer.status !== 200) return { error: `${view.operationId} answered ${answer.status}: ${JSON.stringify(answer.body)}` };
    const rows = valueAt(answer.body, view.rows);
    const total = view.total ? valueAt(answer.body, view.total) : undefined;
    return { rows: Array.isArray(rows) ? rows : [], total: typeof total === 'number' ? total : undefined };
  }

  private async jobs(vendor: PageVendor, owner: string, tenant: string | undefined) {
    const view = vendor.view?.jobs;
    if (!view) return undefined;
    const page = await this.rows(vendor, view, owner, tenant, 0, maxPageSize(vendor.spec, view));
    if ('error' in page) return { columns: [], rows: [], error: page.error };
    const fileOperation = vendor.spec.operation(view.file.operationId);
    const ownerParameter = fileOperation.parameters.find((p) => p.in === 'path')?.name ?? 'id';
    const rows = [];
    for (const job of page.rows) {
      const id = String(valueAt(job, 'id') ?? '');
      const file = await vendor.call(view.file.operationId, { [ownerParameter]: owner, [view.file.jobParameter]: id }, {}, tenant);
      const href = file.status === 200 ? valueAt(file.body, 'href') : undefined;
      rows.push({ id, cells: cells(view, job).cells, status: String(valueAt(job, 'status') ?? ''), file: typeof href === 'string' ? href : undefined });
    }
    // Export files are the vendor's: the page fetches them with a read-only token, as an app would.
    const tokens = workingTokens(vendor.spec, vendor.tokens);
    const readToken = (tokens.find((t) => !t.writes) ?? tokens[0])?.token;
    const fileCredential = readToken === undefined ? undefined : credentialFor(vendor.spec, fileOperation, readToken);
    return { columns: view.columns.map(([label]) => label), rows, fileCredential };
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    // The browser's EventSource reconnects after this many ms when the mock restarts.
    res.write(`retry: 1000\n\n`);
    res.write(frame('hello', { instance: this.instance }));
    this.streams.add(res);
    this.heartbeat ??= setInterval(() => {
      for (const stream of this.streams) stream.write(': keep-alive\n\n');
    }, HEARTBEAT_MS).unref();
    req.on('close', () => {
      this.streams.delete(res);
      if (this.streams.size === 0) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    });
  }

  private broadcast(event: string, data: unknown): void {
    if (this.streams.size === 0) return;
    const text = frame(event, data);
    for (const stream of this.streams) stream.write(text);
  }
}

/** The page's data is never cached: it changes with every request the mock serves. */
function noStore(answer: MockResponse): MockResponse {
  return { ...answer, headers: { ...answer.headers, 'Cache-Control': 'no-store' } };
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function cells(view: PageCollection, row: unknown): { cells: unknown[] } {
  return { cells: view.columns.map(([, path]) => valueAt(row, path) ?? null) };
}

/** The largest page the operation's limit parameter allows (its schema's maximum). */
function maxPageSize(spec: Spec, view: PageCollection): number {
  const operation = spec.operation(view.operationId);
  const name = view.paging === 'offset-limit' ? 'page[limit]' : 'limit';
  const maximum = operation.parameters.find((p) => p.in === 'query' && p.name === name)?.schema.maximum;
  return typeof maximum === 'number' && maximum > 0 ? maximum : LOG_PAGE;
}

function valueAt(value: unknown, dotted: string): unknown {
  let node = value;
  for (const key of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
