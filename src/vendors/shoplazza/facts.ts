/**
 * Every fact of spec/shoplazza.yaml that code reads (operation names, the batch limit, allowed
 * values and defaults, success statuses, error words, x-rules), read once per spec, each with the
 * JSON pointer it comes from. The one reader for the mock plugin (`readSpecFacts`, plain values)
 * and the contract checks (`factsOf`, values with their pointers for reports). Nothing here is a
 * number written in code: change the spec and both follow. A spec that lacks a fact fails where
 * it is read, at start, with one line naming it.
 */
import { isObject, perSpec, pointerOf, successStatuses, type OperationInfo, type Spec } from '../../openapi/load.js';
import { is, keywordPointer, specReader, type Guard, type Located, type SpecReader } from '../../openapi/reader.js';
import type { components } from '../../../generated/shoplazza.js';

export type { Located };

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

/** Which of the codes with one text in several price rules a lookup answers. */
export type Preference = 'oldest' | 'newest';
const isPreference = ((v) => v === 'oldest' || v === 'newest') as Guard<Preference>;
const isDirection = ((v) => v === 'asc' || v === 'desc') as Guard<'asc' | 'desc'>;

export interface ShoplazzaFacts {
  ops: { [K in keyof typeof OP]: OperationInfo };
  /** `maxItems` of the batch's `discount_codes` (undefined when the spec gives none: batch_limit then skips). */
  batchMaxItems: Located<number> | undefined;
  /** `use_with_other` of a code to create (the property as DiscountCodeInput writes it): its allowed values and its default. */
  useWithOther: Located<{ values: number[]; default: number }>;
  /** `x-rules` of the operations that create codes and of lookup and list. */
  rules: {
    batch: { uniqueWithin: Located<string>; caseInsensitive: Located<boolean>; atomic: Located<boolean> };
    create: { uniqueWithin: Located<string>; caseInsensitive: Located<boolean> };
    lookup: { caseInsensitive: Located<boolean>; onMultipleMatches: Located<Preference> };
    list: { orderBy: Located<keyof DiscountCode>; orderDirection: Located<'asc' | 'desc'> };
  };
  /** The list's `limit` (default and maximum) and `page` (default) query parameters. */
  listLimit: Located<{ default: number; maximum: number }>;
  listPage: Located<{ default: number }>;
  /** The documented success status of each operation (its first 2xx response), by operationId. */
  successStatus: Readonly<Record<string, number>>;
}

const READER = 'coupon-contracts (Shoplazza facts)';

/** The facts of the spec, read once per spec object. */
export const factsOf: (spec: Spec) => ShoplazzaFacts = perSpec(read);

const readerOf = perSpec((spec): SpecReader => specReader(spec, READER));

function read(spec: Spec): ShoplazzaFacts {
  // Annotated, so that TypeScript narrows after r.fail(...), which never returns.
  const r: SpecReader = readerOf(spec);
  const ops = {
    batch: spec.operation(OP.batch),
    create: spec.operation(OP.create),
    list: spec.operation(OP.list),
    get: spec.operation(OP.get),
    remove: spec.operation(OP.remove),
    lookup: spec.operation(OP.lookup),
  };

  const batchCodes = r.walk(r.requestSchema(ops.batch), 'discount_codes');
  const batchMaxItems = 'maxItems' in batchCodes.node ? r.keyword(batchCodes, 'maxItems', is.positiveInteger) : undefined;

  const input = r.walk(batchCodes, '[]');
  if (!isObject(input.node.properties) || !isObject(input.node.properties.use_with_other)) r.fail(`${input.pointer} has no property use_with_other`);
  const property = `${keywordPointer(input, 'properties')}${pointerOf('use_with_other')}`;
  const useWithOther = r.at(property);
  const values = r.keyword(useWithOther, 'enum', (v): v is number[] => Array.isArray(v) && v.length > 0 && v.every(is.integer));
  const fallback = r.keyword(useWithOther, 'default', is.integer);
  if (!values.value.includes(fallback.value)) r.fail(`${fallback.pointer} (${fallback.value}) is not one of ${values.pointer}`);

  const orderBy = r.rule(ops.list, 'orderBy', is.text);
  codeProperty(spec, orderBy.value as keyof DiscountCode); // a property of a code, or the spec fails here

  const successStatus: Record<string, number> = {};
  for (const op of Object.values(ops)) successStatus[op.id] = successStatuses(op)[0] ?? r.fail(`${op.id} documents no 2xx response`);

  return {
    ops,
    batchMaxItems,
    useWithOther: { value: { values: values.value, default: fallback.value }, pointer: property },
    rules: {
      batch: {
        uniqueWithin: r.rule(ops.batch, 'uniqueWithin', is.text),
        caseInsensitive: r.rule(ops.batch, 'caseInsensitive', is.flag),
        atomic: r.rule(ops.batch, 'atomic', is.flag),
      },
      create: { uniqueWithin: r.rule(ops.create, 'uniqueWithin', is.text), caseInsensitive: r.rule(ops.create, 'caseInsensitive', is.flag) },
      lookup: { caseInsensitive: r.rule(ops.lookup, 'caseInsensitive', is.flag), onMultipleMatches: r.rule(ops.lookup, 'onMultipleMatches', isPreference) },
      list: { orderBy: orderBy as Located<keyof DiscountCode>, orderDirection: r.rule(ops.list, 'orderDirection', isDirection) },
    },
    listLimit: r.integers(r.queryParameter(ops.list, 'limit').schema, 'default', 'maximum'),
    listPage: r.integers(r.queryParameter(ops.list, 'page').schema, 'default'),
    successStatus,
  };
}

