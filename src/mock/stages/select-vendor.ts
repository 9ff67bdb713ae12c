import type { Stage } from '../request-state.js';

/** The vendor whose base path the request is under (the longest claim wins); 404 outside all of them. */
export const selectVendor: Stage = (state, runtime) => {
  const vendor = runtime.routingOrder.find((v) => v.mount.claim.test(state.path));
  if (!vendor) {
    return {
      status: 404,
      body: { status: 404, title: 'Not Found', detail: `No vendor API is mounted at ${state.path}; see GET /__mock/` },
    };
  }
  const mounted = vendor.mount.match(state.path);
  state.vendor = vendor;
  state.relativePath = mounted?.rest ?? state.path;
  state.serverVariables = mounted?.variables ?? {};
  return undefined;
};

/** A path whose percent-encoding does not decode is the client's mistake: 400. */
export const checkPath: Stage = (state) => {
  try {
    decodeURIComponent(state.path);
    return undefined;
  } catch {
    return state.vendor?.app.error(400, { title: 'Bad Request', detail: `The path ${state.path} has malformed percent-encoding`, location: 'path' });
  }
};
