/**
 * Every fact of spec/shoplazza.yaml that code reads (operation names, the batch limit, allowed
 * values and defaults, success statuses, error words, x-rules), each with the JSON pointer it
 * comes from. The one reader for the mock plugin (`readSpecFacts`) and the contract checks.
 * Nothing here is a number written in code: change the spec and both follow.
 */
import { getByPointer, isObject, pointerSegment, successStatuses, type OperationInfo, type Spec } from '../../openapi/load.js';
import type { components } from '../../../generated/shoplazza.js';

/** The operationIds (fixed names, see docs/ARCHITECTURE.md). */
export const OP = {
  batch: 'batchCreateDiscountCodes',
  create: 'createDiscountCode',
  list: 'listDiscountCodes',
  get: 'getDiscountCode',
  remove: 'deleteDiscountCode',
  lookup: 'lookupDiscountCode',
} as const;

/** A discount code as the API answers it: the spec's `components/schemas/DiscountCode`. */
export type DiscountCode = components['schemas']['DiscountCode'];

/** The options of one input code (`components/schemas/DiscountCodeInput`). */
export interface DiscountCodeInput {
  code: string;
  use_with_other?: number;
  usage_limit?: number;
}

export interface SpecNode {
  node: unknown;
  /** Where the node is (after following `$ref`s on the way), without `#`. */
  pointer: string;
}

/** Follows `$ref`s at the node itself. */
export function resolveAt(spec: Spec, pointer: string): SpecNode {
  const document = spec.document;
  let current = pointer.replace(/^#/, '');
  let node = getByPointer(document, current);
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string' && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    current = node.$ref.replace(/^#/, '');
    node = getByPointer(document, current);
  }
  return { node, pointer: current };
}

/**
 * Walks `keys` down from `start`, following a `$ref` only where the key is not next to it
 * (OpenAPI 3.1 allows `default` or `description` beside a `$ref`).
 */
