import type { RequestState, Stage } from '../request-state.js';
import { routingMethod, vendorOf } from '../request-state.js';
import type { MockRuntime } from '../runtime.js';
import { operationError, operationOf } from './route.js';

/** The plugin's handler for the operation (501 when it has none), after the configured latency. */
export const handle: Stage = async (state, runtime) => {
  const vendor = vendorOf(state);
  const operation = operationOf(state);
  const handler = vendor.handlers.get(operation.id);
  if (!handler) return operationError(state, 501, { title: 'Not Implemented', detail: `The mock does not implement ${operation.id} yet` });
  // Latency is spent while the request holds its concurrency slot, so a slow mock also shows its limits.
  await spendLatency(state, runtime);
  // What the handler throws is answer()'s to turn into the vendor's 503 or 500.
  return handler({
    operation,
    method: routingMethod(state),
    path: state.path,
    params: state.params ?? {},
    query: state.query,
    headers: state.headers,
    body: state.body,
    token: state.token ?? '',
    tenant: state.tenant,
  });
};

/** Waits the configured latency once per request, on the mock's clock (moving it forward ends the wait). */
export async function spendLatency(state: RequestState, runtime: Pick<MockRuntime, 'latency' | 'clock'>): Promise<void> {
  if (state.latencySpent) return;
  const latency = runtime.latency;
  state.latencySpent = true;
  if (!latency || latency.maxMs <= 0) return;
  // Math.random, not the seeded source: latency must not shift the codes a `--seed` run generates.
  const ms = latency.minMs + Math.floor(Math.random() * (latency.maxMs - latency.minMs + 1));
  await runtime.clock.sleep(ms);
}
