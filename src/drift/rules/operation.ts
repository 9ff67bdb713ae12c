import { pointerOf } from '../../openapi/load.js';
import type { IndexedContent, IndexedOperation, SecurityRequirement } from '../index-spec.js';
import { defineRule, type Reporter } from '../rule.js';

export interface OperationPair {
  old: IndexedOperation;
  new: IndexedOperation;
}

export const responseStatusRemoved = defineRule({
  id: 'response-status-removed',
  additiveId: 'response-status-added',
  // Unlike oasdiff, a removed 4xx is breaking too: clients and contract checks branch on it.
  summary: 'a documented response status removed, error statuses included',
  check: ({ old, new: current }: OperationPair, report) => {
    for (const [status, response] of old.responses) {
      if (!current.responses.has(status)) report.breaking({ pointer: response.pointer, location: current.responsesLocation, message: `${old.label} no longer documents response ${status}` });
    }
    for (const [status, response] of current.responses) {
      if (!old.responses.has(status)) report.additive({ pointer: response.pointer, location: response.location, message: `${current.label} documents new response ${status}` });
    }
  },
});

function compareMediaTypes(what: string, before: IndexedContent | undefined, after: IndexedContent | undefined, report: Reporter): void {
  if (!before || !after) return;
  const contentAt = `${after.location}/content`;
  for (const type of before.mediaTypes.keys()) {
    if (!after.mediaTypes.has(type)) report.breaking({ pointer: `${before.pointer}${pointerOf('content', type)}`, location: contentAt, message: `${what} no longer offers ${type}` });
  }
  for (const type of after.mediaTypes.keys()) {
    if (!before.mediaTypes.has(type)) report.additive({ pointer: `${after.pointer}${pointerOf('content', type)}`, location: contentAt, message: `${what} now offers ${type}` });
  }
}

export const requestMediaTypeRemoved = defineRule({
  id: 'request-media-type-removed',
  additiveId: 'request-media-type-added',
  summary: 'a request body media type removed',
  check: ({ old, new: current }: OperationPair, report) => compareMediaTypes(`${current.label} request body`, old.requestBody, current.requestBody, report),
});

export const responseMediaTypeRemoved = defineRule({
  id: 'response-media-type-removed',
  additiveId: 'response-media-type-added',
  summary: 'a media type of a response removed',
  check: ({ old, new: current }: OperationPair, report) => {
    for (const [status, response] of old.responses) compareMediaTypes(`${current.label} response ${status}`, response, current.responses.get(status), report);
  },
});

export const newRequiredParameter = defineRule({
  id: 'new-required-parameter',
  additiveId: 'new-optional-parameter',
  summary: 'a new required parameter',
  check: ({ old, new: current }: OperationPair, report) => {
    for (const [key, parameter] of current.parameters) {
      if (old.parameters.has(key)) continue;
      const observation = { pointer: parameter.pointer, location: parameter.location };
      // A path parameter is part of the URL: renaming it changes no request a client sends.
      if (parameter.in === 'path') continue;
      if (parameter.required) report.breaking({ ...observation, message: `new required ${parameter.in} parameter ${parameter.name}` });
      else report.additive({ ...observation, message: `new optional ${parameter.in} parameter ${parameter.name}` });
    }
  },
});

export const requestParameterBecameRequired = defineRule({
  id: 'request-parameter-became-required',
  additiveId: 'request-parameter-became-optional',
  summary: 'an optional parameter made required',
  check: ({ old, new: current }: OperationPair, report) => {
    for (const [key, parameter] of current.parameters) {
      const before = old.parameters.get(key);
      if (!before || before.required === parameter.required) continue;
      const observation = { pointer: parameter.pointer, location: parameter.location };
      if (parameter.required) report.breaking({ ...observation, message: `${parameter.in} parameter ${parameter.name} became required` });
      else report.additive({ ...observation, message: `${parameter.in} parameter ${parameter.name} became optional` });
    }
  },
});

export const requestBodyBecameRequired = defineRule({
  id: 'request-body-became-required',
  additiveId: 'request-body-became-optional',
  summary: 'a request body made required (or added as required)',
  check: ({ old, new: current }: OperationPair, report) => {
    const before = old.requestBody?.required ?? false;
    const after = current.requestBody?.required ?? false;
    if (after && !before && current.requestBody) report.breaking({ pointer: `${current.requestBody.pointer}/required`, location: current.requestBody.location, message: `${current.label} request body became required` });
    if (before && !after && old.requestBody) report.additive({ pointer: current.requestBody?.pointer ?? old.requestBody.pointer, location: current.requestBody?.location ?? current.location, message: `${current.label} request body became optional` });
  },
});

// An empty list of alternatives (no `security` anywhere) lets anyone in: one empty alternative.
function alternativesOf(operation: IndexedOperation): SecurityRequirement[][] {
  return operation.security.alternatives.length === 0 ? [[]] : operation.security.alternatives;
}

/** Whether credentials that meet `held` also meet `needed`: same schemes, no extra scopes. */
function grants(held: SecurityRequirement[], needed: SecurityRequirement[]): boolean {
  return needed.every((requirement) => held.some((h) => h.scheme === requirement.scheme && requirement.scopes.every((scope) => h.scopes.includes(scope))));
}

function describeSecurity(alternatives: SecurityRequirement[][]): string {
  const describe = (alternative: SecurityRequirement[]) =>
    alternative.length === 0 ? 'none' : alternative.map((r) => (r.scopes.length > 0 ? `${r.scheme}[${r.scopes.join(' ')}]` : r.scheme)).join(' + ');
  return alternatives.map(describe).join(' or ');
}

export const securityChanged = defineRule({
  id: 'security-changed',
  additiveId: 'security-loosened',
  summary: 'a client that was authorized under the old security requirements is not under the new ones',
  check: ({ old, new: current }: OperationPair, report) => {
    const before = alternativesOf(old);
    const after = alternativesOf(current);
    const stranded = before.filter((held) => !after.some((needed) => grants(held, needed)));
    const widened = after.some((held) => !before.some((needed) => grants(held, needed)));
    const message = `${current.label} security changed from ${describeSecurity(before)} to ${describeSecurity(after)}`;
    const observation = { pointer: current.security.pointer, location: current.security.location };
    if (stranded.length > 0) report.breaking({ ...observation, message });
    else if (widened) report.additive({ ...observation, message });
  },
});

export const operationIdChanged = defineRule({
  id: 'api-operation-id-removed',
  additiveId: 'api-operation-id-added',
  // Handlers, contract checks and the generated `operations` type are keyed by operationId.
  summary: 'the operationId of an operation changed or removed',
  check: ({ old, new: current }: OperationPair, report) => {
    if (old.operationId === current.operationId) return;
    const observation = { pointer: `${current.pointer}/operationId`, location: `${current.location}/operationId` };
    if (old.operationId !== undefined) report.breaking({ ...observation, message: `${current.label} operationId changed from ${old.operationId} to ${current.operationId ?? '(none)'}` });
    else report.additive({ ...observation, message: `${current.label} operationId ${String(current.operationId)} added` });
  },
});

export const operationRules = [
  responseStatusRemoved,
  requestMediaTypeRemoved,
  responseMediaTypeRemoved,
  newRequiredParameter,
  requestParameterBecameRequired,
  requestBodyBecameRequired,
  securityChanged,
  operationIdChanged,
] as const;
