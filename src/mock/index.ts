/**
 * `coupon-contracts/mock`: the stateful mock as a library, e.g. started in an app's own tests.
 * A separate entry from the clients, so a browser bundle of the clients never pulls in Prism.
 *
 *   const mock = await startMockServer({ plugins: await loadPlugins(['bigcommerce']), port: 0 });
 */
export { startMockServer, type LatencyRange, type MockServer, type MockServerOptions, type MountedVendor } from './server.js';
export type { Handler, MockRequest, MockResponse, MockSettings, Problem, SeededOwner, VendorApp, VendorPlugin } from './types.js';
export { FixtureError } from './types.js';
export { loadPlugins, vendorPlugins } from '../vendors/index.js';
export { openStore, StoreOpenError, StoreUnavailableError } from '../store/index.js';
export type { Store } from '../store/types.js';
