import { STATUS_CODES } from 'node:http';
import { parsePreference } from '../prism-gate.js';
import { vendorOf, type Stage } from '../request-state.js';
import { gateRequestOf, operationError } from './route.js';

/** `Prefer: code=…, example=…, dynamic=…`: Prism's own mocked answer instead of the stateful one. */
export const answerPreference: Stage = async (state) => {
  const preference = parsePreference(state.headers.prefer);
  if (!preference) return undefined;
  const mocked = await vendorOf(state).gate.mock(gateRequestOf(state), preference);
  if ('kind' in mocked) {
    const status = mocked.kind === 'prism-error' ? mocked.status : 404;
    const detail = mocked.kind === 'prism-error' ? mocked.detail : 'No such operation';
    return operationError(state, status, { title: STATUS_CODES[status] ?? 'Error', detail: `Prefer: ${detail}` });
  }
  return { status: mocked.statusCode, headers: mocked.headers, body: mocked.body };
};
