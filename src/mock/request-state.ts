import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { OperationInfo } from '../openapi/load.js';
import type { Violation } from './prism-gate.js';
import type { MockRuntime, VendorRuntime } from './runtime.js';
import type { MockResponse } from './types.js';

/** What the stages know of one request so far; each stage reads it and adds what it found. */
export interface RequestState {
  /** performance.now() when the request arrived. */
  started: number;
  /** Upper case. */
  method: string;
  /** The path exactly as sent (still percent-encoded, dot segments kept). */
  path: string;
  /** `?…` as sent, or ''. */
  search: string;
  query: Record<string, string | string[]>;
  /** Lower-cased names; a repeated header's values joined with `, `. */
  headers: Record<string, string>;
  /** Lower-cased names; every value a repeated header was sent with. */
  headerValues: Record<string, string[]>;
  /** The body as it arrives; read once by the body stage. */
  bodyStream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Headers every answer carries (CORS). */
  responseHeaders: Record<string, string>;
  /** The connection itself, for a stage that answers on it directly (the page's event stream); absent in tests without HTTP. */
  connection?: { req: IncomingMessage; res: ServerResponse };

  // ---- found by the stages ----
  vendor?: VendorRuntime;
  /** The path relative to the vendor's base path, and the base path's variables. */
  relativePath?: string;
  serverVariables?: Record<string, string>;
  bodyText?: string;
  body?: unknown;
  /** The Content-Type's media type; undefined when absent or unparseable. */
  mediaType?: string;
  /** A Content-Type was sent that is no media type (`garbage`, `;;`). */
  unparseableContentType?: boolean;
  operation?: OperationInfo;
  violations: Violation[];
  token?: string;
  params?: Record<string, string>;
  tenant?: string;
  /** The latency was already spent (inside the concurrency slot, as a slow server would). */
  latencySpent?: boolean;
  /** Run after the answer is chosen, whatever it is (releasing a concurrency slot). */
  cleanups: Array<() => Promise<void>>;
}

export interface IncomingRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  headersDistinct?: Record<string, string[] | undefined>;
  body?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  connection?: { req: IncomingMessage; res: ServerResponse };
}

/** A request from its parts, as Node's server gives them or as a test writes them. */
export function createRequestState(request: IncomingRequest, started = performance.now()): RequestState {
  const { path, search } = splitTarget(request.url ?? '/');
  const headerValues = distinctOf(request.headersDistinct ?? request.headers);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(headerValues)) headers[name] = values.join(', ');
  return {
    started,
    method: (request.method ?? 'GET').toUpperCase(),
    path,
    search,
    query: queryOf(new URLSearchParams(search)),
    headers,
    headerValues,
    bodyStream: request.body ?? [],
    responseHeaders: {},
    connection: request.connection,
    violations: [],
    cleanups: [],
  };
}

/**
 * Splits a request target into path and query without resolving anything: `..` and `%2e%2e`
 * stay in the path, so dot segments never change which handler answers. An absolute-form
 * target (`GET http://host/path`) keeps only its path.
 */
export function splitTarget(target: string): { path: string; search: string } {
  const withoutOrigin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target) ? target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') : target;
  const withoutFragment = withoutOrigin.split('#')[0] as string;
  const question = withoutFragment.indexOf('?');
  const path = question === -1 ? withoutFragment : withoutFragment.slice(0, question);
  const search = question === -1 ? '' : withoutFragment.slice(question);
  return { path: path.startsWith('/') ? path : `/${path}`, search: search === '?' ? '' : search };
}

function distinctOf(headers: IncomingHttpHeaders | Record<string, string[] | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return out;
}

function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/** Whether the request's path is the admin API's. */
export function isAdminPath(path: string): boolean {
  return path === '/__mock' || path.startsWith('/__mock/');
}

/**
 * One step of the request path: answers (returns the response, ending the path) or passes on
 * (returns undefined), having added what it found to the state.
 */
export type Stage = (state: RequestState, runtime: MockRuntime) => MockResponse | undefined | Promise<MockResponse | undefined>;

/** The vendor the request was mounted on; the stages after `selectVendor` may rely on it. */
export function vendorOf(state: RequestState): VendorRuntime {
  if (!state.vendor) throw new Error('a vendor stage ran before selectVendor');
  return state.vendor;
}

/** HEAD is answered as GET is (the server sends no body): the method routing and handlers see. */
export function routingMethod(state: RequestState): string {
  return state.method === 'HEAD' ? 'GET' : state.method;
}
