import type { Store } from '../store/types.js';
import type { MockClock } from './clock.js';
import { stateCodePage, stateDocs, stateDump, type StateLimits } from './state-dump.js';
import type { MockResponse, MountedVendor, SeededOwner } from './types.js';
import { FixtureError } from './types.js';
import type { RequestLog } from './request-log.js';
import { intParam, type AdminRoute } from './admin-routes.js';

export interface AdminContext {
  store: Store;
  log: RequestLog;
  clock: MockClock;
  stateLimits: StateLimits;
  vendors(): MountedVendor[];
  reset(): Promise<void>;
  addOwner(vendor: string, input: unknown): Promise<SeededOwner | undefined>;
}

const ENDPOINTS = {
  'GET /__mock/': 'this index: vendors, their base URLs, seeded promotions and how to authenticate',
  'POST /__mock/reset': 'forget all state and seed the promotions again',
  'GET /__mock/state': 'all state as JSON, streamed (413 past the size limit: then page the codes by scope)',
  'GET /__mock/state?scope=S&after=N&limit=M': "one page of one scope's codes, with the link to the next",
  'GET /__mock/state?kind=K': 'the documents of one kind (promotions of a store, jobs of a promotion, ...)',
  'GET /__mock/requests?limit=50': 'the last requests, with the validation errors each got',
  'GET /__mock/clock': "the mock's clock: now and how far it was moved forward",
  'POST /__mock/clock': 'move the clock forward: {"advanceMs": n}; what is due by then (jobs, requests spending latency) happens at once',
  'POST /__mock/{vendor}/promotions': 'add a promotion (Shoplazza: a price rule); body as in a fixtures file',
  'GET /__mock/memory': "the mock process's memory (RSS, heap); after a full garbage collection when Node runs with --expose-gc",
  'GET /__mock/ui': 'the mock\'s page: vendors, state, live request log, actions',
  'GET /__mock/ui?token=T': 'with --admin-token: a browser gives the token once; the page then authenticates by a cookie',
  'GET /__mock/events': 'server-sent events: request (each logged request), state (a vendor\'s state changed), log-cleared',
  'GET|POST /__mock/latency': 'read or set the added latency: {"minMs": n, "maxMs": m}',
};

/** The admin API's own endpoints under `/__mock/` (the page adds its own): never part of a vendor's API, always plain JSON. */
export function adminRoutes(context: AdminContext): AdminRoute[] {
  return [
    { method: 'GET', path: '/__mock', answer: () => ({ status: 200, body: { endpoints: ENDPOINTS, vendors: context.vendors() } }) },
    {
      method: 'POST',
      path: '/__mock/reset',
      answer: async () => {
        await context.reset();
        context.log.clear();
        return { status: 200, body: { reset: true, vendors: context.vendors() } };
      },
    },
    { method: 'GET', path: '/__mock/clock', answer: () => ({ status: 200, body: context.clock.describe() }) },
    {
      method: 'POST',
      path: '/__mock/clock',
      answer: async ({ body }) => {
        const advanceMs = (body as { advanceMs?: unknown } | undefined)?.advanceMs;
        if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs <= 0) {
          return { status: 400, body: { error: 'send {"advanceMs": n} with n a positive number of milliseconds' } };
        }
        await context.clock.advance(advanceMs);
        return { status: 200, body: context.clock.describe() };
      },
    },
    {
      method: 'GET',
      path: '/__mock/state',
      answer: ({ query }) => {
        if (query.has('scope')) return stateCodePage(context.store, query);
        if (query.has('kind')) return stateDocs(context.store, query.get('kind') as string, context.stateLimits);
        return stateDump(context.store, context.stateLimits);
      },
    },
    { method: 'GET', path: '/__mock/memory', answer: () => ({ status: 200, body: processMemory() }) },
    {
      method: 'GET',
      path: '/__mock/requests',
      answer: ({ query }) => {
        const limit = intParam(query, 'limit', { fallback: 50, min: 1, max: 200 });
        return { status: 200, body: { requests: context.log.latest(limit) } };
      },
    },
    {
      method: 'POST',
      path: /^\/__mock\/([a-z]+)\/(promotions|price_rules)$/,
      answer: async ({ body, match }) => {
        try {
          const owner = await context.addOwner(match[1] as string, body);
          if (!owner) return { status: 404, body: { error: `No vendor '${match[1]}' is mounted` } };
          return { status: 201, body: owner };
        } catch (error) {
          if (error instanceof FixtureError) return { status: 400, body: { error: error.message } };
          throw error;
        }
      },
    },
  ];
}

/** A path under `/__mock/` that no endpoint has. */
export function noAdminEndpoint(method: string, path: string): MockResponse {
  return { status: 404, body: { error: `No admin endpoint ${method} ${path}`, endpoints: ENDPOINTS } };
}

/**
 * What the soak (scripts/soak.ts) reads to tell a leak from a heap V8 keeps: the heap in use is
 * measured after a full collection when there is one to run (`node --expose-gc`, or
 * `NODE_OPTIONS=--expose-gc npm start`), else as it stands, and the answer says which.
 */
export function processMemory(): { collected: boolean; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { collected: typeof gc === 'function', rss, heapUsed, heapTotal, external, arrayBuffers };
}
