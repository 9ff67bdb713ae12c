import { adminRoutes, noAdminEndpoint, type AdminContext } from '../admin.js';
import { lacksAdminToken, refuseAdminWrite, refuseForeignRequest } from '../admin-access.js';
import { answerLogin, refuseWithoutToken } from '../admin-login.js';
import { adminPathOf, routeAdmin, type AdminRoute } from '../admin-routes.js';
import { isAdminPath, routingMethod, type Stage } from '../request-state.js';
import { describeVendor, type MockRuntime } from '../runtime.js';
import { readBodyText } from './body.js';

/**
 * `/__mock/*`: the admin API and the page, for the mock's own origin only (see admin-access.ts),
 * always plain JSON. Who may ask comes first (403; with an admin token 401, or the page's token
 * form and login), then the route (404, 405), and only then the body: a write's media type
 * (415), its size (413) and its JSON (400).
 */
export const serveAdmin: Stage = async (state, runtime) => {
  if (!isAdminPath(state.path)) return undefined;
  const foreign = refuseForeignRequest(state.headers, state.headerValues, runtime.admin);
  if (foreign) return foreign;
  const method = routingMethod(state);
  const path = adminPathOf(state.path);
  const query = new URLSearchParams(state.search);
  const login = answerLogin(method, path, query, runtime.admin);
  if (login) return login;
  if (lacksAdminToken(state.headerValues, runtime.admin)) return refuseWithoutToken(method, path);
  const routes = routesOf(runtime);
  const routed = routeAdmin(routes, method, path);
  if (routed.kind === 'no-route') return noAdminEndpoint(method, path, routes);
  if (routed.kind === 'method-not-allowed') {
    return { status: 405, headers: { Allow: routed.allowed.join(', ') }, body: { error: `${state.method} is not allowed on ${path}; allowed: ${routed.allowed.join(', ')}` } };
  }
  const unsupported = refuseAdminWrite(state.method, state.headers);
  if (unsupported) return unsupported;
  const read = await readBodyText(state, runtime.maxBodyBytes);
  if (read.kind === 'too-large') return { status: 413, body: { error: `The request body is larger than ${runtime.maxBodyBytes} bytes` } };
  let body: unknown;
  if (read.text.length > 0) {
    try {
      body = JSON.parse(read.text);
    } catch (error) {
      return { status: 400, body: { error: `The request body is not valid JSON: ${(error as Error).message}` } };
    }
  }
  return routed.route.answer({ query, body, match: routed.match, connection: state.connection });
};

/** The admin API's endpoints and the page's. */
function routesOf(runtime: MockRuntime): AdminRoute[] {
  const context: AdminContext = {
    store: runtime.store,
    log: runtime.requestLog,
    clock: runtime.clock,
    stateLimits: runtime.stateLimits,
    vendors: () => runtime.vendors.map((v) => describeVendor(v, runtime.tokens)),
    reset: () => runtime.reset(),
    addOwner: async (vendorName, input) => {
      const vendor = runtime.vendors.find((v) => v.plugin.vendor === vendorName);
      if (!vendor) return undefined;
      const owner = await vendor.plugin.addOwner(vendor.app, input);
      vendor.owners.push(owner);
      return owner;
    },
  };
  return adminRoutes(context, runtime.page.routes);
}
