/**
 * The facts of spec/shoplazza.yaml the Shoplazza checks read, each with the JSON pointer it comes
 * from (for reports): operation names, the batch limit, allowed values, error words.
 */
import { specRule, successStatuses, type OperationId, type SpecRule } from '../../src/contracts/index.js';
import { getByPointer, isObject, pointerSegment, type OperationInfo, type Spec } from '../../src/openapi/load.js';
import type { components } from '../../generated/shoplazza.js';

/** The operationIds the checks call (fixed names, see docs/ARCHITECTURE.md). */
export const OP = {
  batch: 'batchCreateDiscountCodes',
  create: 'createDiscountCode',
  list: 'listDiscountCodes',
  get: 'getDiscountCode',
  remove: 'deleteDiscountCode',
  lookup: 'lookupDiscountCode',
} as const;

/** A discount code as the API answers it: the spec's `components/schemas/DiscountCode`; read defensively. */
export type DiscountCode = components['schemas']['DiscountCode'];

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

/** The first sentence of a description (whitespace collapsed), for a rule's `says`. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

/** A rule at `pointer`; `says` defaults to the first sentence of the node's description. */
export function ruleAt(spec: Spec, pointer: string, says?: string): SpecRule {
  if (says !== undefined) return specRule(spec, pointer, says);
  const { node } = resolveAt(spec, pointer);
  const described = isObject(node) && typeof node.description === 'string' ? firstSentence(node.description) : JSON.stringify(node);
  return specRule(spec, pointer, described ?? pointer);
}

/** The schema of an operation's first documented 2xx body. */
function successSchemaPointer(op: OperationInfo): string {
  const status = successStatuses(op)[0];
  const pointer = status === undefined ? undefined : op.responses[String(status)]?.schemaPointer;
  if (!pointer) throw new Error(`${op.id} documents no 2xx body schema`);
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
  if (!body) throw new Error(`${OP.batch} has no request body schema`);
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
  return specAt(spec, successSchemaPointer(spec.operation(OP.batch)), 'properties', 'data', 'properties', 'discount_codes', 'items', 'properties', name).pointer;
}

/** The values the success envelope's `code` may take (the schema `SuccessCode`). */
export function successCodes(spec: Spec, op: OperationInfo): { values: string[]; pointer: string } {
  const { node, pointer } = specAt(spec, successSchemaPointer(op), 'properties', 'code', 'enum');
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

/** Page size for walking the list: the `limit` parameter's maximum (else its default). */
export function pageSize(spec: Spec): number | undefined {
  const limit = spec.operation(OP.list).parameters.find((p) => p.in === 'query' && p.name === 'limit');
  const value = limit?.schema.maximum ?? limit?.schema.default;
  return typeof value === 'number' ? value : undefined;
}

/** The status the spec gives a request that breaks an operation's rules (`x-validation-status`, 422 here). */
export function rejectStatus(op: OperationInfo): number {
  return op.validationStatus;
}


/** The facts every Shoplazza check relies on, read when a run starts (the definition's `facts`). */
export function factsOf(spec: Spec): { batchMaxItems: ReturnType<typeof batchMaxItems>; useWithOther: ReturnType<typeof useWithOther> } {
  return { batchMaxItems: batchMaxItems(spec), useWithOther: useWithOther(spec) };
}
