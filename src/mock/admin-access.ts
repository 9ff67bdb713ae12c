import { createHmac, timingSafeEqual } from 'node:crypto';
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

const ADMIN_TOKEN_HEADER = 'x-mock-admin-token';
export const ADMIN_TOKEN_ENV = 'COUPON_MOCK_ADMIN_TOKEN';
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** A name or address that only ever reaches this machine. */
function isLoopbackHost(host: string): boolean {
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
export function adminAccessFor(host: string, token: string | undefined): AdminAccess {
  const listening = bareHostname(host);
  if (!isLoopbackHost(listening) && !token) {
    throw new AdminAccessError(
      `listening on ${host} reaches other machines: give an admin token (--admin-token or ${ADMIN_TOKEN_ENV}) to guard /__mock/`,
    );
  }
  if (WILDCARD_HOSTS.has(listening)) return { token };
  return { hostnames: new Set([...LOOPBACK_NAMES, listening]), token };
}

/** Host header -> host name without the port. */
function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(hostHeader.trim());
  if (bracketed) return (bracketed[1] as string).toLowerCase();
  return hostHeader.trim().replace(/:\d*$/, '').toLowerCase();
}

const refused = (status: number, error: string): MockResponse => ({ status, body: { error } });

/** A request from another site or for another Host (DNS rebinding): 403, whatever credentials it carries. */
export function refuseForeignRequest(headers: Record<string, string>, headerValues: Record<string, string[]>, access: AdminAccess): MockResponse | undefined {
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
  return undefined;
}

/**
 * Whether a token is set and the request shows neither it (a header, exactly once) nor the
 * page's cookie (set by `/__mock/ui?token=`, admin-login.ts): a browser's EventSource cannot send
 * headers, so the page authenticates by the cookie.
 */
export function lacksAdminToken(headerValues: Record<string, string[]>, access: AdminAccess): boolean {
  if (access.token === undefined) return false;
  const sent = headerValues[ADMIN_TOKEN_HEADER] ?? [];
  const bearer = (headerValues.authorization ?? []).map((v) => /^bearer\s+(.+)$/i.exec(v.trim())?.[1]);
  const candidates = [...sent, ...bearer].filter((v): v is string => typeof v === 'string');
  if (candidates.length > 0) return !(candidates.length === 1 && sameSecret(candidates[0] as string, access.token));
  const session = sessionOf(access.token);
  return !cookieValues(headerValues, ADMIN_COOKIE).some((value) => sameSecret(value, session));
}

export function needsToken(): MockResponse {
  return refused(401, 'The admin API needs the admin token: Authorization: Bearer <token> or X-Mock-Admin-Token, or open /__mock/ui?token=<token> once in the browser');
}

/** The cookie the page authenticates with: HttpOnly, same-site only, sent to `/__mock/` alone. */
const ADMIN_COOKIE = 'coupon_mock_admin';

/**
 * What the cookie holds for a token: derived from it, so the browser never stores the token
 * itself, and the same across restarts with the same token (an open page reconnects).
 */
function sessionOf(token: string): string {
  return createHmac('sha256', token).update('coupon-contracts mock: admin page session').digest('base64url');
}

/** `Set-Cookie` for the page's session. */
export function sessionCookie(token: string): string {
  return `${ADMIN_COOKIE}=${sessionOf(token)}; Path=/__mock; HttpOnly; SameSite=Strict`;
}

function cookieValues(headerValues: Record<string, string[]>, name: string): string[] {
  return (headerValues.cookie ?? []).flatMap((header) =>
    header.split(';').flatMap((pair) => {
      const at = pair.indexOf('=');
      return at > 0 && pair.slice(0, at).trim() === name ? [pair.slice(at + 1).trim()] : [];
    }),
  );
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

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
