import { getByPointer, type JsonObject, type OperationInfo, type Spec } from '../../openapi/load.js';
import { applyCase, boundaryCases, type BoundaryCase } from '../boundaries.js';
import { fixtureOf, minimalBody, parameterExample } from '../fixtures.js';
import { expectSchema, expectStatus, specRule, ViolationList, type SpecRule } from '../check.js';
import type { Check, CheckContext, PreparedRequest } from '../types.js';
import type { QueryValue } from '../http.js';

const CONSTRAINTS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format', 'enum', 'const', 'minItems', 'maxItems', 'type', '$ref'];

function hasCases(op: OperationInfo, where: 'query' | 'path'): boolean {
  return op.parameters.some((p) => p.in === where && ((where === 'query' && p.required) || CONSTRAINTS.some((k) => k in p.schema)));
}

/**
 * The parameters of one kind as one object schema, each property a `$ref` to the parameter's
 * schema (so pointers lead to the spec) with the parameter's example beside it (a valid value to
 * break where the schema's pattern is too rich to build one).
 */
function parametersSchema(spec: Spec, op: OperationInfo, where: 'query' | 'path'): JsonObject {
  const params = op.parameters.filter((p) => p.in === where);
  return {
    type: 'object',
    required: params.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(params.map((p) => [p.name, { $ref: `#${p.schemaPointer}`, examples: [parameterExample(spec, p)] }])),
  };
}

type LocatedCase = BoundaryCase & { location: 'body' | 'query' | 'path' };

/**
 * Every case the spec gives an operation, applied to `base` (a valid request): body fields, then
 * query parameters. A missing required query parameter names the parameter's own `required`.
 */
export function deriveCases(spec: Spec, op: OperationInfo, base: Partial<PreparedRequest>, prefix: string): LocatedCase[] {
  const resolve = (ref: string) => getByPointer(spec.document, ref);
  const cases: LocatedCase[] = [];
  if (op.requestBody?.schemaPointer) {
    const pointer = op.requestBody.schemaPointer;
    for (const c of boundaryCases({ $ref: `#${pointer}` }, base.body, { prefix, resolve, pointer, location: 'body' })) cases.push({ ...c, location: 'body' });
  }
  const pointer = `${op.pointer}/parameters`;
  if (hasCases(op, 'query')) {
    const parameterAt = new Map(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.pointer]));
    for (const c of boundaryCases(parametersSchema(spec, op, 'query'), base.query ?? {}, { prefix, resolve, pointer, location: 'query' })) {
      const at = c.kind === 'missing-required' && c.path.length === 1 ? parameterAt.get(String(c.path[0])) : undefined;
      cases.push({ ...c, ...(at ? { pointer: `${at}/required` } : {}), location: 'query' });
    }
  }
  if (hasCases(op, 'path')) {
    // Only values the spec refuses: a valid one would name another resource. A path parameter is
    // never left out (the path would be another one).
    for (const c of boundaryCases(parametersSchema(spec, op, 'path'), base.params ?? {}, { prefix, resolve, pointer, location: 'path' })) {
      if (!c.valid && c.kind !== 'missing-required') cases.push({ ...c, location: 'path' });
    }
  }
  return cases;
}

/**
 * The spec pointers (`.../maxLength`, `.../required`) the boundaries check derives a case for on
 * the operation's default request (the `minimal` body example, the required query parameters'
 * examples): what the rule inventory counts as covered by it.
 */
export function boundaryPointers(spec: Spec, op: OperationInfo): string[] {
  const query: Record<string, QueryValue> = {};
  for (const param of op.parameters.filter((p) => p.in === 'query' && p.required)) query[param.name] = parameterExample(spec, param) as QueryValue;
  const params = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, String(parameterExample(spec, p))]));
  return [...new Set(deriveCases(spec, op, { params, body: minimalBody(op), query }, '').map((c) => c.pointer))];
}

/** Every case of the operation on the run's prepared request, less the valid ones the fixture keeps back. */
export function casesOf(ctx: CheckContext, op: OperationInfo, base: PreparedRequest): LocatedCase[] {
  const skipValid = new Set(fixtureOf(ctx.fixtures, op)?.skipValidBoundaries ?? []);
  return deriveCases(ctx.spec, op, base, ctx.target.runPrefix).filter((c) => !(c.valid && skipValid.has(`${c.location}.${c.field}`)));
}

function withCase(base: PreparedRequest, c: LocatedCase): PreparedRequest {
  if (c.location === 'body') return { ...base, body: applyCase(base.body, c) };
  if (c.location === 'path') return { ...base, params: { ...base.params, [String(c.path[0])]: String(c.value) } };
  return { ...base, query: applyCase(base.query ?? {}, c) as Record<string, QueryValue> };
}

function caseRule(ctx: CheckContext, c: BoundaryCase, expectation: string): SpecRule {
  return specRule(ctx.spec, c.pointer, `${c.says}: ${expectation}`);
}

/**
 * Boundary cases derived from the request schema and the query parameters (see boundaryCases):
 * valid ones are accepted with a documented success status (then undone through the fixture),
 * invalid ones rejected with the operation's validation status in the documented error shape.
 */
export const boundaries: Check = {
  name: 'boundaries',
  description: 'values at each documented limit are accepted; values past it, of the wrong type or missing are rejected with the validation status',
  mutates: true,
  scope: 'operation',
  appliesTo: (op) => op.requestBody?.schemaPointer !== undefined || hasCases(op, 'query') || hasCases(op, 'path'),
  async run(ctx, op) {
    if (!op) return;
    const base = await ctx.prepare(op);
    const cases = casesOf(ctx, op, base);
    if (cases.length === 0) ctx.skip('the request schema has no constrained field');
    const violations = new ViolationList();
    const rejectStatus = op.validationStatus;

    await Promise.all(
      cases
        .filter((c) => !c.valid)
        .map(async (c) => {
          const exchange = await ctx.call(op, withCase(base, c), { note: `boundaries: ${c.id}` });
          await ctx.undo(op, exchange);
          await violations.attempt(() => {
            expectStatus(exchange, rejectStatus, caseRule(ctx, c, `breaking it is answered ${rejectStatus} (x-validation-status)`), `${c.id} (${describe(c)})`);
            expectSchema(ctx, exchange, op, c.id);
          });
        }),
    );

    // Valid cases one at a time, each on a fresh request and undone before the next: vendors
    // limit what may exist at once (one active job per promotion).
    for (const c of cases.filter((c) => c.valid)) {
      const fresh = await ctx.prepare(op);
      const exchange = await ctx.call(op, withCase(fresh, c), { note: `boundaries: ${c.id}` });
      await ctx.undo(op, exchange);
      const valid = ctx.validStatuses(op);
      await violations.attempt(() => {
        expectStatus(exchange, valid, caseRule(ctx, c, `a value at the limit is valid: answered ${valid.join(' or ')}`), `${c.id} (${describe(c)})`);
        expectSchema(ctx, exchange, op, c.id);
      });
    }
    violations.throwIfAny((n) => `${n} of ${cases.length} boundary cases of ${op.id} were not answered as the spec says`);
  },
};

function describe(c: BoundaryCase): string {
  if (c.remove) return 'left out';
  const text = JSON.stringify(c.value) ?? String(c.value);
  if (Array.isArray(c.value)) return `${c.value.length} items`;
  if (typeof c.value === 'string' && c.value.length > 24) return `${c.value.length} characters`;
  return text;
}
