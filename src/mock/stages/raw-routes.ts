import { authorize as checkCredentials } from '../auth.js';
import { routingMethod, type Stage } from '../request-state.js';
import { spendLatency } from './handle.js';
import { guarded } from '../plugin-failure.js';
import { failureHooksOf, type MockRuntime, type RawRoute } from '../runtime.js';
import type { MockResponse } from '../types.js';

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
  return answerRawRoute(raw, state.path, runtime);
};

function rawRouteOf(runtime: MockRuntime, method: string, path: string): RawRoute | undefined {
  return runtime.rawRoutes.find((r) => r.method === method && r.path.test(path));
}

function answerRawRoute(raw: RawRoute, path: string, runtime: MockRuntime): Promise<MockResponse> {
  const match = path.match(raw.path) as RegExpMatchArray;
  return guarded(raw.vendor.app, failureHooksOf(runtime), () => raw.handler(match));
}
