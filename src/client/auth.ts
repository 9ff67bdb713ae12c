import type { Middleware } from 'openapi-fetch';
import type { VendorName } from '../openapi/load.js';

/**
 * The header each vendor's security scheme sends the token in
 * (`components.securitySchemes` of spec/<vendor>.yaml).
 *
 * The spec is the source of truth, but the clients must also run in a browser, so they never
 * read YAML at runtime: the three headers are hard-coded here, and only here.
 * test/client/spec-agreement.test.ts fails if this table and the specs disagree.
 */
export const AUTH_SCHEMES = {
  bigcommerce: { header: 'X-Auth-Token', prefix: '' },
  shoplazza: { header: 'access-token', prefix: '' },
  elasticpath: { header: 'Authorization', prefix: 'Bearer ' },
} as const satisfies Record<VendorName, { header: string; prefix: string }>;

/**
 * Middleware that sends `token` the way `vendor`'s security scheme asks. A header the caller set
 * on the request itself (e.g. another token for one call) is left as it is.
 */
export function authMiddleware(vendor: VendorName, token: string): Middleware {
  assertToken(vendor, token);
  const { header, prefix } = AUTH_SCHEMES[vendor];
  const value = prefix + token;
  return {
    onRequest({ request }) {
      if (!request.headers.has(header)) request.headers.set(header, value);
    },
  };
}

/** `X-Auth-Token: <token>` */
export const bigCommerceAuth = (token: string): Middleware => authMiddleware('bigcommerce', token);
/** `access-token: <token>` */
export const shoplazzaAuth = (token: string): Middleware => authMiddleware('shoplazza', token);
/** `Authorization: Bearer <token>` */
export const elasticPathAuth = (token: string): Middleware => authMiddleware('elasticpath', token);

// Checked here because Headers.set() quotes an invalid value in its error message, token and all.
function assertToken(vendor: VendorName, token: unknown): asserts token is string {
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError(`${vendor}: token must be a non-empty string of visible ASCII characters`);
  }
}
