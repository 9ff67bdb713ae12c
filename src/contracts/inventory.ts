/**
 * The rules a spec states, listed from the spec itself, and which check covers each: every
 * `x-rules` key of every operation, and every schema keyword that constrains a request (request
 * bodies and parameters). A keyword counts as covered by `boundaries` only where that check
 * derives a case for its pointer (asked of the check's own derivation, `boundaryPointers`); an
 * x-rules key, or a keyword boundaries cannot reach, by the vendor definition's `ruleChecks`,
 * whose names must be checks that run for the vendor. What no check covers is a rule without a
 * case: `uncoveredRules` names it by its spec pointer.
 */
import { getByPointer, isObject, pointerOf, type JsonObject, type OperationInfo, type Spec } from '../openapi/load.js';
import { INTEGER_FORMATS } from './boundaries.js';
import { boundaryPointers } from './checks/boundaries.js';
import { genericChecks } from './checks/index.js';
import type { ContractVendor } from './types.js';

/** Keywords that constrain a value of a request (JSON Schema validation keywords). */
export const CONSTRAINT_KEYWORDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'enum',
  'const',
  'required',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'dependentRequired',
] as const;

export interface SpecRuleEntry {
  /** JSON pointer of the rule in the spec document (`/paths/.../x-rules/maxCodeLength`). */
  pointer: string;
  kind: 'x-rules' | 'keyword';
  /** The operation whose request it constrains (the first one that reaches a shared schema). */
  operationId: string;
  /** `maxCodeLength`, `maxLength`. */
  name: string;
  /** `ruleChecks` key of an x-rules entry: `generateCouponCodes.maxCodeLength`. */
  key: string;
}

export interface CoveredRule extends SpecRuleEntry {
  /** The checks that exercise it: `boundaries`, or the names `ruleChecks` gives. */
  checks: string[];
}

/** Every rule the spec states for requests: x-rules keys, then request keywords, each once. */
export function specRules(spec: Spec): SpecRuleEntry[] {
  const rules = new Map<string, SpecRuleEntry>();
  const add = (entry: SpecRuleEntry) => {
    if (!rules.has(entry.pointer)) rules.set(entry.pointer, entry);
  };
  for (const op of spec.operations) {
    for (const name of Object.keys(op.rules)) {
      add({ pointer: `${op.pointer}/x-rules${pointerOf(name)}`, kind: 'x-rules', operationId: op.id, name, key: `${op.id}.${name}` });
    }
  }
  for (const op of spec.operations) {
    for (const keyword of requestKeywords(spec, op)) add({ ...keyword, kind: 'keyword', operationId: op.id, key: keyword.pointer });
  }
  return [...rules.values()];
}

/** Constraint keywords of an operation's parameters and request body, where they are written. */
function requestKeywords(spec: Spec, op: OperationInfo): Array<{ pointer: string; name: string }> {
  const found: Array<{ pointer: string; name: string }> = [];
  const seen = new Set<string>();
  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (!isObject(node) || depth > 32 || seen.has(pointer)) return;
    seen.add(pointer);
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
      const target = node.$ref.slice(1);
      visit(getByPointer(spec.document, target), target, depth + 1);
    }
    for (const keyword of CONSTRAINT_KEYWORDS) if (keyword in node && !impliedFormat(node, keyword)) found.push({ pointer: `${pointer}/${keyword}`, name: keyword });
    if (node.additionalProperties === false) found.push({ pointer: `${pointer}/additionalProperties`, name: 'additionalProperties' });
    if (isObject(node.properties)) for (const [name, sub] of Object.entries(node.properties)) visit(sub, `${pointer}${pointerOf('properties', name)}`, depth + 1);
    if (isObject(node.items)) visit(node.items, `${pointer}/items`, depth + 1);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, `${pointer}/${key}/${i}`, depth + 1));
    }
  };
  for (const param of op.parameters) {
    // A path parameter is required by OpenAPI itself; any other one's `required: true` is a rule.
    if (param.required && param.in !== 'path') found.push({ pointer: `${param.pointer}/required`, name: 'required' });
    visit(getByPointer(spec.document, param.schemaPointer), param.schemaPointer, 0);
  }
  if (op.requestBody?.schemaPointer) visit(getByPointer(spec.document, op.requestBody.schemaPointer), op.requestBody.schemaPointer, 0);
  return found;
}

/**
 * An integer format (`int32`) whose range the same schema's bounds or enum already lie within: it
 * refuses nothing they do not, so it is no rule of its own (a case past the bound breaks both).
 */
function impliedFormat(node: JsonObject, keyword: string): boolean {
  const range = keyword === 'format' && typeof node.format === 'string' ? INTEGER_FORMATS[node.format] : undefined;
  if (!range) return false;
  if (Array.isArray(node.enum)) return node.enum.every((v) => typeof v === 'number' && v >= range[0] && v <= range[1]);
  const within = (v: unknown, low: number, high: number) => typeof v === 'number' && v >= low && v <= high;
  return within(node.minimum, range[0], range[1]) && within(node.maximum, range[0], range[1]);
}

/** Each rule of the spec with the checks that cover it (none: a rule without a case). */
export function ruleCoverage(spec: Spec, vendor: Pick<ContractVendor, 'checks' | 'ruleChecks'>): CoveredRule[] {
  const derived = new Set(spec.operations.flatMap((op) => boundaryPointers(spec, op)));
  const mapped = vendor.ruleChecks ?? {};
  return specRules(spec).map((rule) => {
    const checks = [...(derived.has(rule.pointer) ? ['boundaries'] : []), ...(mapped[rule.key] ?? [])];
    return { ...rule, checks: [...new Set(checks)] };
  });
}

/** `ruleChecks` entries that name no check of the vendor (generic or its own), or no rule of the spec. */
export function ruleCheckProblems(spec: Spec, vendor: Pick<ContractVendor, 'checks' | 'ruleChecks'>): string[] {
  const names = new Set([...genericChecks, ...vendor.checks].map((c) => c.name));
  const keys = new Set(specRules(spec).map((r) => r.key));
  const problems: string[] = [];
  for (const [key, checks] of Object.entries(vendor.ruleChecks ?? {})) {
    if (!keys.has(key)) problems.push(`${key}: no such rule in ${spec.path}`);
    if (checks.length === 0) problems.push(`${key}: names no check`);
    for (const name of checks) if (!names.has(name)) problems.push(`${key}: ${name} is not a check of the vendor`);
  }
  return problems;
}

/** The rules no check covers: `spec/<vendor>.yaml#<pointer>` each. */
export function uncoveredRules(spec: Spec, vendor: Pick<ContractVendor, 'checks' | 'ruleChecks'>): string[] {
  return ruleCoverage(spec, vendor)
    .filter((rule) => rule.checks.length === 0)
    .map((rule) => `${spec.path.split('/').slice(-2).join('/')}#${rule.pointer}`);
}
