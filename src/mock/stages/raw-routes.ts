import { authorize as checkCredentials } from '../auth.js';
import { routingMethod, type Stage } from '../request-state.js';
import { spendLatency } from './handle.js';
import type { MockRuntime, RawRoute } from '../runtime.js';

/** Routes a plugin serves outside its spec (export files), with the credentials of the operation they stand for. */
export const serveRawRoute: Stage = async (state, runtime) => {
  const raw = rawRouteOf(runtime, routingMethod(state), state.path);
  if (!raw) return undefined;
  const { vendor } = raw;
  state.vendor = vendor;
  if (raw.options.authorizeAs) {
    const auth = checkCredentials(vendor.spec, vendor.spec.operation(raw.options.authorizeAs), state.headerValues, runtime.tokens?.[vendor.plugin.vendor]);
    if (!auth.ok) return vendor.app.error(auth.status, { title: auth.status === 401 ? 'Unauthorized' : 'Forbidden', detail: auth.detail });
  }
  await spendLatency(state, runtime);
  const match = state.path.match(raw.path) as RegExpMatchArray;
  return raw.handler(match);
};

function rawRouteOf(runtime: MockRuntime, method: string, path: string): RawRoute | undefined {
  return runtime.rawRoutes.find((r) => r.method === method && r.path.test(path));
}
