/**
 * What the Shoplazza semantic checks share: facts read from spec/shoplazza.yaml (with the JSON
 * pointer each comes from, for reports), calls of the six operations, a full listing of a price
 * rule, and the per-check record of the codes a check sent (deleted at the end of the run).
 */
import {
  ContractViolation,
  expectSchema,
  expectStatus,
  specRule,
  successStatuses,
  type CheckContext,
  type Exchange,
  type SpecRule,
} from '../../src/contracts/index.js';
import { excerpt } from '../../src/contracts/http.js';
import { getByPointer, isObject, pointerSegment, type OperationInfo, type Spec } from '../../src/spec/load.js';
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

// ---------------------------------------------------------------------------------------------
// The spec

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
function pageSize(spec: Spec): number | undefined {
  const limit = spec.operation(OP.list).parameters.find((p) => p.in === 'query' && p.name === 'limit');
  const value = limit?.schema.maximum ?? limit?.schema.default;
  return typeof value === 'number' ? value : undefined;
}

/** The status the spec gives a request that breaks an operation's rules (`x-validation-status`, 422 here). */
export function rejectStatus(op: OperationInfo): number {
  return op.validationStatus;
}

// ---------------------------------------------------------------------------------------------
// Responses

function dataOf(exchange: Exchange): Record<string, unknown> | undefined {
  const body = exchange.response?.body;
  return isObject(body) && isObject(body.data) ? body.data : undefined;
}

function asCode(value: unknown): DiscountCode | undefined {
  return isObject(value) ? (value as unknown as DiscountCode) : undefined;
}

/** `data.discount_codes`, or undefined when the body has none. */
export function codesOf(exchange: Exchange): DiscountCode[] | undefined {
  const list = dataOf(exchange)?.discount_codes;
  return Array.isArray(list) ? list.map(asCode).filter((c): c is DiscountCode => c !== undefined) : undefined;
}

/** `data.discount_code`, or undefined. */
export function codeOf(exchange: Exchange): DiscountCode | undefined {
  return asCode(dataOf(exchange)?.discount_code);
}

/** The error body's `code` and `message`. */
export function errorOf(exchange: Exchange): { code?: unknown; message?: unknown } {
  const body = exchange.response?.body;
  return isObject(body) ? body : {};
}

