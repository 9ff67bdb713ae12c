/** What the mock records of each vendor request: the `/__mock/requests` answers and the page's log. */
import { redactBody } from '../redact.js';

/** One rule a request broke, as the mock decided it. */
export interface LoggedViolation {
  message: string;
  /** A JSON Schema keyword (`maximum`), `security`, `x-concurrency-limit`, or a vendor rule (`duplicate`). */
  rule?: string;
  /** Dotted field or parameter name. */
  field?: string;
  /** `body`, `query`, `path`, `header`. */
  location?: string;
  /** JSON pointer into the vendor's spec where the broken rule is written. */
  pointer?: string;
}

export interface LoggedRequest {
  /** Increases by one per entry for the life of the server (a reset does not restart it). */
  id: number;
  at: string;
  vendor: string;
  /** The world the request reached (a BigCommerce store hash), when the vendor has several. */
  tenant?: string;
  method: string;
  path: string;
  query: string;
  operationId?: string;
  status: number;
  durationMs: number;
  /** Credentials replaced by src/redact.ts before they get here. */
  requestHeaders: Record<string, string>;
  /** Credential fields (src/redact.ts) are redacted when an entry is read. */
  requestBody?: unknown;
  responseBody?: unknown;
  violations: LoggedViolation[];
}

/** The list view of an entry: everything but headers and bodies. */
export type RequestSummary = Omit<LoggedRequest, 'requestHeaders' | 'requestBody' | 'responseBody'>;

export interface RequestFilter {
  vendor?: string;
  /** `2xx`, `4xx`, ... */
  statusClass?: string;
  operationId?: string;
  /** Only entries with an id below this (the next page of a newest-first list). */
  beforeId?: number;
  limit: number;
}

export type RequestListener = (entry: LoggedRequest) => void;

/** A body kept as the JSON text it was sent as; read back when an entry is shown. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** Bodies above this many characters of JSON are kept as a truncated text. */
const MAX_BODY_CHARACTERS = 8192;

/**
 * The last `capacity` requests in memory, newest last. Bodies are kept as the request path had
 * them and made presentable (credentials redacted, long ones cut) only when an entry is read,
 * so a request costs the path no extra serialization.
 */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private readonly listeners = new Set<RequestListener>();
  private nextId = 1;

  constructor(private readonly capacity: number) {}

  add(entry: Omit<LoggedRequest, 'id'>): LoggedRequest {
    const stored: LoggedRequest = { ...entry, id: this.nextId++ };
    this.entries.push(stored);
    if (this.entries.length > this.capacity) this.entries.shift();
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  /** The last `limit` entries, oldest first (the order `/__mock/requests` has always answered). */
  latest(limit: number): LoggedRequest[] {
    return this.entries.slice(-limit).map(presentable);
  }

  /** Newest first, filtered, without headers and bodies. */
  list(filter: RequestFilter): RequestSummary[] {
    const out: RequestSummary[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < filter.limit; i--) {
      const entry = this.entries[i] as LoggedRequest;
      if (matches(entry, filter)) out.push(summaryOf(entry));
    }
    return out;
  }

  get(id: number): LoggedRequest | undefined {
    const entry = this.entries.find((e) => e.id === id);
    return entry && presentable(entry);
  }

  /** Operation ids seen per vendor, for the page's filter. */
  operations(): Record<string, string[]> {
    const seen: Record<string, Set<string>> = {};
    for (const e of this.entries) if (e.operationId) (seen[e.vendor] ??= new Set()).add(e.operationId);
    return Object.fromEntries(Object.entries(seen).map(([vendor, ids]) => [vendor, [...ids].sort()]));
  }

  clear(): void {
    this.entries.length = 0;
  }

  subscribe(listener: RequestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function summaryOf(entry: LoggedRequest): RequestSummary {
  const { requestHeaders: _headers, requestBody: _request, responseBody: _response, ...summary } = entry;
  return summary;
}

export function statusClassOf(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

function matches(entry: LoggedRequest, filter: RequestFilter): boolean {
  if (filter.beforeId !== undefined && entry.id >= filter.beforeId) return false;
  if (filter.vendor && entry.vendor !== filter.vendor) return false;
  if (filter.statusClass && statusClassOf(entry.status) !== filter.statusClass) return false;
  if (filter.operationId && entry.operationId !== filter.operationId) return false;
  return true;
}

function presentable(entry: LoggedRequest): LoggedRequest {
  return { ...entry, requestBody: shown(entry.requestBody), responseBody: shown(entry.responseBody) };
}

function shown(body: unknown): unknown {
  try {
    return truncate(redactBody(body instanceof JsonText ? JSON.parse(body.text) : body));
  } catch {
    // A body nested deeper than the stack allows walking (a hostile client's) is described instead.
    return '(a body nested too deep to show)';
  }
}

function truncate(body: unknown): unknown {
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text === undefined || text.length <= MAX_BODY_CHARACTERS) return body;
  return `${text.slice(0, MAX_BODY_CHARACTERS)}… (${text.length} characters)`;
}
