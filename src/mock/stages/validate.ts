import type { Problem } from '../types.js';
import type { Violation } from '../prism-gate.js';
import { vendorOf, type Stage } from '../request-state.js';
import { gateRequestOf, operationError, operationOf, prismRefusal } from './route.js';

/**
 * What the request broke, after authorization (a vendor checks credentials first), by Prism's
 * validator: 415 for a media type the operation does not take or a body it takes under a
 * Content-Type that is no media type, else the operation's validation status for Prism's
 * violations and for numbers JSON cannot hold.
 */
export const validate: Stage = async (state) => {
  const operation = operationOf(state);
  const inspected = await vendorOf(state).gate.inspect(gateRequestOf(state));
  if (inspected.kind === 'prism-error') return prismRefusal(state, inspected);
  state.violations = inspected.violations;
  // A body on an operation that takes none is ignored (prism-gate.ts), so is its Content-Type.
  if (state.unparseableContentType && operation.requestBody && (state.bodyText ?? '').length > 0) {
    return operationError(state, 415, {
      title: 'Unsupported Media Type',
      detail: `The Content-Type header is not a media type; send ${operation.requestBody.contentTypes.join(' or ')}`,
      location: 'header',
      field: 'content-type',
    });
  }
  const unsupported = state.violations.find((v) => v.rule === '415');
  if (unsupported) {
    return operationError(state, 415, { title: 'Unsupported Media Type', detail: unsupported.message, location: 'header', field: 'content-type' });
  }
  const violations = [...state.violations, ...(operation.requestBody ? nonFiniteNumbers(state.body) : [])];
  state.violations = violations;
  if (violations.length > 0) return operationError(state, operation.validationStatus, problemOf(violations));
  return undefined;
};

/**
 * `1e309` parses to Infinity: no JSON Schema type admits it (JSON has no such number), yet
 * validators pass it as a number, and stored it becomes `null`. Walked without recursion, so a
 * deeply nested body cannot overflow the stack.
 */
export function nonFiniteNumbers(body: unknown): Violation[] {
  interface Visit {
    value: unknown;
    key?: string;
    parent?: Visit;
  }
  const found: Violation[] = [];
  const pending: Visit[] = [{ value: body }];
  while (pending.length > 0) {
    const visit = pending.pop() as Visit;
    const { value } = visit;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      const keys: string[] = [];
      for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) keys.unshift(at.key);
      const field = keys.join('.');
      found.push({ location: 'body', field, rule: 'type', message: `${field || 'the body'} must be a finite number (JSON cannot hold ${value})` });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) pending.push({ value: child, key, parent: visit });
    }
  }
  return found;
}

/** Schema keywords that, beside a failed oneOf/anyOf, mark a branch the request was never meant for. */
const OTHER_BRANCH = new Set(['oneOf', 'anyOf', 'const', 'additionalProperties']);

/**
 * Prism reports the failures of every branch of a oneOf. The branches the request was not meant
 * for fail on their discriminating `const` or on fields they do not have; what is left is what
 * the client got wrong. When nothing is left, every branch is reported.
 */
export function relevantViolations(violations: Violation[]): Violation[] {
  if (!violations.some((v) => v.rule === 'oneOf' || v.rule === 'anyOf')) return violations;
  const left = violations.filter((v) => !OTHER_BRANCH.has(v.rule));
  return left.length > 0 ? left : violations;
}

export function problemOf(all: Violation[]): Problem {
  const violations = relevantViolations(all);
  const first = violations[0] as Violation;
  return {
    title: first.location === 'body' || first.location === '' ? 'Invalid request body' : `Invalid ${first.location} parameter`,
    detail: violations.map((v) => v.message).join('; '),
    field: first.field || undefined,
    rule: first.rule,
    location: first.location || undefined,
  };
}
