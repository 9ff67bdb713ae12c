import type { Stage } from '../request-state.js';

/** After an outage, seeds the store again before a handler reads it (a store may come back empty). */
export const recoverStore: Stage = async (_state, runtime) => {
  await runtime.outage.recover();
  return undefined;
};
