import { authorize as checkCredentials } from '../auth.js';
import { vendorOf, type Stage } from '../request-state.js';
import { operationError, operationOf } from './route.js';

/** The operation's security requirements, with the spec's own schemes and scopes: 401 or 403. */
export const authorize: Stage = (state, runtime) => {
  const vendor = vendorOf(state);
  const auth = checkCredentials(vendor.spec, operationOf(state), state.headerValues, runtime.tokens?.[vendor.plugin.vendor]);
  if (!auth.ok) return operationError(state, auth.status, { title: auth.status === 401 ? 'Unauthorized' : 'Forbidden', detail: auth.detail });
  state.token = auth.token;
  return undefined;
};
