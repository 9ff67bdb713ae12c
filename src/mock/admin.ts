import type { Store } from '../store/types.js';
import type { MockClock } from './clock.js';
import { stateCodePage, stateDocs, stateDump, type StateLimits } from './state-dump.js';
import type { MockResponse, MountedVendor, SeededOwner } from './types.js';
import { FixtureError } from './types.js';
import type { RequestLog } from './request-log.js';
import { adminIndex, intParam, type AdminRoute } from './admin-routes.js';

export interface AdminContext {
  store: Store;
  log: RequestLog;
  clock: MockClock;
  stateLimits: StateLimits;
  vendors(): MountedVendor[];
  reset(): Promise<void>;
  addOwner(vendor: string, input: unknown): Promise<SeededOwner | undefined>;
}

/**
 * The admin API's own endpoints under `/__mock/`, then the page's (`pageRoutes`): never part of a
 * vendor's API, always plain JSON. The index lists those that describe themselves.
 */
export function adminRoutes(context: AdminContext, pageRoutes: readonly AdminRoute[]): AdminRoute[] {
  const routes: AdminRoute[] = [
    {
      method: 'GET',
      path: '/__mock',
      description: 'this index: vendors, their base URLs, seeded promotions and how to authenticate',
      answer: () => ({ status: 200, body: { endpoints: adminIndex(routes), vendors: context.vendors() } }),
    },
    {
      method: 'POST',
      path: '/__mock/reset',
      description: 'forget all state and seed the promotions again',
      answer: async () => {
        await context.reset();
        context.log.clear();
        return { status: 200, body: { reset: true, vendors: context.vendors() } };
      },
    },
    {
      method: 'GET',
      path: '/__mock/state',
      description: [
        { text: 'all state as JSON, streamed (413 past the size limit: then page the codes by scope)' },
        { query: '?scope=S&after=N&limit=M', text: "one page of one scope's codes, with the link to the next" },
        { query: '?kind=K', text: 'the documents of one kind (promotions of a store, jobs of a promotion, ...)' },
      ],
      answer: ({ query }) => {
        if (query.has('scope')) return stateCodePage(context.store, query);
        if (query.has('kind')) return stateDocs(context.store, query.get('kind') as string, context.stateLimits);
        return stateDump(context.store, context.stateLimits);
      },
    },
    {
      method: 'GET',
      path: '/__mock/requests',
      description: [{ query: '?limit=50', text: 'the last requests, with the validation errors each got' }],
      answer: ({ query }) => {
        const limit = intParam(query, 'limit', { fallback: 50, min: 1, max: 200 });
        return { status: 200, body: { requests: context.log.latest(limit) } };
      },
    },
    { method: 'GET', path: '/__mock/clock', description: "the mock's clock: now and how far it was moved forward", answer: () => ({ status: 200, body: context.clock.describe() }) },
    {
      method: 'POST',
      path: '/__mock/clock',
      description: 'move the clock forward: {"advanceMs": n}; what is due by then (jobs, requests spending latency) happens at once',
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
      method: 'POST',
      path: /^\/__mock\/([a-z]+)\/(promotions|price_rules)$/,
      template: '/__mock/{vendor}/promotions',
      description: 'add a promotion (Shoplazza: a price rule); body as in a fixtures file',
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
    {
      method: 'GET',
      path: '/__mock/memory',
      description: "the mock process's memory (RSS, heap); after a full garbage collection when Node runs with --expose-gc",
      answer: () => ({ status: 200, body: processMemory() }),
    },
    ...pageRoutes,
  ];
  return routes;
}

/** A path under `/__mock/` that no endpoint has. */
export function noAdminEndpoint(method: string, path: string, routes: readonly AdminRoute[]): MockResponse {
  return { status: 404, body: { error: `No admin endpoint ${method} ${path}`, endpoints: adminIndex(routes) } };
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
