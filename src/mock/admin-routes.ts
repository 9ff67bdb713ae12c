import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockResponse } from './types.js';

/** What a route returns when it already answered on the connection itself: nothing is left to send. */
export const ANSWERED_ON_CONNECTION: MockResponse = { status: 0 };

/** One request to the admin API, once routed: the body is read only then. */
export interface AdminCall {
  query: URLSearchParams;
  body: unknown;
  /** Match groups of a route's pattern. */
  match: readonly string[];
  /** The connection, for a route that answers on it (the page's event stream); absent without HTTP. */
  connection?: { req: IncomingMessage; res: ServerResponse };
}

/** One way to call a route, as the admin index lists it. */
export interface RouteUse {
  /** What follows the path (`?kind=K`). */
  query?: string;
  text: string;
}

/** An endpoint under `/__mock/`: the admin API's own and the page's. */
export interface AdminRoute {
  method: 'GET' | 'POST';
  /** The exact path, or a pattern over it. */
  path: string | RegExp;
  /** How the index shows a pattern's path (`/__mock/{vendor}/promotions`). */
  template?: string;
  /** What the index (`GET /__mock/`) says of the route: a text, or one per way to call it. Routes without one (the page's own API) are not listed. */
  description?: string | RouteUse[];
  answer(call: AdminCall): MockResponse | Promise<MockResponse>;
}

export type AdminRouting = { kind: 'route'; route: AdminRoute; match: readonly string[] } | { kind: 'method-not-allowed'; allowed: string[] } | { kind: 'no-route' };

/**
 * A whole-number query parameter of an admin endpoint (`limit`, `offset`): `fallback` when absent,
 * zero or not a number, rounded down, and kept within [min, max].
 */
export function intParam(query: URLSearchParams, name: string, { fallback, min, max }: { fallback: number; min: number; max: number }): number {
  return Math.max(min, Math.min(max, Math.floor(Number(query.get(name))) || fallback));
}

/**
 * The admin index: `METHOD path` -> what it does, for the routes that describe themselves, in
 * their order. Methods of one path that say the same are one line (`GET|POST /__mock/latency`).
 */
export function adminIndex(routes: readonly AdminRoute[]): Record<string, string> {
  const lines = new Map<string, { methods: string[]; usage: string; text: string }>();
  for (const route of routes) {
    if (route.description === undefined) continue;
    const path = route.template ?? (typeof route.path === 'string' ? shownPathOf(route.path) : route.path.source);
    const uses = typeof route.description === 'string' ? [{ text: route.description }] : route.description;
    for (const { query = '', text } of uses) {
      const usage = `${path}${query}`;
      const line = lines.get(`${usage} ${text}`);
      if (line) line.methods.push(route.method);
      else lines.set(`${usage} ${text}`, { methods: [route.method], usage, text });
    }
  }
  return Object.fromEntries([...lines.values()].map(({ methods, usage, text }) => [`${methods.join('|')} ${usage}`, text]));
}

/** The index itself is routed as `/__mock` (adminPathOf) and called as `/__mock/`. */
function shownPathOf(path: string): string {
  return path === '/__mock' ? '/__mock/' : path;
}

/** `/__mock/ui/` is `/__mock/ui`, and `/__mock/` the index. */
export function adminPathOf(path: string): string {
  return path.replace(/\/$/, '') || '/';
}

/** Which endpoint answers, from the method and path alone (HEAD is GET): 404 and 405 come before the body is read. */
export function routeAdmin(routes: readonly AdminRoute[], method: string, path: string): AdminRouting {
  const matches = routes.flatMap((route) => {
    if (typeof route.path === 'string') return route.path === path ? [{ route, match: [path] }] : [];
    const match = route.path.exec(path);
    return match ? [{ route, match: [...match] }] : [];
  });
  const wanted = method === 'HEAD' ? 'GET' : method;
  const found = matches.find((m) => m.route.method === wanted);
  if (found) return { kind: 'route', ...found };
  if (matches.length === 0) return { kind: 'no-route' };
  return { kind: 'method-not-allowed', allowed: [...new Set(matches.map((m) => m.route.method))] };
}
