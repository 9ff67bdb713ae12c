import { parsePreference } from '../prism-terms.js';
import { vendorOf, type Stage } from '../request-state.js';
import { gateRequestOf } from './route.js';

/**
 * `Prefer: code=…, example=…, dynamic=…`: Prism's own mocked answer instead of the stateful one.
 * A preference Prism cannot honour (a status the operation does not document, an example it does
 * not have) is ignored, as RFC 7240 asks of a server: the request is answered as if none was sent.
 */
export const answerPreference: Stage = async (state) => {
  const preference = parsePreference(state.headers.prefer);
  if (!preference) return undefined;
  const mocked = await vendorOf(state).gate.mock(gateRequestOf(state), preference);
  if ('kind' in mocked) return undefined;
  return { status: mocked.statusCode, headers: mocked.headers, body: mocked.body };
};
