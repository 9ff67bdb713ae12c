import http from 'node:http';
import https from 'node:https';

/**
 * node:https for an https: URL, node:http otherwise: its `request` and its `Agent`. Callers read
 * `request` off the returned module at each call, never import it by name: an interceptor (nock)
 * replaces it on the module object.
 */
export function transportFor(url: URL): Pick<typeof http, 'request' | 'Agent'> {
  return url.protocol === 'https:' ? https : http;
}
