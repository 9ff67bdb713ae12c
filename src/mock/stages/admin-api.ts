import { handleAdmin } from '../admin.js';
import { ADMIN_RAW_PREFIX, refuseAdminRequest } from '../admin-access.js';
import { ANSWERED_ON_CONNECTION, isAdminPath, routingMethod, type Stage } from '../request-state.js';
import { describeVendor } from '../runtime.js';
import { readBodyText } from './body.js';
import { answerRawRoute, rawRouteOf } from './raw-routes.js';

/** `/__mock/*`: the admin API, for the mock's own origin only (see admin-access.ts), always plain JSON. */
export const serveAdmin: Stage = async (state, runtime) => {
  if (!isAdminPath(state.path)) return undefined;
  const refusal = refuseAdminRequest(state.method, state.headers, state.headerValues, runtime.admin);
  if (refusal) return refusal;
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
  const raw = rawRouteOf(runtime, routingMethod(state), state.path.slice(ADMIN_RAW_PREFIX.length));
  if (raw) return answerRawRoute(raw, state.path.slice(ADMIN_RAW_PREFIX.length), runtime);
  // The page (/__mock/ui, its data, its event stream, the latency setting) answers on the connection.
  const { connection } = state;
  if (connection && (await runtime.page.handle(routingMethod(state), new URL(`${state.path}${state.search}`, 'http://mock.local'), body, connection.req, connection.res))) {
    return ANSWERED_ON_CONNECTION;
  }
  return handleAdmin(
    { method: routingMethod(state), path: state.path, query: new URLSearchParams(state.search), body },
    {
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
    },
  );
};
