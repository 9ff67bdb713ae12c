import { isAdminPath, type Stage } from '../request-state.js';

/**
 * Vendor APIs answer any origin, so a frontend on another port works against the mock. The admin
 * API gets no CORS headers at all: a page of another site may neither read nor drive it.
 */
export const allowCrossOrigin: Stage = (state, runtime) => {
  if (isAdminPath(state.path)) return undefined;
  state.responseHeaders['Access-Control-Allow-Origin'] = state.headers.origin ?? '*';
  state.responseHeaders.Vary = 'Origin';
  state.responseHeaders['Access-Control-Expose-Headers'] = runtime.exposedHeaders;
  return undefined;
};

/** A CORS preflight for a vendor API: any method the mock serves, the headers asked for. */
export const answerPreflight: Stage = (state) => {
  if (state.method !== 'OPTIONS' || !state.headers['access-control-request-method'] || isAdminPath(state.path)) return undefined;
  state.responseHeaders['Access-Control-Allow-Methods'] = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
  state.responseHeaders['Access-Control-Allow-Headers'] = state.headers['access-control-request-headers'] ?? '*';
  state.responseHeaders['Access-Control-Max-Age'] = '600';
  return { status: 204 };
};
