/**
 * Every fact of spec/bigcommerce.yaml that code reads (x-rules, schema limits and defaults,
 * x-concurrency-limit, documented headers and parameters), read once per spec, each with the JSON
 * pointer where it is written. The one reader for the mock plugin (`readRules`, plain values) and
 * the contract checks (`factsOf`, values with their pointers for reports). Nothing here is a
 * number or an alphabet written in code: change the spec and both follow. A spec that lacks a
 * fact fails where it is read, at start, with one line naming it.
 */
import { getByPointer, isObject, perSpec, pointerOf, type OperationInfo, type Spec } from '../../openapi/load.js';
import { is, specReader, type Located, type SpecNode, type SpecReader } from '../../openapi/reader.js';

export type { Located };

export interface Range {
  minimum: number;
  maximum: number;
}

export interface BigCommerceFacts {
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
    /** The coupon type a promotion must have (`BULK`). */
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
    /** `x-rules.caseInsensitive` of createCouponCode: codes compare without case. */
    caseInsensitive: Located<boolean>;
    code: Located<{ maxLength: number; pattern: RegExp }>;
    maxUsesDefault: Located<number>;
    maxUsesPerCustomerDefault: Located<number>;
    currentUses: Located<string>;
  };
  listParams: {
    limit: Located<Range & { default: number }>;
    /** The query parameters that choose a pagination mode. */
    before: Located<string>;
    after: Located<string>;
    page: Located<string>;
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
    /** The required array query parameter naming the ids (`id:in`) and how many it may name. */
    ids: Located<{ name: string; maxItems: number }>;
    /** The optional `code` filter: only codes of the id list with exactly this text are deleted. */
    code: Located<string>;
    /** The 422 response of deleteCouponCodes (its body carries `meta`). */
    error: Located<string>;
  };
  /** Headers a 429 of generateCouponCodes carries, required ones only, with where they are documented. */
  rateLimit: Located<string[]>;
}

/** The facts of the spec, read once per spec object. */
export const factsOf: (spec: Spec) => BigCommerceFacts = perSpec(read);

/** The pointer of a response object (following a `$ref` to components/responses). */
function responsePointer(r: SpecReader, op: OperationInfo, status: string): SpecNode {
  return r.at(`${op.pointer}${pointerOf('responses', status)}`);
}

function named(r: SpecReader, op: OperationInfo, name: string): Located<string> {
  return { value: name, pointer: r.queryParameter(op, name).parameter.pointer };
}

const withDefault = (r: SpecReader, at: SpecNode): Located<Range & { default: number }> => r.integers(at, 'default', 'minimum', 'maximum');

