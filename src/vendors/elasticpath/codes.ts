import { createHash } from 'node:crypto';
import type { components } from '../../../generated/elasticpath.js';
import type { MockRequest, MockResponse, Problem, VendorApp } from '../../mock/types.js';
import type { RandomSource } from '../../mock/random.js';
import { isObject } from '../../openapi/load.js';
import type { NewCode, StoredCode } from '../../store/types.js';
import { pageEnvelope, pageOf } from './paging.js';
import { CODE_SCOPE_PREFIX, scopeOf, type PromotionDoc } from './promotions.js';
import { CODES_TYPE, rulesOf, type DocumentedProblem, type ElasticPathRules } from './facts.js';

/** What the Store keeps of a code besides its text; a generated batch shares one object. */
// A type alias, not an interface, so that it fits the Store's `Record<string, unknown>` data.
export type CodeData = {
  uses: number;
  max_uses?: number;
  user?: string;
  consume_unit: string;
  max_uses_per_shopper?: { max_uses?: number; includes_guests?: boolean };
  is_for_new_shopper?: boolean;
  /** The job that generated the code; absent for codes created directly. */
  created_by?: string;
  created_at: string;
};

/** A code as the API returns it: the spec's `components/schemas/PromotionCode`. */
export type PromotionCode = components['schemas']['PromotionCode'];

/**
 * Code ids are UUIDs (spec: `Uuid`) made from the Store's sequence number: the first 20 hex
 * digits come from a hash of the promotion id (version 4 and variant bits set), the last 12 are
 * the sequence number. So an id names one code of one promotion and reads back without a lookup
 * table; an id of another promotion, or one the mock never made, is simply not found.
 */
