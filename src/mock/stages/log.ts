import { redactHeaders } from '../../redact.js';
import { JsonText } from '../request-log.js';
import type { RequestState } from '../request-state.js';
import type { MockRuntime } from '../runtime.js';
import { recordedViolations } from '../rule-pointer.js';
import type { MockResponse } from '../types.js';
import { relevantViolations } from './validate.js';

/** Every request to a vendor goes into /__mock/requests (whatever answered it) and the log lines. */
export function logRequest(state: RequestState, runtime: MockRuntime, response: MockResponse, sentJson?: string): void {
  const durationMs = Math.round((performance.now() - state.started) * 10) / 10;
  const vendor = state.vendor;
  if (!vendor) return;
  runtime.requestLog.add({
    at: new Date().toISOString(),
    vendor: vendor.plugin.vendor,
    tenant: state.tenant ?? vendor.plugin.tenantOf?.({ ...vendor.spec.serverVariables, ...state.serverVariables }),
    method: state.method,
    path: state.path,
    query: state.search,
    operationId: state.operation?.id,
    status: response.status,
    durationMs,
    requestHeaders: redactHeaders(state.headers),
    // Kept as they are; request-log.ts redacts and cuts them when an entry is read.
    requestBody: state.body ?? (state.bodyText || undefined),
    // The text sent rather than the object: one string, where a codegen answer is hundreds of
    // objects that the collector copied and marked while the log held them (a third of its time).
    responseBody: sentJson === undefined ? response.body : new JsonText(sentJson),
    violations: recordedViolations(vendor.spec, state.operation, response, relevantViolations(state.violations)),
  });
  runtime.log?.(`${state.method} ${state.path}${state.search} ${response.status} ${durationMs}ms`);
}
