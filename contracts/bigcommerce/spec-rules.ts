/**
 * What the BigCommerce semantic checks expect, read from spec/bigcommerce.yaml (x-rules, schema
 * limits and defaults, x-concurrency-limit, documented headers), each with the JSON pointer a
 * report names. Nothing here is a number or an alphabet written in code: change the spec and the
 * checks follow.
 */
import { getByPointer, isObject, pointerOf, type JsonObject, type OperationInfo, type Spec } from '../../src/spec/load.js';
import { minimalBody, specRule, type SpecRule } from '../../src/contracts/index.js';

/** A value read from the spec and where it is written. */
export interface Located<T> {
  value: T;
  pointer: string;
}

export interface Range {
  minimum: number;
  maximum: number;
}

export interface BigCommerceContract {
  list: OperationInfo;
  create: OperationInfo;
  deleteMany: OperationInfo;
  codegen: OperationInfo;
  getByCode: OperationInfo;
  deleteByCode: OperationInfo;
  deleteOne: OperationInfo;
  codegenRules: {
    maxCodeLength: Located<number>;
    alphabet: Located<string>;
    delimiterRequiresAffix: Located<boolean>;
    uniqueWithin: Located<string>;
    requiresPromotionType: Located<string>;
    /** `x-concurrency-limit` of generateCouponCodes (undefined when the spec gives none). */
    concurrency: Located<number> | undefined;
    /** The operation's description, where the layout `prefix + delimiter + random + delimiter + suffix` is written. */
    layout: Located<string>;
  };
  codegenBody: {
    batchSize: Located<Range>;
    maxUses: Located<Range & { default: number }>;
    maxUsesPerCustomer: Located<Range & { default: number }>;
    prefix: Located<{ maxLength: number; pattern: RegExp }>;
    suffix: Located<{ maxLength: number; pattern: RegExp }>;
    delimiters: Located<string[]>;
    exclude: Located<{ default: string[]; maxItems: number }>;
    codeLength: Located<Range & { default: number }>;
    /** The `minimal` example of the request body. */
    minimal: Record<string, unknown>;
  };
  /** The 201 body's `data.max_uses` / `data.max_uses_per_customer` ("of each code"). */
  generatedUses: Located<string>;
  createRules: {
    uniqueWithin: Located<string>;
    caseInsensitive: Located<boolean>;
    code: Located<{ maxLength: number; pattern: RegExp }>;
    maxUsesDefault: Located<number>;
    maxUsesPerCustomerDefault: Located<number>;
    currentUses: Located<string>;
  };
  listParams: {
    limit: Located<Range & { default: number }>;
    before: Located<string>;
    after: Located<string>;
    code: Located<string>;
  };
  /** `CursorPagination` and its parts. */
  cursorPagination: {
    schema: string;
    count: string;
    perPage: string;
    startCursor: string;
    endCursor: string;
    links: string;
    previous: string;
    next: string;
  };
  /** `CollectionMeta`: which pagination objects a page carries. */
  collectionMeta: string;
  deleteManyRules: {
    ids: Located<{ name: string; maxItems: number }>;
    /** The 422 response of deleteCouponCodes (its body carries `meta`). */
    error: Located<string>;
  };
  /** Headers a 429 of generateCouponCodes carries, required ones only, with where they are documented. */
  rateLimit: Located<string[]>;
}

const cache = new WeakMap<Spec, BigCommerceContract>();

/**
 * Read from the spec file itself, not from `spec.document`: the mock's Prism gate resolves the
 * `$ref`s of the shared document in place when a mock runs in the same process (as in tests), and
 * the pointers reported must name where a rule is written (`#/components/schemas/...`).
 */
export function contractOf(spec: Spec): BigCommerceContract {
  let contract = cache.get(spec);
  if (!contract) cache.set(spec, (contract = read(spec)));
  return contract;
}

/** `spec/bigcommerce.yaml#<pointer>` with what it says. */
export function ruleAt(spec: Spec, located: { pointer: string } | string, says: string): SpecRule {
  return specRule(spec, typeof located === 'string' ? located : located.pointer, says);
}

class SpecShapeError extends Error {
  override readonly name = 'SpecShapeError';
}

function fail(spec: Spec, what: string): never {
  throw new SpecShapeError(`${spec.path}: ${what} (the BigCommerce contract checks read it)`);
}

interface At {
  node: JsonObject;
  pointer: string;
}

