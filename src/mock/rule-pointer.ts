import { getByPointer, isObject, pointerOf, type JsonObject, type OperationInfo, type Spec } from '../openapi/load.js';
import type { LoggedViolation } from './request-log.js';
import type { MockResponse } from './types.js';

/** A broken rule as the gate or a handler reported it, before it is located in the spec. */
export interface RuleBroken {
  message: string;
  rule?: string;
  field?: string;
  location?: string;
  pointer?: string;
}

/** Keywords whose field names the missing or extra member, not the object that has the keyword. */
const NAMES_A_MEMBER = new Set(['required', 'dependentRequired']);

/**
 * Names where in the vendor's spec the rule a rejected request broke is written, so the page can
 * answer "why did my app get a 422?" with the schema keyword, parameter, security requirement or
 * x-rules entry. A rule that cannot be located keeps no pointer rather than a wrong one.
 */
export function locateRule(spec: Spec, operation: OperationInfo | undefined, status: number, broken: RuleBroken): LoggedViolation {
  const located: LoggedViolation = { message: broken.message };
  if (broken.rule) located.rule = broken.rule;
  if (broken.field) located.field = broken.field;
  if (broken.location) located.location = broken.location;
  const pointer = broken.pointer ?? (operation ? pointerFor(spec, operation, status, broken) : undefined);
  if (pointer) located.pointer = pointer;
  return located;
}

function pointerFor(spec: Spec, operation: OperationInfo, status: number, broken: RuleBroken): string | undefined {
  if (status === 401 || status === 403) {
    return isObject(operation.node) && Array.isArray(operation.node.security) ? `${operation.pointer}/security` : '/security';
  }
  if (status === 429 && operation.concurrencyLimit !== undefined) return `${operation.pointer}/x-concurrency-limit`;
  const rule = broken.rule;
  if (rule && rule in operation.rules) return `${operation.pointer}${pointerOf('x-rules', rule)}`;
  if (broken.location === 'body' && operation.requestBody?.schemaPointer) {
    return schemaPointer(spec, operation.requestBody.schemaPointer, broken.field, rule);
  }
  const parameter = operation.parameters.find(
    (p) => p.in === broken.location && p.name.toLowerCase() === (broken.field ?? '').split('.')[0]?.toLowerCase(),
  );
  if (parameter) return withKeyword(spec, parameter.schemaPointer, rule);
  return undefined;
}

/** Walks a dotted field (`data.codes.0.code`) through a schema, into properties, items and combinators. */
function schemaPointer(spec: Spec, root: string, field: string | undefined, rule: string | undefined): string | undefined {
  const names = (field ?? '').split('.').filter(Boolean);
  const member = rule && NAMES_A_MEMBER.has(rule) ? names.pop() : undefined;
  let pointer: string | undefined = resolve(spec, root);
  for (const name of names) {
    if (pointer === undefined) return undefined;
    pointer = child(spec, pointer, name);
  }
  return pointer === undefined ? undefined : withKeyword(spec, pointer, rule, member);
}

function child(spec: Spec, pointer: string, name: string): string | undefined {
  const node = nodeAt(spec, pointer);
  if (!node) return undefined;
  if (isObject(node.properties) && isObject(node.properties[name])) return resolve(spec, `${pointer}${pointerOf('properties', name)}`);
  if (/^\d+$/.test(name) && isObject(node.items)) return resolve(spec, `${pointer}/items`);
  for (const combinator of ['allOf', 'oneOf', 'anyOf']) {
    const branches = node[combinator];
    if (!Array.isArray(branches)) continue;
    for (let i = 0; i < branches.length; i++) {
      const found = child(spec, resolve(spec, `${pointer}/${combinator}/${i}`) ?? '', name);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The keyword's own pointer where the node has it, or one of its combinator branches does (for
 * `required`, the branch that requires `member`); else the node's.
 */
function withKeyword(spec: Spec, pointer: string, rule: string | undefined, member?: string): string {
  const target = resolve(spec, pointer) ?? pointer;
  if (!rule) return target;
  return keywordIn(spec, target, rule, member, 0) ?? target;
}

function keywordIn(spec: Spec, pointer: string, rule: string, member: string | undefined, depth: number): string | undefined {
  const node = nodeAt(spec, pointer);
  if (!node || depth > 8) return undefined;
  const value = node[rule];
  if (value !== undefined && (member === undefined || !Array.isArray(value) || value.includes(member))) return `${pointer}/${rule}`;
  for (const combinator of ['allOf', 'oneOf', 'anyOf']) {
    const branches = node[combinator];
    if (!Array.isArray(branches)) continue;
    for (let i = 0; i < branches.length; i++) {
      const branch = resolve(spec, `${pointer}/${combinator}/${i}`);
      const found = branch && keywordIn(spec, branch, rule, member, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function resolve(spec: Spec, pointer: string): string | undefined {
  let current = pointer;
  for (let hops = 0; hops < 32; hops++) {
    const node = getByPointer(spec.document, current);
    if (!isObject(node)) return undefined;
    if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) return current;
    current = node.$ref.slice(1);
  }
  return undefined;
}

function nodeAt(spec: Spec, pointer: string): JsonObject | undefined {
  const node = getByPointer(spec.document, pointer);
  return isObject(node) ? node : undefined;
}

/**
 * What a rejected request is logged with: the validator's findings when it had any, else the
 * problem the core or the vendor handler answered with; each located in the spec.
 */
export function recordedViolations(
  spec: Spec,
  operation: OperationInfo | undefined,
  response: MockResponse,
  validatorFindings: readonly RuleBroken[],
): LoggedViolation[] {
  if (response.status < 400) return [];
  const problem = response.problem;
  const broken: RuleBroken[] =
    validatorFindings.length > 0
      ? [...validatorFindings]
      : problem
        ? [{ message: problem.detail, rule: problem.rule, field: problem.field, location: problem.location }]
        : [];
  return broken.map((b) =>
    locateRule(spec, operation, response.status, { ...b, field: b.field || undefined, location: b.location || undefined }),
  );
}
