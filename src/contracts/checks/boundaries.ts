import { getByPointer, type JsonObject, type OperationInfo } from '../../openapi/load.js';
import { applyCase, boundaryCases, type BoundaryCase } from '../boundaries.js';
import { fixtureOf } from '../fixtures.js';
import { expectSchema, expectStatus, specRule, ViolationList, type SpecRule } from '../check.js';
import type { Check, CheckContext, PreparedRequest } from '../types.js';
import type { QueryValue } from '../http.js';

const CONSTRAINTS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'enum', 'const', 'minItems', 'maxItems', 'type', '$ref'];

function hasQueryCases(op: OperationInfo): boolean {
  return op.parameters.some((p) => p.in === 'query' && (p.required || CONSTRAINTS.some((k) => k in p.schema)));
}

/** The query parameters as one object schema, each property a `$ref` to the parameter's schema (so pointers lead to the spec). */
function querySchema(op: OperationInfo): JsonObject {
  const params = op.parameters.filter((p) => p.in === 'query');
  return {
    type: 'object',
    required: params.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(params.map((p) => [p.name, { $ref: `#${p.schemaPointer}` }])),
  };
}

/** Every case of the operation: body fields, then query parameters. */
export function casesOf(ctx: CheckContext, op: OperationInfo, base: PreparedRequest): Array<BoundaryCase & { location: 'body' | 'query' }> {
  const resolve = (ref: string) => getByPointer(ctx.spec.document, ref);
  const prefix = ctx.target.runPrefix;
  const cases: Array<BoundaryCase & { location: 'body' | 'query' }> = [];
  if (op.requestBody?.schemaPointer) {
    const pointer = op.requestBody.schemaPointer;
    for (const c of boundaryCases({ $ref: `#${pointer}` }, base.body, { prefix, resolve, pointer, location: 'body' })) cases.push({ ...c, location: 'body' });
  }
  if (hasQueryCases(op)) {
    const pointer = `${op.pointer}/parameters`;
    for (const c of boundaryCases(querySchema(op), base.query ?? {}, { prefix, resolve, pointer, location: 'query' })) cases.push({ ...c, location: 'query' });
  }
  const skipValid = new Set(fixtureOf(ctx.fixtures, op)?.skipValidBoundaries ?? []);
  return cases.filter((c) => !(c.valid && skipValid.has(`${c.location}.${c.field}`)));
}

function withCase(base: PreparedRequest, c: BoundaryCase & { location: 'body' | 'query' }): PreparedRequest {
  if (c.location === 'body') return { ...base, body: applyCase(base.body, c) };
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
  appliesTo: (op) => op.requestBody?.schemaPointer !== undefined || hasQueryCases(op),
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
