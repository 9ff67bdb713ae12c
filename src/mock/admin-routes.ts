import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockResponse } from './types.js';

/** What a route returns when it already answered on the connection itself: nothing is left to send. */
export const ANSWERED_ON_CONNECTION: MockResponse = { status: 0 };

/** One request to the admin API, once routed: the body is read only then. */
export interface AdminCall {
  method: string;
  /** Without a trailing slash (`/__mock/` is `/__mock`). */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Match groups of a route's pattern. */
  match: readonly string[];
  /** The connection, for a route that answers on it (the page's event stream); absent without HTTP. */
  connection?: { req: IncomingMessage; res: ServerResponse };
}

/** An endpoint under `/__mock/`: the admin API's own and the page's. */
export interface AdminRoute {
  method: 'GET' | 'POST';
  /** The exact path, or a pattern over it. */
  path: string | RegExp;
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