/** The schema of one code in the operation's success body (`data.discount_codes[]`). */
function codeSchemaOf(r: SpecReader, op: OperationInfo) {
  return r.walk(r.responseSchema(op, String(successStatuses(op)[0])), 'data', 'discount_codes', '[]');
}

/** A property of a code as the batch returns it, where it is written: `components/schemas/DiscountCode/properties/<name>`. */
export function codeProperty(spec: Spec, name: keyof DiscountCode): string {
  const r = readerOf(spec);
  const code = codeSchemaOf(r, spec.operation(OP.batch));
  if (!isObject(code.node.properties) || !(name in code.node.properties)) r.fail(`${code.pointer} has no property ${name}`);
  return `${keywordPointer(code, 'properties')}${pointerOf(name)}`;
}

/** The values the success envelope's `code` may take (the schema `SuccessCode`). */
export function successCodes(spec: Spec, op: OperationInfo): Located<string[]> {
  const r = readerOf(spec);
  const envelope = r.responseSchema(op, String(successStatuses(op)[0]));
  return r.keyword(r.walk(envelope, 'code'), 'enum', is.texts);
}

/**
 * The error word a status of the operation carries (`code` const of its schema, directly or in a
 * part of its `allOf`); no word when the schema gives none (checks then do not check it).
 */
export function errorWord(spec: Spec, op: OperationInfo, status: number): { word?: string; pointer: string } {
  const r = readerOf(spec);
  if (!op.responses[String(status)]?.schemaPointer) return { pointer: `${op.pointer}/responses/${status}` };
  const schema = r.responseSchema(op, String(status));
  const parts = Array.isArray(schema.node.allOf) ? schema.node.allOf.map((_, i) => r.at(`${keywordPointer(schema, 'allOf')}/${i}`)) : [];
  for (const part of [schema, ...parts]) {
    const properties = part.node.properties;
    if (!isObject(properties) || !isObject(properties.code)) continue;
    const code = r.walk(part, 'code');
    if (typeof code.node.const === 'string') return { word: code.node.const, pointer: keywordPointer(code, 'const') };
  }
  return { pointer: schema.pointer };
}

/** Page size for walking the list: the `limit` parameter's maximum. */
export function pageSize(spec: Spec): number {
  return factsOf(spec).listLimit.value.maximum;
}

/** The status the spec gives a request that breaks an operation's rules (`x-validation-status`, 422 here). */
export function rejectStatus(op: OperationInfo): number {
  return op.validationStatus;
}

// ---- the mock's view -------------------------------------------------------------------------

/** What the mock's handlers read from the spec once, at registration: the facts' values. */
export interface SpecFacts {
  /** `x-rules.caseInsensitive` of the operation: the uniqueness (or lookup) key is then lower-cased. */
  caseInsensitive(operation: OperationInfo): boolean;
  /** `x-rules.onMultipleMatches` of lookup. */
  onMultipleMatches: Preference;
  /** Default of `use_with_other` in the input schema. */
  useWithOtherDefault: number;
  /** The documented success status of the operation (its one 2xx response). */
  successStatus(operation: OperationInfo): number;
  /** Defaults of the list's `limit` and `page`. */
  listDefaults: { limit: number; page: number };
}

export function readSpecFacts(spec: Spec): SpecFacts {
  const f = factsOf(spec);
  const caseInsensitive = new Map<string, boolean>([
    [f.ops.batch.id, f.rules.batch.caseInsensitive.value],
    [f.ops.create.id, f.rules.create.caseInsensitive.value],
    [f.ops.lookup.id, f.rules.lookup.caseInsensitive.value],
  ]);
  return {
    caseInsensitive: (operation) => caseInsensitive.get(operation.id) ?? false,
    onMultipleMatches: f.rules.lookup.onMultipleMatches.value,
    useWithOtherDefault: f.useWithOther.value.default,
    successStatus: (operation) => f.successStatus[operation.id] ?? readerOf(spec).fail(`${operation.id} documents no 2xx response`),
    listDefaults: { limit: f.listLimit.value.default, page: f.listPage.value.default },
  };
}
