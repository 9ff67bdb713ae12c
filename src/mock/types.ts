import type { OperationInfo, Spec, VendorName } from '../openapi/load.js';
import type { Store } from '../store/types.js';
import type { RandomSource } from './random.js';

/** What went wrong, vendor-neutral; each vendor renders it in its own error shape. */
export interface Problem {
  /** Short title, e.g. `Unprocessable Entity`, or the vendor's own (`Too many jobs`). */
  title: string;
  /** One sentence that names the field and the rule broken where there is one. */
  detail: string;
  /** The field concerned, dotted (`data.parameters.code_length`) or a parameter name. */
  field?: string;
  /** The rule broken: a JSON Schema keyword (`maximum`) or a vendor rule (`duplicate`). */
  rule?: string;
  /** Where in the request the field is: `body`, `query`, `path`, `header`. */
  location?: string;
  /** The operation answered, once routing knows it (error shapes may differ per operation). */
  operationId?: string;
}

export interface MockRequest {
  operation: OperationInfo;
  method: string;
  /** The full request path, as received. */
  path: string;
  /** Path parameters and server variables (e.g. `store_hash`), decoded. */
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** The credential presented (already checked). */
  token: string;
  /** Whose world the request is in, as the plugin's `tenantOf` named it (e.g. a store hash). */
  tenant: string | undefined;
}

export interface MockResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless `contentType` says otherwise and it is a string. */
  body?: unknown;
  contentType?: string;
  /** The problem an error answer was made from (`VendorApp.error`): recorded in the request log, never sent. */
  problem?: Problem;
  /** A body too large to hold at once, written chunk by chunk as the client reads (instead of `body`). */
  stream?: AsyncIterable<string>;
}

export type Handler = (request: MockRequest) => Promise<MockResponse>;

/** A promotion or price rule the mock serves codes for. */
export interface SeededOwner {
  id: string;
  kind: string;
  name?: string;
}

/**
 * Settings the core passes through to every plugin untouched; each plugin reads its own names
 * (Elastic Path: `jobDurationMs`) and keeps its own defaults.
 */
export type MockSettings = Readonly<Record<string, unknown>>;

/** A route outside the spec that the mock serves for a plugin (e.g. export files). */
export interface RawRouteOptions {
  /** The request needs the credentials this operation of the spec needs (its security and scopes). */
  authorizeAs?: string;
}

/** A mounted vendor as the admin API and the start-up banner show it. */
export interface MountedVendor {
  vendor: VendorName;
  baseUrl: string;
  owners: SeededOwner[];
  /** How to authenticate, for the start-up banner. */
  credentials: string;
  /** For a vendor whose plugin names tenants: what makes a separate world (e.g. each store hash). */
  worlds?: string;
}

/** What the core gives a vendor plugin: its spec, state and helpers. Fastify-style registration. */
export interface VendorApp {
  readonly vendor: VendorName;
  readonly spec: Spec;
  readonly store: Store;
  readonly random: RandomSource;
  readonly settings: MockSettings;
  /** The mock's own base URL for this vendor (e.g. for export file hrefs). */
  baseUrl(params?: Record<string, string>): string;
  /** The mock's clock: the wall clock, moved forward by `POST /__mock/clock`. */
  now(): Date;
  /** Called after the clock moved forward (awaited before `POST /__mock/clock` answers), until the server closes. */
  onClockChange(fn: (now: Date) => void | Promise<void>): void;
  handle(operationId: string, handler: Handler): void;
  /** Extra routes outside the spec that the mock itself serves (e.g. export files), relative to the origin. */
  handleRaw(method: string, path: RegExp, handler: (match: RegExpMatchArray) => Promise<MockResponse>, options?: RawRouteOptions): void;
  /** A response in the vendor's error shape. */
  error(status: number, problem: Problem): MockResponse;
  /** Called when the server closes (timers). */
  onClose(fn: () => void | Promise<void>): void;
}

/**
 * How the mock's page reads one collection of a vendor's state: through the vendor's own list
 * operation, answered in-process, so the page shows what the API answers. Operations are named by
 * their fixed operationIds; page sizes and parameter names are read from the spec.
 */
export interface PageCollection {
  operationId: string;
  /** Dotted path of the row array in the answer. */
  rows: string;
  /** Dotted path of the total row count, when the answer has one. */
  total?: string;
  /** Query parameters for rows [offset, offset + limit). */
  paging: 'page-limit' | 'offset-limit';
  /** Row fields shown as columns, in order: [label, dotted path]. */
  columns: Array<[string, string]>;
}

/** What the mock's page shows of a vendor (ui/page.ts). */
export interface VendorPageView {
  /** What "add a promotion" offers to edit: one entry in the vendor's fixtures format (`{uuid}` is filled in by the page). */
  newOwner: { noun: string; example: Record<string, unknown> };
  codes: PageCollection;
  /** Asynchronous jobs of an owner (Elastic Path). */
  jobs?: PageCollection & {
    /** The operation that answers an export job's file link, and its path parameter naming the job. */
    file: { operationId: string; jobParameter: string };
  };
}

export interface VendorPlugin {
  vendor: VendorName;
  /** What the mock's page shows of this vendor; without it, the page lists the vendor's operations only. */
  page?: VendorPageView;
  /**
   * The promotions / price rules of one tenant's world, for the page (a BigCommerce store seeded
   * apart, or given a promotion through the admin API, has its own); without it, the seeded ones.
   */
  ownersOf?(app: VendorApp, tenant: string | undefined): Promise<SeededOwner[]>;
  /** The vendor's error body for `status`; shapes differ by vendor (and by status for BigCommerce). */
  errorBody(status: number, problem: Problem): unknown;
  /** Headers a 429 carries, e.g. BigCommerce's `X-Rate-Limit-*`; their names are exposed to browsers. */
  rateLimitHeaders?(limit: { concurrent: number; retryAfterMs: number }): Record<string, string>;
  /**
   * Whose world a request is in, from its path parameters and server variables (e.g. a store
   * hash). Concurrency limits count per vendor, operation and tenant; handlers see it as `tenant`.
   */
  tenantOf?(params: Record<string, string>): string | undefined;
  register(app: VendorApp): void;
  /** Creates the promotions / price rules to serve, from the vendor's section of a fixtures file or defaults. */
  seed(app: VendorApp, fixtures: unknown): Promise<SeededOwner[]>;
  /** Adds one promotion / price rule (admin API). Throws FixtureError on bad input. */
  addOwner(app: VendorApp, input: unknown): Promise<SeededOwner>;
}

/** Bad fixture input: the admin API answers 400 with this message. */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
}
