import { STATUS_CODES } from 'node:http';
import type { OperationInfo } from '../../openapi/load.js';
import { routingMethod, vendorOf, type RequestState, type Stage } from '../request-state.js';
import type { GateRequest } from '../prism-gate.js';
import { compileTemplate, variablesIn, type CompiledTemplate } from '../path-templates.js';
import type { MockResponse, Problem } from '../types.js';

/** What Prism is asked about a routed request (validation, `Prefer` mocking). */
export function gateRequestOf(state: RequestState): GateRequest {
  return { operationId: operationOf(state).id, method: routingMethod(state), path: relativePathOf(state), query: state.query, headers: state.headers, body: state.body };
}

/**
 * Prism routes the request by its method and path to an operation of the spec, before the body
 * is read: a path the spec does not have is the vendor's 404 and a method it does not define
 * there a 405 with Allow, whatever the body. Path parameters and the tenant are read here, once
 * the operation is known.
 */
export const route: Stage = async (state) => {
  const vendor = vendorOf(state);
  const { app, mount, gate, spec } = vendor;
  const path = relativePathOf(state);
  const routed = await gate.route(routingMethod(state), path);
  if (routed.kind === 'no-route') return app.error(404, { title: 'Not Found', detail: `No operation at ${state.method} ${state.path}` });
  if (routed.kind === 'method-not-allowed') {
    const allowed = mount.allowedMethods(path);
    const response = app.error(405, {
      title: 'Method Not Allowed',
      detail: `${state.method} is not allowed on ${state.path}; allowed: ${allowed.join(', ')}`,
    });
    response.headers = { ...response.headers, Allow: allowed.join(', ') };
    return response;
  }
  if (routed.kind === 'prism-error') return prismRefusal(state, routed);
  const operation = spec.operation(routed.operationId);
  state.operation = operation;
  state.params = { ...spec.serverVariables, ...state.serverVariables, ...pathParamsOf(operation, path) };
  state.tenant = vendor.plugin.tenantOf?.(state.params);
  return undefined;
};

function relativePathOf(state: RequestState): string {
  return state.relativePath ?? state.path;
}

/**
 * Prism refused the request. What Prism cannot process came from the client (its own faults
 * surface as exceptions), so a 5xx from it is answered as the client's 400, never as the mock's.
 */
export function prismRefusal(state: RequestState, refusal: { status: number; title: string; detail: string }): MockResponse {
  const status = refusal.status >= 500 ? 400 : refusal.status;
  const title = status === refusal.status ? refusal.title || (STATUS_CODES[status] ?? 'Error') : (STATUS_CODES[400] as string);
  return operationError(state, status, { title, detail: refusal.detail });
}

/** The operation the route stage found; the stages after it may rely on it. */
export function operationOf(state: RequestState): OperationInfo {
  if (!state.operation) throw new Error('an operation stage ran before route');
  return state.operation;
}

/** Each operation's path template, compiled once (a new RegExp per request was 1% of a create). */
const pathTemplates = new Map<string, CompiledTemplate<undefined>>();

function pathParamsOf(operation: OperationInfo, path: string): Record<string, string> {
  let compiled = pathTemplates.get(operation.path);
  if (!compiled) {
    compiled = compileTemplate(operation.path, undefined);
    pathTemplates.set(operation.path, compiled);
  }
  return variablesIn(compiled, path);
}

/** An answer in the vendor's error shape that names the operation (error shapes may differ per operation). */
export function operationError(state: RequestState, status: number, problem: Problem): MockResponse {
  return vendorOf(state).app.error(status, { ...problem, operationId: state.operation?.id });
}