function idPrefixOf(promotionId: string): string {
  const h = createHash('sha256').update(promotionId).digest('hex');
  const variant = '89ab'[parseInt(h[16] as string, 16) & 3] as string;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-`;
}

export function codeIdOf(promotionId: string, seq: number): string {
  return `${idPrefixOf(promotionId)}${seq.toString(16).padStart(12, '0')}`;
}

export function seqOfCodeId(promotionId: string, id: string): number | undefined {
  const prefix = idPrefixOf(promotionId);
  const lower = id.toLowerCase();
  if (!lower.startsWith(prefix)) return undefined;
  const tail = lower.slice(prefix.length);
  if (!/^[0-9a-f]{12}$/.test(tail)) return undefined;
  const seq = parseInt(tail, 16);
  return seq > 0 ? seq : undefined;
}

export function codeKey(code: string, caseInsensitive: boolean): string {
  return caseInsensitive ? code.toLowerCase() : code;
}

/** `defaultConsumeUnit` only matters for a code stored without one (the plugin always writes it). */
export function serializeCode(promotionId: string, stored: StoredCode, defaultConsumeUnit: string): PromotionCode {
  const data = stored.data as Partial<CodeData>;
  const created = typeof data.created_at === 'string' ? data.created_at : new Date(0).toISOString();
  return {
    type: CODES_TYPE,
    id: codeIdOf(promotionId, stored.seq),
    code: stored.code,
    uses: typeof data.uses === 'number' ? data.uses : 0,
    ...(typeof data.max_uses === 'number' ? { max_uses: data.max_uses } : {}),
    ...(typeof data.user === 'string' ? { user: data.user } : {}),
    consume_unit: (typeof data.consume_unit === 'string' ? data.consume_unit : defaultConsumeUnit) as PromotionCode['consume_unit'],
    ...(isObject(data.max_uses_per_shopper) ? { max_uses_per_shopper: data.max_uses_per_shopper } : {}),
    ...(typeof data.is_for_new_shopper === 'boolean' ? { is_for_new_shopper: data.is_for_new_shopper } : {}),
    ...(typeof data.created_by === 'string' ? { created_by: data.created_by } : {}),
    meta: { timestamps: { created_at: created, updated_at: created } },
  };
}

/**
 * One generated code: `length` random characters of the spec's alphabet, the group separator
 * after every group, the prefix in front with one separator between unless it already ends with
 * one (`summer` and `summer-` both give `summer-aa2b-3c4d`).
 */
export function generateCode(random: RandomSource, rules: ElasticPathRules['jobs'], length: number, prefix?: string): string {
  const raw = random.string(rules.alphabet, length);
  const groups: string[] = [];
  for (let i = 0; i < raw.length; i += rules.groupSize) groups.push(raw.slice(i, i + rules.groupSize));
  const body = groups.join(rules.groupSeparator);
  if (!prefix) return body;
  return prefix.endsWith(rules.prefixSeparator) ? `${prefix}${body}` : `${prefix}${rules.prefixSeparator}${body}`;
}

/** Every code of the promotion, in creation order (for exports and recovery scans). */
export async function allCodes(app: VendorApp, promotionId: string): Promise<StoredCode[]> {
  const scope = scopeOf(promotionId);
  const out: StoredCode[] = [];
  const limit = 1000;
  for (;;) {
    const page = await app.store.listCodes(scope, { afterSeq: out.at(-1)?.seq, limit });
    out.push(...page);
    if (page.length < limit) return out;
  }
}

function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The export file: one line per code, with a header. */
export function codesCsv(promotionId: string, codes: readonly StoredCode[], defaultConsumeUnit: string): string {
  const header = ['id', 'code', 'uses', 'max_uses', 'consume_unit', 'created_by', 'created_at'];
  const lines = codes.map((stored) => {
    const code = serializeCode(promotionId, stored, defaultConsumeUnit);
    return [code.id, code.code, code.uses, code.max_uses, code.consume_unit, code.created_by, code.meta?.timestamps.created_at].map(csvField).join(',');
  });
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The parts of the request both code handlers need, after the promotion is known. */
export interface PromotionContext {
  promotion: PromotionDoc;
  request: MockRequest;
}

function invalid(app: VendorApp, request: MockRequest, detail: string, field: string): MockResponse {
  const problem: Problem = { title: 'Bad Request', detail, field, rule: 'type', location: 'body' };
  return app.error(request.operation.validationStatus, problem);
}

interface CodeInput {
  code: string;
  max_uses?: number;
  user?: string;
  consume_unit?: string;
  max_uses_per_shopper?: { max_uses?: number; includes_guests?: boolean };
  is_for_new_shopper?: boolean;
  /** The fields of the entry as sent (for the rules on which fields go together). */
  sent: string[];
}

/** `data.codes` of a create or delete body; Prism has validated it, this only guards the handler. */
function codesOfBody(body: unknown): unknown[] | undefined {
  if (!isObject(body) || !isObject(body.data) || !Array.isArray(body.data.codes)) return undefined;
  return body.data.codes;
}

function parseCodeInput(entry: unknown): CodeInput | undefined {
  if (!isObject(entry) || typeof entry.code !== 'string') return undefined;
  const limit = entry.uses ?? entry.max_uses;
  const perShopper = isObject(entry.max_uses_per_shopper) ? entry.max_uses_per_shopper : undefined;
  return {
    code: entry.code,
    ...(typeof limit === 'number' ? { max_uses: limit } : {}),
    ...(typeof entry.user === 'string' ? { user: entry.user } : {}),
    ...(typeof entry.consume_unit === 'string' ? { consume_unit: entry.consume_unit } : {}),
    ...(perShopper
      ? {
          max_uses_per_shopper: {
            ...(typeof perShopper.max_uses === 'number' ? { max_uses: perShopper.max_uses } : {}),
            ...(typeof perShopper.includes_guests === 'boolean' ? { includes_guests: perShopper.includes_guests } : {}),
          },
        }
      : {}),
    ...(typeof entry.is_for_new_shopper === 'boolean' ? { is_for_new_shopper: entry.is_for_new_shopper } : {}),
    sent: Object.keys(entry),
  };
}

/**
 * The vendor's rules on which fields of a code go together (spec: createPromotionCodes x-rules
 * and its documented 400 and 422 examples), or undefined when the code keeps them.
 */
function combinationProblem(app: VendorApp, input: CodeInput, index: number): DocumentedProblem | undefined {
  const { codes: rules, problems } = rulesOf(app.spec);
  if (input.is_for_new_shopper === true && input.sent.some((field) => rules.newShopperRestrictions.includes(field))) {
    return { ...problems.newShopperLimited, detail: rules.newShopperDetail.replace('{code}', input.code), field: '' };
  }
  const perShopper = input.max_uses_per_shopper;
  if (perShopper && perShopper.includes_guests !== undefined && perShopper.max_uses === undefined) {
    return { ...problems.missingMaxUses, field: `data.codes.${index}.max_uses_per_shopper` };
  }
  const unit = input.consume_unit ?? rules.defaultConsumeUnit;
  if (perShopper && !rules.perShopperLimitConsumeUnits.includes(unit)) return { ...problems.unsupportedConsumeUnit, field: '' };
  return undefined;
}

export async function createCodes(app: VendorApp, { promotion, request }: PromotionContext): Promise<MockResponse> {
  const rules = rulesOf(app.spec).codes;
  const { noCodesAllowed } = rulesOf(app.spec).problems;
  if (promotion.automatic) return app.error(noCodesAllowed.status, noCodesAllowed);
  const entries = codesOfBody(request.body);
  if (!entries || entries.length === 0) return invalid(app, request, 'data.codes must be a non-empty array', 'data.codes');
  const inputs: CodeInput[] = [];
  for (const [index, entry] of entries.entries()) {
    const input = parseCodeInput(entry);
    if (!input) return invalid(app, request, `data.codes[${index}].code must be a string`, `data.codes.${index}.code`);
    const problem = combinationProblem(app, input, index);
    if (problem) return app.error(problem.status, { ...problem, location: 'body', rule: 'combination' });
    inputs.push(input);
  }

  const scope = scopeOf(promotion.id);
  const createdAt = app.now().toISOString();
  const keys = inputs.map((input) => codeKey(input.code, rules.caseInsensitive));

  // Codes other promotions already have: allowed, with a warning. Looked up before the insert so
  // that a hit in this promotion itself (a duplicate, rejected below) is not mistaken for one.
  const elsewhere: string[] = [];
  const looked = new Set<string>();
  for (const [index, key] of keys.entries()) {
    if (looked.has(key)) continue;
    looked.add(key);
    const found = await app.store.findCodeInAnyScope(CODE_SCOPE_PREFIX, key);
    if (found && found.scope !== scope) elsewhere.push((inputs[index] as CodeInput).code);
  }

  const batch: NewCode[] = inputs.map((input, index) => {
    const data: CodeData = {
      uses: 0,
      ...(input.max_uses !== undefined ? { max_uses: input.max_uses } : {}),
      ...(input.user !== undefined ? { user: input.user } : {}),
      consume_unit: input.consume_unit ?? rules.defaultConsumeUnit,
      ...(input.max_uses_per_shopper !== undefined ? { max_uses_per_shopper: input.max_uses_per_shopper } : {}),
      ...(input.is_for_new_shopper !== undefined ? { is_for_new_shopper: input.is_for_new_shopper } : {}),
      created_at: createdAt,
    };
    return { code: input.code, key: keys[index] as string, data };
  });
  const mode = rules.rejectDuplicatesInRequest ? 'all-or-nothing' : 'skip-conflicts';
  const result = await app.store.insertCodes(scope, batch, mode);
  if (result.inserted.length === 0 || (mode === 'all-or-nothing' && result.conflicts.length > 0)) {
    const conflicts = new Set(result.conflicts);
    const index = Math.max(0, keys.findIndex((key) => conflicts.has(key)));
    const duplicate = rulesOf(app.spec).problems.duplicateCode;
    return app.error(duplicate.status, { ...duplicate, field: `data.codes.${index}.code`, location: 'body', rule: 'duplicate' });
  }

  const body: Record<string, unknown> = {
    data: result.inserted.map((stored) => serializeCode(promotion.id, stored, rules.defaultConsumeUnit)),
  };
  if (elsewhere.length > 0) {
    body.messages = [
      { title: rules.crossPromotionWarningTitle, description: rules.crossPromotionWarningDescription, source: { type: CODES_TYPE, codes: elsewhere } },
    ];
  }
  return { status: 201, body };
}

/** One term of a codes `filter`: `eq(code,summer)`, `gt(code,"a:b")`. */
interface CodeFilterTerm {
  operator: string;
  /** The value, unquoted and unescaped, as the comparison key (lower-cased when codes are case-insensitive). */
  key: string;
}

const FILTER_TERM = /(\w+)\((\w+),(?:"((?:[^"\\]|\\.)+)"|([^,():"\s]+))\)/y;

/** `eq(code,a):gt(code,"b:c")` -> terms, or undefined if malformed or not on a filterable attribute with a listed operator. */
function parseCodeFilter(filter: string, rules: ElasticPathRules['codes']): CodeFilterTerm[] | undefined {
  const terms: CodeFilterTerm[] = [];
  let at = 0;
  for (;;) {
    FILTER_TERM.lastIndex = at;
    const match = FILTER_TERM.exec(filter);
    if (!match) return undefined;
    const [, operator, attribute, quoted, bare] = match as unknown as [string, string, string, string | undefined, string | undefined];
    if (!rules.filterOperators.includes(operator) || !rules.filterAttributes.includes(attribute)) return undefined;
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare as string);
    terms.push({ operator, key: codeKey(value, rules.caseInsensitive) });
    at = FILTER_TERM.lastIndex;
    if (at === filter.length) return terms;
    if (filter[at] !== ':') return undefined;
    at += 1;
  }
}

/** What each filter operator means; which of them the API offers is the spec's (x-rules filterOperators). */
const FILTER_OPERATORS: Record<string, (key: string, value: string) => boolean> = {
  eq: (key, value) => key === value,
  gt: (key, value) => key > value,
};

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The codes a filter selects, in order: an `eq` term is looked up by key, anything else reads the promotion's codes. */
async function selectCodes(app: VendorApp, promotionId: string, terms: CodeFilterTerm[], sort: string | undefined): Promise<StoredCode[]> {
  const rules = rulesOf(app.spec).codes;
  const exact = terms.find((term) => term.operator === 'eq');
  const candidates = exact
    ? [await app.store.findCode(scopeOf(promotionId), exact.key)].filter((code): code is StoredCode => code !== undefined)
    : await allCodes(app, promotionId);
  const selected = candidates.filter((code) => {
    const key = codeKey(code.code, rules.caseInsensitive);
    return terms.every((term) => FILTER_OPERATORS[term.operator]?.(key, term.key) ?? false);
  });
  if (sort === undefined) return selected;
  const descending = sort.startsWith('-');
  const byCode = (a: StoredCode, b: StoredCode) => {
    const ka = codeKey(a.code, rules.caseInsensitive);
    const kb = codeKey(b.code, rules.caseInsensitive);
    return ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq;
  };
  return selected.sort((a, b) => (descending ? byCode(b, a) : byCode(a, b)));
}

export async function listCodes(app: VendorApp, { promotion, request }: PromotionContext): Promise<MockResponse> {
  const rules = rulesOf(app.spec).codes;
  const scope = scopeOf(promotion.id);
  const page = pageOf(request, rules.defaultPageLimit);
  const filter = single(request.query.filter);
  const sort = single(request.query.sort);
  const kept = { ...(filter !== undefined ? { filter } : {}), ...(sort !== undefined ? { sort } : {}) };
  const serialize = (stored: StoredCode) => serializeCode(promotion.id, stored, rules.defaultConsumeUnit);

  if (filter === undefined && sort === undefined) {
    const [total, rows] = await Promise.all([app.store.countCodes(scope), app.store.listCodes(scope, { offset: page.offset, limit: page.limit })]);
    return { status: 200, body: { data: rows.map(serialize), ...pageEnvelope(app, request, page, total) } };
  }
  const terms = filter === undefined ? [] : parseCodeFilter(filter, rules);
  if (!terms) {
    return app.error(request.operation.validationStatus, {
      title: 'Bad Request',
      detail: `filter must be ${rules.filterOperators.map((op) => `${op}(code,<code>)`).join(' or ')}, terms joined by ":"`,
      field: 'filter',
      rule: 'pattern',
      location: 'query',
    });
  }
  const selected = await selectCodes(app, promotion.id, terms, sort);
  const rows = selected.slice(page.offset, page.offset + page.limit);
  return { status: 200, body: { data: rows.map(serialize), ...pageEnvelope(app, request, page, selected.length, kept) } };
}

export async function deleteCodes(app: VendorApp, { promotion, request }: PromotionContext): Promise<MockResponse> {
  const rules = rulesOf(app.spec).codes;
  const entries = codesOfBody(request.body);
  if (!entries || entries.length === 0) return invalid(app, request, 'data.codes must be a non-empty array', 'data.codes');
  const keys: string[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!isObject(entry) || typeof entry.code !== 'string') {
      return invalid(app, request, `data.codes[${index}].code must be a string`, `data.codes.${index}.code`);
    }
    keys.push(codeKey(entry.code, rules.caseInsensitive));
  }
  await app.store.deleteCodesByKey(scopeOf(promotion.id), [...new Set(keys)]);
  return { status: 204 };
}

export async function deleteCode(app: VendorApp, { promotion, request }: PromotionContext): Promise<MockResponse> {
  const { codeNotFound } = rulesOf(app.spec).problems;
  const notFound = () => app.error(codeNotFound.status, codeNotFound);
  const seq = seqOfCodeId(promotion.id, request.params.codeID ?? '');
  if (seq === undefined) return notFound();
  const deleted = await app.store.deleteCodes(scopeOf(promotion.id), [seq]);
  return deleted.length > 0 ? { status: 204 } : notFound();
}