export function specAt(spec: Spec, start: string, ...keys: Array<string | number>): SpecNode {
  const document = spec.document;
  let pointer = start.replace(/^#/, '');
  let node = getByPointer(document, pointer);
  for (const key of keys) {
    const seen = new Set<string>();
    while (isObject(node) && typeof node.$ref === 'string' && !(String(key) in node) && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      pointer = node.$ref.replace(/^#/, '');
      node = getByPointer(document, pointer);
    }
    node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[String(key)] : undefined;
    pointer += `/${pointerSegment(key)}`;
  }
  return { node, pointer };
}

/** The documented success status of an operation (its first 2xx response). */
export function successStatus(spec: Spec, op: OperationInfo): number {
  const status = successStatuses(op)[0];
  if (status === undefined) throw new Error(`${spec.path}: ${op.id} documents no 2xx response`);
  return status;
}

/** The schema of an operation's first documented 2xx body. */
function successSchemaPointer(spec: Spec, op: OperationInfo): string {
  const pointer = op.responses[String(successStatus(spec, op))]?.schemaPointer;
  if (!pointer) throw new Error(`${spec.path}: ${op.id} documents no 2xx body schema`);
  return pointer;
}

/** `maxItems` of the batch's `discount_codes`, where the spec writes it. */
export function batchMaxItems(spec: Spec): { value: number; pointer: string } | undefined {
  const body = spec.operation(OP.batch).requestBody?.schemaPointer;
  if (!body) return undefined;
  const { node, pointer } = specAt(spec, body, 'properties', 'discount_codes', 'maxItems');
  return typeof node === 'number' && Number.isInteger(node) ? { value: node, pointer } : undefined;
}

/** `use_with_other` of a code to create: its allowed values and its default (when the spec gives one). */
export function useWithOther(spec: Spec): { values: number[]; default?: number; pointer: string } {
  const body = spec.operation(OP.batch).requestBody?.schemaPointer;
  if (!body) throw new Error(`${spec.path}: ${OP.batch} has no request body schema`);
  const property = specAt(spec, body, 'properties', 'discount_codes', 'items', 'properties', 'use_with_other');
  const values = specAt(spec, property.pointer, 'enum').node;
  const fallback = specAt(spec, property.pointer, 'default').node;
  return {
    values: Array.isArray(values) ? values.filter((v): v is number => typeof v === 'number') : [],
    default: typeof fallback === 'number' ? fallback : undefined,
    pointer: property.pointer,
  };
}

/** A property of a code as the operation returns it: `components/schemas/DiscountCode/properties/<name>`. */
export function codeProperty(spec: Spec, name: keyof DiscountCode): string {
  return specAt(spec, successSchemaPointer(spec, spec.operation(OP.batch)), 'properties', 'data', 'properties', 'discount_codes', 'items', 'properties', name).pointer;
}

/** The values the success envelope's `code` may take (the schema `SuccessCode`). */
export function successCodes(spec: Spec, op: OperationInfo): { values: string[]; pointer: string } {
  const { node, pointer } = specAt(spec, successSchemaPointer(spec, op), 'properties', 'code', 'enum');
  return { values: Array.isArray(node) ? node.map(String) : [], pointer };
}

/** The error word a status of the operation carries (`code` const of its schema, through `allOf`). */
export function errorWord(spec: Spec, op: OperationInfo, status: number): { word?: string; pointer: string } {
  const base = op.responses[String(status)]?.schemaPointer;
  if (!base) return { pointer: `${op.pointer}/responses/${status}` };
  const schema = resolveAt(spec, base);
  const direct = specAt(spec, schema.pointer, 'properties', 'code', 'const');
  if (typeof direct.node === 'string') return { word: direct.node, pointer: direct.pointer };
  const parts = isObject(schema.node) && Array.isArray(schema.node.allOf) ? schema.node.allOf : [];
  for (let i = 0; i < parts.length; i++) {
    const found = specAt(spec, `${schema.pointer}/allOf/${i}`, 'properties', 'code', 'const');
    if (typeof found.node === 'string') return { word: found.node, pointer: found.pointer };
  }
  return { pointer: schema.pointer };
}

/** A limit of a query parameter of the list (`limit` `maximum`, `default`). */
function listLimit(spec: Spec, keyword: 'maximum' | 'default'): number | undefined {
  const limit = spec.operation(OP.list).parameters.find((p) => p.in === 'query' && p.name === 'limit');
  const value = limit?.schema[keyword];
  return typeof value === 'number' ? value : undefined;
}

/** Page size for walking the list: the `limit` parameter's maximum (else its default). */
export function pageSize(spec: Spec): number | undefined {
  return listLimit(spec, 'maximum') ?? listLimit(spec, 'default');
}

/** The status the spec gives a request that breaks an operation's rules (`x-validation-status`, 422 here). */
export function rejectStatus(op: OperationInfo): number {
  return op.validationStatus;
}

/** The facts every Shoplazza check relies on, read when a run starts (the contract definition's `facts`). */
export function factsOf(spec: Spec): { batchMaxItems: ReturnType<typeof batchMaxItems>; useWithOther: ReturnType<typeof useWithOther> } {
  return { batchMaxItems: batchMaxItems(spec), useWithOther: useWithOther(spec) };
}

/** What the mock's handlers read from the spec once, at registration. */
export interface SpecFacts {
  /** `x-rules.caseInsensitive` of the operation: the uniqueness key is then lower-cased. */
  caseInsensitive(operation: OperationInfo): boolean;
  /** Default of `use_with_other` in the input schema. */
  useWithOtherDefault: number;
  /** The documented success status of the operation (its one 2xx response). */
  successStatus(operation: OperationInfo): number;
  /** Default of an integer query parameter of the operation. */
  queryDefault(operation: OperationInfo, name: string): number;
}

export function readSpecFacts(spec: Spec): SpecFacts {
  const fallback = useWithOther(spec).default;
  if (fallback !== 0 && fallback !== 1) throw new Error(`${spec.path}: no default 0 or 1 for use_with_other in DiscountCodeInput`);
  return {
    caseInsensitive: (operation) => operation.rules.caseInsensitive === true,
    useWithOtherDefault: fallback,
    successStatus: (operation) => successStatus(spec, operation),
    queryDefault(operation, name) {
      const parameter = operation.parameters.find((p) => p.in === 'query' && p.name === name);
      const value = parameter?.schema.default;
      if (typeof value !== 'number') throw new Error(`${spec.path}: ${operation.id} has no default for query parameter ${name}`);
      return value;
    },
  };
}
