import type { Store } from '../store/types.js';
import type { MockResponse, SeededOwner } from './types.js';
import { FixtureError } from './types.js';
import type { MountedVendor } from './server.js';

export interface LoggedRequest {
  at: string;
  vendor: string;
  method: string;
  path: string;
  query: string;
  operationId?: string;
  status: number;
  /** What the request broke in the spec, as the validator said it. */
  violations: string[];
  requestBody?: unknown;
  durationMs: number;
}

/** The last N requests, newest last; headers are not kept, so no token is. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  constructor(private readonly capacity: number) {}

  add(entry: LoggedRequest): void {
    this.entries.push({ ...entry, requestBody: truncate(entry.requestBody) });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  latest(limit: number): LoggedRequest[] {
    return this.entries.slice(-limit);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function truncate(body: unknown): unknown {
  if (body === undefined) return undefined;
  const text = JSON.stringify(body);
  return text.length <= 2048 ? body : `${text.slice(0, 2048)}… (${text.length} characters)`;
}

export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface AdminContext {
  store: Store;
  log: RequestLog;
  vendors(): MountedVendor[];
  reset(): Promise<void>;
  addOwner(vendor: string, input: unknown): Promise<SeededOwner | undefined>;
}

const ENDPOINTS = {
  'GET /__mock/': 'this index: vendors, their base URLs, seeded promotions and how to authenticate',
  'POST /__mock/reset': 'forget all state and seed the promotions again',
  'GET /__mock/state': 'all state as JSON',
  'GET /__mock/requests?limit=50': 'the last requests, with the validation errors each got',
  'POST /__mock/{vendor}/promotions': 'add a promotion (Shoplazza: a price rule); body as in a fixtures file',
};

/** Admin endpoints under `/__mock/`: never part of a vendor's API, always plain JSON. */
export async function handleAdmin(request: AdminRequest, context: AdminContext): Promise<MockResponse> {
  const route = `${request.method} ${request.path.replace(/\/$/, '') || '/'}`;
  if (route === 'GET /__mock') return { status: 200, body: { endpoints: ENDPOINTS, vendors: context.vendors() } };
  if (route === 'POST /__mock/reset') {
    await context.reset();
    context.log.clear();
    return { status: 200, body: { reset: true, vendors: context.vendors() } };
  }
  if (route === 'GET /__mock/state') return { status: 200, body: await context.store.dump() };
  if (route === 'GET /__mock/requests') {
    const limit = Math.max(1, Math.min(200, Number(request.query.get('limit') ?? 50) || 50));
    return { status: 200, body: { requests: context.log.latest(limit) } };
  }
  const addition = /^POST \/__mock\/([a-z]+)\/(promotions|price_rules)$/.exec(route);
  if (addition) {
    try {
      const owner = await context.addOwner(addition[1] as string, request.body);
      if (!owner) return { status: 404, body: { error: `No vendor '${addition[1]}' is mounted` } };
      return { status: 201, body: owner };
    } catch (error) {
      if (error instanceof FixtureError) return { status: 400, body: { error: error.message } };
      throw error;
    }
  }
  return { status: 404, body: { error: `No admin endpoint ${route}`, endpoints: ENDPOINTS } };
}
