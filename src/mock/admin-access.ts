import { timingSafeEqual } from 'node:crypto';
import { mediaTypeOf } from './media-type.js';
import type { MockResponse } from './types.js';

/**
 * Who may use the admin API (`/__mock/*`): pages of the mock's own origin, on a Host that names
 * the address it listens on, with the admin token when one is set. A page on another site (or a
 * DNS-rebound name) can then neither read nor change the mock's state.
 */
export interface AdminAccess {
  /** Host names (no port, lower case) the admin API answers on; undefined accepts any (a wildcard listener behind a token). */
  hostnames?: ReadonlySet<string>;
  token?: string;
}

export const ADMIN_TOKEN_HEADER = 'x-mock-admin-token';
export const ADMIN_TOKEN_ENV = 'COUPON_MOCK_ADMIN_TOKEN';
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** A name or address that only ever reaches this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = bareHostname(host);
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

function bareHostname(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

export class AdminAccessError extends Error {
  override readonly name = 'AdminAccessError';
}

/** The admin rules for a server listening on `host`; a host other than loopback needs a token. */
export function adminAccessFor(host: string, token: string | undefined, extraHostnames: readonly string[] = []): AdminAccess {
  const listening = bareHostname(host);
  if (!isLoopbackHost(listening) && !token) {
    throw new AdminAccessError(
      `listening on ${host} reaches other machines: give an admin token (--admin-token or ${ADMIN_TOKEN_ENV}) to guard /__mock/`,
    );
  }
  if (WILDCARD_HOSTS.has(listening)) return { token };
  return { hostnames: new Set([...LOOPBACK_NAMES, listening, ...extraHostnames.map(bareHostname)]), token };
}

/** Host header -> host name without the port. */
function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(hostHeader.trim());
  if (bracketed) return (bracketed[1] as string).toLowerCase();
  return hostHeader.trim().replace(/:\d*$/, '').toLowerCase();
}

const refused = (status: number, error: string): MockResponse => ({ status, body: { error } });

/** Who may ask: a refusal (403, 401), or undefined when the request may reach the admin API. */
export function refuseAdminRequest(headers: Record<string, string>, headerValues: Record<string, string[]>, access: AdminAccess): MockResponse | undefined {
  const host = headers.host ?? '';
  if ((headerValues.host?.length ?? 0) > 1 || (access.hostnames && !access.hostnames.has(hostnameOf(host)))) {
    return refused(403, `The admin API answers only on the address the mock listens on, not Host: ${host || '(none)'}`);
  }
  const origin = headers.origin;
  if (origin !== undefined && !isSameOrigin(origin, host)) {
    return refused(403, `The admin API answers only pages of its own origin, not ${origin}`);
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return refused(403, `The admin API answers only pages of its own origin (Sec-Fetch-Site: ${site})`);
  }
  if (access.token !== undefined && !presentsToken(headerValues, access.token)) {
    return refused(401, `The admin API needs the admin token: Authorization: Bearer <token> or X-Mock-Admin-Token`);
  }
  return undefined;
}

/**
 * A write must say it is JSON: a page of another site can send text/plain without asking first
 * (a simple request), never application/json. Checked once the write is routed to an endpoint.
 */
export function refuseAdminWrite(method: string, headers: Record<string, string>): MockResponse | undefined {
  if (SAFE_METHODS.has(method) || mediaTypeOf(headers['content-type']) === 'application/json') return undefined;
  return refused(415, 'Writes to the admin API need Content-Type: application/json');
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function isSameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.host.toLowerCase() === host.trim().toLowerCase();
  } catch {
    return false; // `null` (a sandboxed frame, a file) and anything else unparseable
  }
}

function presentsToken(headerValues: Record<string, string[]>, token: string): boolean {
  const sent = headerValues[ADMIN_TOKEN_HEADER] ?? [];
  const bearer = (headerValues.authorization ?? []).map((v) => /^bearer\s+(.+)$/i.exec(v.trim())?.[1]);
  const candidates = [...sent, ...bearer].filter((v): v is string => typeof v === 'string');
  return candidates.length === 1 && sameSecret(candidates[0] as string, token);
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