function read(spec: Spec): BigCommerceFacts {
  // Annotated, so that TypeScript narrows after r.fail(...), which never returns.
  const r: SpecReader = specReader(spec, 'coupon-contracts (BigCommerce facts)');
  const list = spec.operation('listCouponCodes');
  const create = spec.operation('createCouponCode');
  const deleteMany = spec.operation('deleteCouponCodes');
  const codegen = spec.operation('generateCouponCodes');
  const getByCode = spec.operation('getCouponCodeByCode');
  const deleteByCode = spec.operation('deleteCouponCodeByCode');
  const deleteOne = spec.operation('deleteCouponCode');

  const gen = r.requestSchema(codegen);
  const genProp = (name: string) => r.walk(gen, name);
  const batchSize = genProp('batch_size');
  const prefix = genProp('prefix');
  const suffix = genProp('suffix');
  const delimiter = genProp('delimiter');
  const exclude = genProp('exclude_characters');
  const delimiters = delimiter.node.enum;
  if (!Array.isArray(delimiters) || !delimiters.every(is.text) || delimiters.length === 0) r.fail(`${delimiter.pointer} has no enum of delimiters`);
  const excludeDefault = exclude.node.default;
  if (!Array.isArray(excludeDefault) || !excludeDefault.every((c) => typeof c === 'string')) r.fail(`${exclude.pointer} has no list default`);
  const minimal = codegen.requestBody?.examples.minimal;
  if (!isObject(minimal)) r.fail(`${codegen.id} has no minimal request example`);

  const createProp = (name: string) => r.walk(r.requestSchema(create), name);
  const createCode = createProp('code');
  const codeSchema = r.responseSchema(create, '201');

  const cursor = r.walk(r.responseSchema(list, '200'), 'meta', 'cursor_pagination');
  const cursorPart = (...names: string[]) => r.walk(cursor.pointer, ...names).pointer;
  const meta = r.walk(r.responseSchema(list, '200'), 'meta');

  const idsParam = deleteMany.parameters.find((p) => p.in === 'query' && p.required && p.schema.type === 'array');
  if (!idsParam) r.fail(`${deleteMany.id} has no required array query parameter`);
  const ids = r.at(idsParam.pointer);

  const tooMany = responsePointer(r, codegen, '429');
  const headers = isObject(tooMany.node.headers) ? tooMany.node.headers : {};
  const required = Object.entries(headers)
    .filter(([, h]) => {
      const header = isObject(h) && typeof h.$ref === 'string' ? getByPointer(spec.document, h.$ref.replace(/^#/, '')) : h;
      return isObject(header) && header.required === true;
    })
    .map(([name]) => name);

  const description = codegen.node.description;
  const defaultAt = (at: SpecNode): Located<number> => r.keyword(at, 'default', is.integer);
  return {
    list,
    create,
    deleteMany,
    codegen,
    getByCode,
    deleteByCode,
    deleteOne,
    codegenRules: {
      maxCodeLength: r.rule(codegen, 'maxCodeLength', is.positiveInteger),
      alphabet: r.rule(codegen, 'randomAlphabet', is.text),
      delimiterRequiresAffix: r.rule(codegen, 'delimiterRequiresAffix', is.flag),
      uniqueWithin: r.rule(codegen, 'uniqueWithin', is.text),
      requiresPromotionType: r.rule(codegen, 'requiresPromotionType', is.text),
      concurrency: codegen.concurrencyLimit === undefined ? undefined : { value: codegen.concurrencyLimit, pointer: `${codegen.pointer}/x-concurrency-limit` },
      layout: { value: typeof description === 'string' ? description : '', pointer: `${codegen.pointer}/description` },
    },
    codegenBody: {
      batchSize: r.integers(batchSize, 'minimum', 'maximum'),
      maxUses: withDefault(r, genProp('max_uses')),
      maxUsesPerCustomer: withDefault(r, genProp('max_uses_per_customer')),
      prefix: { value: { maxLength: r.integer(prefix, 'maxLength'), pattern: r.pattern(prefix) }, pointer: prefix.pointer },
      suffix: { value: { maxLength: r.integer(suffix, 'maxLength'), pattern: r.pattern(suffix) }, pointer: suffix.pointer },
      delimiters: { value: delimiters, pointer: `${delimiter.pointer}/enum` },
      exclude: { value: { default: excludeDefault.map(String), maxItems: r.integer(exclude, 'maxItems') }, pointer: exclude.pointer },
      codeLength: withDefault(r, genProp('code_length')),
      minimal: structuredClone(minimal),
    },
    generatedUses: { value: 'max_uses', pointer: r.walk(r.responseSchema(codegen, '201'), 'data', 'max_uses').pointer },
    createRules: {
      uniqueWithin: r.rule(create, 'uniqueWithin', is.text),
      caseInsensitive: r.rule(create, 'caseInsensitive', is.flag),
      code: { value: { maxLength: r.integer(createCode, 'maxLength'), pattern: r.pattern(createCode) }, pointer: createCode.pointer },
      maxUsesDefault: defaultAt(createProp('max_uses')),
      maxUsesPerCustomerDefault: defaultAt(createProp('max_uses_per_customer')),
      currentUses: { value: 'current_uses', pointer: r.walk(codeSchema, 'data', 'current_uses').pointer },
    },
    listParams: {
      limit: withDefault(r, r.queryParameter(list, 'limit').schema),
      before: named(r, list, 'before'),
      after: named(r, list, 'after'),
      page: named(r, list, 'page'),
      code: named(r, list, 'code'),
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
      ids: { value: { name: idsParam.name, maxItems: r.integer(r.at(`${ids.pointer}/schema`), 'maxItems') }, pointer: ids.pointer },
      code: named(r, deleteMany, 'code'),
      error: { value: '422', pointer: responsePointer(r, deleteMany, '422').pointer },
    },
    rateLimit: { value: required, pointer: `${tooMany.pointer}/headers` },
  };
}

/** What the mock plugin obeys: the facts' values, without their pointers. */
export interface BigCommerceRules {
  create: {
    caseInsensitive: boolean;
    defaults: { max_uses: number; max_uses_per_customer: number };
  };
  codegen: {
    alphabet: string;
    maxCodeLength: number;
    delimiterRequiresAffix: boolean;
    requiresPromotionType: string;
    defaults: { max_uses: number; max_uses_per_customer: number; code_length: number; exclude_characters: string[] };
  };
  list: {
    limit: { default: number; minimum: number; maximum: number };
    before: string;
    after: string;
    page: string;
  };
  deleteMany: { parameter: string; maxItems: number };
}

/** The mock's view of the facts (read at registration, so a spec without them fails at start). */
export function readRules(spec: Spec): BigCommerceRules {
  const f = factsOf(spec);
  const body = f.codegenBody;
  return {
    create: {
      caseInsensitive: f.createRules.caseInsensitive.value,
      defaults: { max_uses: f.createRules.maxUsesDefault.value, max_uses_per_customer: f.createRules.maxUsesPerCustomerDefault.value },
    },
    codegen: {
      alphabet: f.codegenRules.alphabet.value,
      maxCodeLength: f.codegenRules.maxCodeLength.value,
      delimiterRequiresAffix: f.codegenRules.delimiterRequiresAffix.value,
      requiresPromotionType: f.codegenRules.requiresPromotionType.value,
      defaults: {
        max_uses: body.maxUses.value.default,
        max_uses_per_customer: body.maxUsesPerCustomer.value.default,
        code_length: body.codeLength.value.default,
        exclude_characters: [...body.exclude.value.default],
      },
    },
    list: {
      limit: { ...f.listParams.limit.value },
      before: f.listParams.before.value,
      after: f.listParams.after.value,
      page: f.listParams.page.value,
    },
    deleteMany: { parameter: f.deleteManyRules.ids.value.name, maxItems: f.deleteManyRules.ids.value.maxItems },
  };
}