/** Follows `$ref`s from a pointer; answers the node and the pointer it was found at. */
function resolve(spec: Spec, pointer: string): At {
  let current = pointer;
  for (let depth = 0; depth < 20; depth++) {
    const node = getByPointer(spec.document, current);
    if (!isObject(node)) fail(spec, `nothing at ${current}`);
    if (typeof node.$ref !== 'string') return { node, pointer: current };
    current = node.$ref.replace(/^#/, '');
  }
  return fail(spec, `$ref chain too long at ${pointer}`);
}

/** Walks `properties`/`items` names from a schema, following `$ref`s: `walk(s, p, 'data', 'codes', '[]')`. */
function walk(spec: Spec, from: string, ...names: string[]): At {
  let at = resolve(spec, from);
  for (const name of names) {
    if (name === '[]') {
      if (!isObject(at.node.items)) fail(spec, `${at.pointer} has no items`);
      at = resolve(spec, `${at.pointer}/items`);
      continue;
    }
    if (!isObject(at.node.properties) || !isObject(at.node.properties[name])) fail(spec, `${at.pointer} has no property ${name}`);
    at = resolve(spec, `${at.pointer}${pointerOf('properties', name)}`);
  }
  return at;
}

function numberOf(spec: Spec, at: At, keyword: string): number {
  const value = at.node[keyword];
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(spec, `${at.pointer} has no integer ${keyword}`);
  return value;
}

function patternOf(spec: Spec, at: At): RegExp {
  if (typeof at.node.pattern !== 'string') fail(spec, `${at.pointer} has no pattern`);
  return new RegExp(at.node.pattern, 'u');
}

function xRule<T>(spec: Spec, op: OperationInfo, name: string, valid: (v: unknown) => v is T, what: string): Located<T> {
  const value = op.rules[name];
  if (!valid(value)) fail(spec, `${op.id} x-rules.${name} must be ${what}`);
  return { value, pointer: `${op.pointer}/x-rules/${name}` };
}

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isFlag = (v: unknown): v is boolean => typeof v === 'boolean';

function requestSchema(spec: Spec, op: OperationInfo): string {
  return op.requestBody?.schemaPointer ?? fail(spec, `${op.id} has no request schema`);
}

function responseSchema(spec: Spec, op: OperationInfo, status: string): string {
  return op.responses[status]?.schemaPointer ?? fail(spec, `${op.id} documents no ${status} body schema`);
}

/** The pointer of a response object (following a `$ref` to components/responses). */
function responsePointer(spec: Spec, op: OperationInfo, status: string): At {
  return resolve(spec, `${op.pointer}${pointerOf('responses', status)}`);
}

function queryParameter(spec: Spec, op: OperationInfo, name: string): At {
  const param = op.parameters.find((p) => p.in === 'query' && p.name === name);
  if (!param) fail(spec, `${op.id} has no query parameter ${name}`);
  return resolve(spec, param.schemaPointer.replace(/\/schema$/, ''));
}

function withDefault(spec: Spec, at: At): Located<Range & { default: number }> {
  return {
    value: { default: numberOf(spec, at, 'default'), minimum: numberOf(spec, at, 'minimum'), maximum: numberOf(spec, at, 'maximum') },
    pointer: at.pointer,
  };
}

function read(spec: Spec): BigCommerceContract {
  const list = spec.operation('listCouponCodes');
  const create = spec.operation('createCouponCode');
  const deleteMany = spec.operation('deleteCouponCodes');
  const codegen = spec.operation('generateCouponCodes');
  const getByCode = spec.operation('getCouponCodeByCode');
  const deleteByCode = spec.operation('deleteCouponCodeByCode');
  const deleteOne = spec.operation('deleteCouponCode');

  const gen = requestSchema(spec, codegen);
  const genProp = (name: string) => walk(spec, gen, name);
  const batchSize = genProp('batch_size');
  const prefix = genProp('prefix');
  const suffix = genProp('suffix');
  const delimiter = genProp('delimiter');
  const exclude = genProp('exclude_characters');
  const delimiters = delimiter.node.enum;
  if (!Array.isArray(delimiters) || !delimiters.every(isText) || delimiters.length === 0) fail(spec, `${delimiter.pointer} has no enum of delimiters`);
  const excludeDefault = exclude.node.default;
  if (!Array.isArray(excludeDefault) || !excludeDefault.every((c) => typeof c === 'string')) fail(spec, `${exclude.pointer} has no list default`);
  const minimal = minimalBody(codegen);
  if (!isObject(minimal)) fail(spec, `${codegen.id} has no minimal request example`);

  const createProp = (name: string) => walk(spec, requestSchema(spec, create), name);
  const createCode = createProp('code');
  const codeSchema = responseSchema(spec, create, '201');

  const cursor = walk(spec, responseSchema(spec, list, '200'), 'meta', 'cursor_pagination');
  const cursorPart = (...names: string[]) => walk(spec, cursor.pointer, ...names).pointer;
  const meta = walk(spec, responseSchema(spec, list, '200'), 'meta');

  const idsParam = deleteMany.parameters.find((p) => p.in === 'query' && p.required && p.schema.type === 'array');
  if (!idsParam) fail(spec, `${deleteMany.id} has no required array query parameter`);
  const ids = resolve(spec, idsParam.schemaPointer.replace(/\/schema$/, ''));

  const tooMany = responsePointer(spec, codegen, '429');
  const headers = isObject(tooMany.node.headers) ? tooMany.node.headers : {};
  const required = Object.entries(headers)
    .filter(([, h]) => {
      const header = isObject(h) && typeof h.$ref === 'string' ? getByPointer(spec.document, h.$ref.replace(/^#/, '')) : h;
      return isObject(header) && header.required === true;
    })
    .map(([name]) => name);

  const description = codegen.node.description;
  return {
    list,
    create,
    deleteMany,
    codegen,
    getByCode,
    deleteByCode,
    deleteOne,
    codegenRules: {
      maxCodeLength: xRule(spec, codegen, 'maxCodeLength', isPositive, 'a positive integer'),
      alphabet: xRule(spec, codegen, 'randomAlphabet', isText, 'a text'),
      delimiterRequiresAffix: xRule(spec, codegen, 'delimiterRequiresAffix', isFlag, 'true or false'),
      uniqueWithin: xRule(spec, codegen, 'uniqueWithin', isText, 'a text'),
      requiresPromotionType: xRule(spec, codegen, 'requiresPromotionType', isText, 'a coupon type'),
      concurrency: codegen.concurrencyLimit === undefined ? undefined : { value: codegen.concurrencyLimit, pointer: `${codegen.pointer}/x-concurrency-limit` },
      layout: { value: typeof description === 'string' ? description : '', pointer: `${codegen.pointer}/description` },
    },
    codegenBody: {
      batchSize: { value: { minimum: numberOf(spec, batchSize, 'minimum'), maximum: numberOf(spec, batchSize, 'maximum') }, pointer: batchSize.pointer },
      maxUses: withDefault(spec, genProp('max_uses')),
      maxUsesPerCustomer: withDefault(spec, genProp('max_uses_per_customer')),
      prefix: { value: { maxLength: numberOf(spec, prefix, 'maxLength'), pattern: patternOf(spec, prefix) }, pointer: prefix.pointer },
      suffix: { value: { maxLength: numberOf(spec, suffix, 'maxLength'), pattern: patternOf(spec, suffix) }, pointer: suffix.pointer },
      delimiters: { value: delimiters, pointer: `${delimiter.pointer}/enum` },
      exclude: { value: { default: excludeDefault.map(String), maxItems: numberOf(spec, exclude, 'maxItems') }, pointer: exclude.pointer },
      codeLength: withDefault(spec, genProp('code_length')),
      minimal,
    },
    generatedUses: { value: 'max_uses', pointer: walk(spec, responseSchema(spec, codegen, '201'), 'data', 'max_uses').pointer },
    createRules: {
      uniqueWithin: xRule(spec, create, 'uniqueWithin', isText, 'a text'),
      caseInsensitive: xRule(spec, create, 'caseInsensitive', isFlag, 'true or false'),
      code: { value: { maxLength: numberOf(spec, createCode, 'maxLength'), pattern: patternOf(spec, createCode) }, pointer: createCode.pointer },
      maxUsesDefault: { value: numberOf(spec, createProp('max_uses'), 'default'), pointer: `${createProp('max_uses').pointer}/default` },
      maxUsesPerCustomerDefault: {
        value: numberOf(spec, createProp('max_uses_per_customer'), 'default'),
        pointer: `${createProp('max_uses_per_customer').pointer}/default`,
      },
      currentUses: { value: 'current_uses', pointer: walk(spec, codeSchema, 'data', 'current_uses').pointer },
    },
    listParams: {
      limit: withDefault(spec, resolve(spec, `${queryParameter(spec, list, 'limit').pointer}/schema`)),
      before: { value: 'before', pointer: queryParameter(spec, list, 'before').pointer },
      after: { value: 'after', pointer: queryParameter(spec, list, 'after').pointer },
      code: { value: 'code', pointer: queryParameter(spec, list, 'code').pointer },
    },
    cursorPagination: {
      schema: cursor.pointer,
      count: cursorPart('count'),
      perPage: cursorPart('per_page'),
      startCursor: cursorPart('start_cursor'),
      endCursor: cursorPart('end_cursor'),
      links: cursorPart('links'),
      previous: cursorPart('links', 'previous'),
      next: cursorPart('links', 'next'),
    },
    collectionMeta: meta.pointer,
    deleteManyRules: {
      ids: { value: { name: idsParam.name, maxItems: numberOf(spec, resolve(spec, `${ids.pointer}/schema`), 'maxItems') }, pointer: ids.pointer },
      error: { value: '422', pointer: responsePointer(spec, deleteMany, '422').pointer },
    },
    rateLimit: { value: required, pointer: `${tooMany.pointer}/headers` },
  };
}
