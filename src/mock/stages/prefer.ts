import { STATUS_CODES } from 'node:http';
import { parsePreference } from '../prism-gate.js';
import { vendorOf, type Stage } from '../request-state.js';
import { gateRequestOf, operationError, prismRefusal } from './route.js';

/** `Prefer: code=…, example=…, dynamic=…`: Prism's own mocked answer instead of the stateful one. */
export const answerPreference: Stage = async (state) => {
  const preference = parsePreference(state.headers.prefer);
  if (!preference) return undefined;
  const mocked = await vendorOf(state).gate.mock(gateRequestOf(state), preference);
  if ('kind' in mocked) {
    if (mocked.kind === 'prism-error') return prismRefusal(state, { status: mocked.status, title: STATUS_CODES[mocked.status] ?? '', detail: `Prefer: ${mocked.detail}` });
    return operationError(state, 404, { title: STATUS_CODES[404] as string, detail: 'Prefer: No such operation' });
  }
  return { status: mocked.statusCode, headers: mocked.headers, body: mocked.body };
};