/** Whether a message names a code as a whole word (`CC1` is not named by `CC12`). */
export function namesCode(message: unknown, code: string): boolean {
  if (typeof message !== 'string') return false;
  const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`).test(message);
}

/** One line about an exchange, for the details of a violation whose evidence is another exchange. */
export function oneLine(exchange: Exchange): string {
  const sent = `${exchange.request.method} ${exchange.request.url}`;
  const body = exchange.request.body === undefined ? '' : ` ${excerpt(JSON.stringify(exchange.request.body) ?? '', 160)}`;
  const got = exchange.response ? `${exchange.response.status} ${excerpt(exchange.response.text, 200)}` : `no response (${exchange.error ?? 'error'})`;
  return `${sent}${body} -> ${got}`;
}

export function is2xx(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status !== undefined && status >= 200 && status <= 299;
}

/** Fails unless the exchange got a documented success status and a body that follows the schema. */
export function expectSuccess(ctx: CheckContext, exchange: Exchange, op: OperationInfo, what: string): void {
  const statuses = successStatuses(op);
  const status = statuses[0];
  expectStatus(exchange, statuses, ruleAt(ctx.spec, `${op.pointer}/responses/${status ?? 200}`), what);
  expectSchema(ctx, exchange, op, what);
}

/**
 * Fails unless a request was rejected the way the spec's duplicate rule says: the operation's
 * reject status, its error word, and a message that names `code`.
 */
export function expectRejected(ctx: CheckContext, op: OperationInfo, exchange: Exchange, code: string, what: string, rule: SpecRule): void {
  const status = rejectStatus(op);
  expectStatus(exchange, status, rule, what);
  const word = errorWord(ctx.spec, op, status);
  const body = errorOf(exchange);
  if (word.word !== undefined && body.code !== word.word) {
    throw new ContractViolation({
      summary: `${what}: the ${status} carries code ${JSON.stringify(body.code)}, not ${JSON.stringify(word.word)}`,
      rule: specRule(ctx.spec, word.pointer, `a ${status} of ${op.id} carries the error word ${word.word}`),
      exchange,
    });
  }
  if (!namesCode(body.message, code)) {
    throw new ContractViolation({
      summary: `${what}: the ${status} message ${JSON.stringify(body.message)} does not name the offending code ${code}`,
      rule: specRule(ctx.spec, `${op.pointer}/description`, `Decision (duplicates): the ${status} ${word.word ?? ''} message names the offending code`),
      exchange,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Calls

export function batchCreate(ctx: CheckContext, priceRule: string, inputs: readonly DiscountCodeInput[], note: string): Promise<Exchange> {
  return ctx.call(OP.batch, { params: { price_rule_id: priceRule }, body: { discount_codes: inputs } }, { note });
}

export function createOne(ctx: CheckContext, priceRule: string, input: DiscountCodeInput, note: string): Promise<Exchange> {
  return ctx.call(OP.create, { params: { price_rule_id: priceRule }, body: { discount_code: input } }, { note });
}

export function getOne(ctx: CheckContext, priceRule: string, id: string, note: string): Promise<Exchange> {
  return ctx.call(OP.get, { params: { price_rule_id: priceRule, discount_code_id: id } }, { note });
}

export function deleteOne(ctx: CheckContext, priceRule: string, id: string, note: string): Promise<Exchange> {
  return ctx.call(OP.remove, { params: { price_rule_id: priceRule, discount_code_id: id } }, { note });
}

export function lookup(ctx: CheckContext, code: string, note: string): Promise<Exchange> {
  return ctx.call(OP.lookup, { params: {}, query: { code } }, { note });
}

/** Most pages walked: a list that never ends is reported, not followed forever. */
const MAX_PAGES = 400;

export interface Listing {
  codes: DiscountCode[];
  pages: Exchange[];
  /** The codes with this text, each with the page exchange that listed it. */
  withText(code: string): Array<{ code: DiscountCode; page: Exchange }>;
  /** The page that listed an id, or the last page (the evidence for "not listed"). */
  evidence(id?: string): Exchange;
}

/** Every code of the price rule, walking the pages (each page must be a documented success). */
export async function listAll(ctx: CheckContext, priceRule: string, note: string): Promise<Listing> {
  const op = ctx.spec.operation(OP.list);
  const limit = pageSize(ctx.spec);
  const entries: Array<{ code: DiscountCode; page: Exchange }> = [];
  const pages: Exchange[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = limit === undefined ? { page } : { limit, page };
    const exchange = await ctx.call(op, { params: { price_rule_id: priceRule }, query }, { note: `${note} (page ${page})` });
    pages.push(exchange);
    expectSuccess(ctx, exchange, op, `listing the price rule, page ${page}`);
    const codes = codesOf(exchange) ?? [];
    for (const code of codes) entries.push({ code, page: exchange });
    if (codes.length === 0 || (limit !== undefined && codes.length < limit)) break;
    if (page === MAX_PAGES) throw new Error(`listDiscountCodes: still full pages after ${MAX_PAGES} pages of ${limit}; gave up`);
  }
  const last = pages[pages.length - 1] as Exchange;
  return {
    codes: entries.map((e) => e.code),
    pages,
    withText: (code) => entries.filter((e) => e.code.code === code),
    evidence: (id) => entries.find((e) => id !== undefined && e.code.id === id)?.page ?? last,
  };
}

// ---------------------------------------------------------------------------------------------
// The codes a check sends

/**
 * The code texts one check sends: each from `ctx.unique()` (so it carries the run prefix), and
 * at the end of the run every code of the price rule with one of these texts is deleted, whether
 * the check expected it to exist or not (a faulty target may keep what it should have refused).
 */
export class OwnCodes {
  private readonly texts = new Set<string>();
  private registered = false;

  constructor(
    private readonly ctx: CheckContext,
    readonly priceRule: string,
  ) {}

  fresh(): string {
    const text = this.ctx.unique();
    this.texts.add(text);
    if (!this.registered) {
      this.registered = true;
      this.ctx.cleanup(() => this.deleteAll());
    }
    return text;
  }

  freshMany(count: number): string[] {
    return Array.from({ length: count }, () => this.fresh());
  }

  private async deleteAll(): Promise<void> {
    const listing = await listAll(this.ctx, this.priceRule, 'cleanup: find the codes this check sent');
    const ids = [...new Set(listing.codes.filter((c) => this.texts.has(c.code) && typeof c.id === 'string').map((c) => c.id))];
    await Promise.all(
      ids.map(async (id) => {
        const exchange = await deleteOne(this.ctx, this.priceRule, id, 'cleanup: delete a code this check created');
        const status = exchange.response?.status;
        if (status !== 404 && !is2xx(exchange)) throw new Error(`cleanup: deleteDiscountCode ${id} answered ${status ?? exchange.error}`);
      }),
    );
  }
}
