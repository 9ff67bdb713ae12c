import { getByPointer, isObject, type JsonObject, type OperationInfo, type ParameterInfo, type Spec, type VendorName } from '../openapi/load.js';
import type { QueryValue } from './http.js';
import type { CheckContext, OperationFixture, PreparedRequest, VendorFixtures } from './types.js';
import { sampleValue } from './values.js';

/** Identity, so that a fixtures file names only its vendor's operations (typed from generated/). */
export function defineFixtures<V extends VendorName>(_vendor: V, fixtures: VendorFixtures<V>): VendorFixtures<V> {
  return fixtures;
}

/** The fixture of an operation the spec reader found (its id a string read from the same spec generated/ was made of). */
export function fixtureOf(fixtures: VendorFixtures, op: OperationInfo): OperationFixture | undefined {
  return (fixtures.operations as Readonly<Record<string, OperationFixture | undefined>>)[op.id];
}

/** The parameter object (not its schema) of a ParameterInfo. */
function parameterNode(spec: Spec, param: ParameterInfo): JsonObject {
  const node = getByPointer(spec.document, param.pointer);
  return isObject(node) ? node : {};
}

/** A valid value of a parameter: its example, the first of its examples, or one built from its schema. */
export function parameterExample(spec: Spec, param: ParameterInfo, prefix = ''): unknown {
  const node = parameterNode(spec, param);
  if ('example' in node) return node.example;
  if (isObject(node.examples)) {
    for (const raw of Object.values(node.examples)) {
      const ex = isObject(raw) && typeof raw.$ref === 'string' ? getByPointer(spec.document, raw.$ref) : raw;
      if (isObject(ex) && 'value' in ex) return ex.value;
    }
  }
  return sampleValue(param.schema, { prefix, resolve: (ref) => getByPointer(spec.document, ref) });
}

/** The `minimal` example of the request body (or its first example). */
export function minimalBody(op: OperationInfo): unknown {
  const examples = op.requestBody?.examples ?? {};
  if ('minimal' in examples) return structuredClone(examples.minimal);
  const first = Object.values(examples)[0];
  return first === undefined ? undefined : structuredClone(first);
}

/**
 * The default request of an operation: the owner parameter from the target (skips when none is
 * known), other path parameters and required query parameters from the spec's examples, the
 * `minimal` body example.
 */
export async function defaultRequest(ctx: CheckContext, op: OperationInfo): Promise<PreparedRequest> {
  const params: Record<string, string> = {};
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    if (param.name === ctx.fixtures.ownerParam) params[param.name] = ctx.requireOwner();
    else params[param.name] = String(parameterExample(ctx.spec, param, ctx.target.runPrefix));
  }
  const query: Record<string, QueryValue> = {};
  for (const param of op.parameters.filter((p) => p.in === 'query' && p.required)) {
    query[param.name] = parameterExample(ctx.spec, param, ctx.target.runPrefix) as QueryValue;
  }
  const request: PreparedRequest = { params };
  if (Object.keys(query).length > 0) request.query = query;
  const body = minimalBody(op);
  if (body !== undefined) request.body = body;
  return request;
}

/** Path parameters that need no setup: the owner (if known) and examples. For checks that only need a route. */
export function routeParams(ctx: CheckContext, op: OperationInfo): Record<string, string> {
  const params: Record<string, string> = {};
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    params[param.name] =
      param.name === ctx.fixtures.ownerParam && ctx.target.ownerId !== undefined
        ? ctx.target.ownerId
        : String(parameterExample(ctx.spec, param, ctx.target.runPrefix));
  }
  return params;
}

/** Fills a path template: `/promotions/{promotion_id}/codes` with `{promotion_id: '1'}`. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter '${name}' of ${template}`);
    return encodeURIComponent(value);
  });
}
