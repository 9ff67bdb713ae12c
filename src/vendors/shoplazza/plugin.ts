/**
 * Shoplazza price-rule discount codes (API 2025-06) for the stateful mock. Everything it does
 * is written down in spec/shoplazza.yaml; limits (batch size, paging bounds) are enforced by the
 * core's validation against that spec, and the few values the handlers need (defaults,
 * uniqueness rules, success statuses) are read from it at registration.
 *
 * State: price rules are documents (`shoplazza:price_rule`); the codes of price rule X live in
 * Store scope `shoplazza:X`, with public ids `dc_<seq>` from the Store's sequence numbers.
 *
 * Rate limiting: Shoplazza's leaky bucket (about 2 requests per second) is NOT enforced by the
 * mock; the spec declares no `x-concurrency-limit`, so the core never answers 429 here.
 */
import type { Handler, MockRequest, MockResponse, VendorApp, VendorPlugin } from '../../mock/types.js';
import type { OperationInfo } from '../../openapi/load.js';
import type { NewCode, StoredCode } from '../../store/types.js';
import {
  dataFactory,
  isDiscountCodeInput,
  parseCodeId,
  timestamp,
  toDiscountCode,
  type DiscountCodeInput,
} from './discount-codes.js';
import { readSpecFacts, type SpecFacts } from './facts.js';
import { shoplazzaErrorBody } from './errors.js';
import { pageView } from './page-view.js';
import {
  addPriceRule,
  CODE_SCOPE_PREFIX,
  getPriceRule,
  priceRuleIdOfScope,
  PRICE_RULE_KIND,
  type PriceRuleDoc,
  scopeOf,
  seedPriceRules,
} from './price-rules.js';

/** The envelope `code` the mock answers (the spec allows "200" and "Success"; decision 3). */
const SUCCESS = { code: '200', message: 'Success' } as const;
/** At most this many codes are named in one duplicate message; the rest are counted. */
const NAMED_IN_MESSAGE = 10;

export const shoplazzaPlugin: VendorPlugin = {
  vendor: 'shoplazza',
  page: pageView,

  errorBody: shoplazzaErrorBody,

  // Only called for an operation with `x-concurrency-limit`, which the Shoplazza spec has none
  // of (its leaky bucket is not enforced by the mock). Kept so that adding a limit to the spec
  // yields a 429 with the `Retry-After` (whole seconds) that the spec's 429 response declares.
  rateLimitHeaders: ({ retryAfterMs }) => ({ 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }),

  register(app) {
    const facts = readSpecFacts(app.spec);
    const handlers: Record<string, (app: VendorApp, facts: SpecFacts, request: MockRequest) => Promise<MockResponse>> = {
      batchCreateDiscountCodes,
      createDiscountCode,
      listDiscountCodes,
      getDiscountCode,
      deleteDiscountCode,
      lookupDiscountCode,
    };
    for (const [operationId, handle] of Object.entries(handlers)) {
      const handler: Handler = (request) => handle(app, facts, request);
      app.handle(operationId, handler);
    }
  },

  seed: seedPriceRules,
  addOwner: addPriceRule,
};

function success(facts: SpecFacts, operation: OperationInfo, data: unknown): MockResponse {
  return { status: facts.successStatus(operation), body: { ...SUCCESS, data } };
}

function invalid(app: VendorApp, request: MockRequest, detail: string, field?: string, rule?: string): MockResponse {
  return app.error(request.operation.validationStatus, { title: 'Unprocessable Entity', detail, field, rule, location: field ? 'body' : undefined });
}

function priceRuleNotFound(app: VendorApp, id: string): MockResponse {
  return app.error(404, { title: 'Not Found', detail: `price rule ${id} not found`, location: 'path' });
}

function codeNotFound(app: VendorApp, codeId: string, priceRuleId: string): MockResponse {
  return app.error(404, {
    title: 'Not Found',
    detail: `discount code ${codeId} not found in price rule ${priceRuleId}`,
    location: 'path',
  });
}

/** The price rule of the path, or the 404 to answer. */
async function priceRuleOf(app: VendorApp, request: MockRequest): Promise<{ id: string } | { response: MockResponse }> {
  const id = request.params.price_rule_id ?? '';
  const rule = await getPriceRule(app, id);
  return rule ? { id: rule.id } : { response: priceRuleNotFound(app, id) };
}

function keyOf(facts: SpecFacts, operation: OperationInfo, code: string): string {
  return facts.caseInsensitive(operation) ? code.toLowerCase() : code;
}

/**
 * Inserts the codes all or nothing (one atomic Store call), or says why not: 422 naming the
 * codes repeated in the request and those already in the price rule, in request order.
 */
async function insertAll(
  app: VendorApp,
  facts: SpecFacts,
  request: MockRequest,
  priceRuleId: string,
  inputs: readonly DiscountCodeInput[],
  field: (index: number) => string,
): Promise<{ inserted: StoredCode[] } | { response: MockResponse }> {
  const makeData = dataFactory(timestamp(app.now()), facts.useWithOtherDefault);
  const codes: NewCode[] = inputs.map((input) => ({
    code: input.code,
    key: keyOf(facts, request.operation, input.code),
    data: makeData(input),
  }));
  const result = await app.store.insertCodes(scopeOf(priceRuleId), codes, 'all-or-nothing');
  if (result.conflicts.length === 0) return { inserted: result.inserted };

  // Tell the two causes apart: a key given twice in the request, or one the price rule already
  // has (a key may be both: only then is the Store asked, after the fact; the answer is 422 anyway).
  const counts = new Map<string, number>();
  const textOf = new Map<string, string>();
  for (const code of codes) {
    const key = code.key as string;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!textOf.has(key)) textOf.set(key, code.code);
  }
  const repeated: string[] = [];
  const existing: string[] = [];
  for (const key of result.conflicts) {
    const text = textOf.get(key) ?? key;
    const twice = (counts.get(key) ?? 0) > 1;
    if (twice) repeated.push(text);
    if (!twice || (await app.store.findCode(scopeOf(priceRuleId), key))) existing.push(text);
  }
  const conflicting = new Set(result.conflicts);
  const firstIndex = Math.max(0, codes.findIndex((c) => conflicting.has(c.key as string)));
  const parts: string[] = [];
  if (repeated.length > 0) parts.push(`${nameCodes(repeated)} ${repeated.length === 1 ? 'is' : 'are'} duplicated in the request`);
  if (existing.length > 0) {
    parts.push(`${nameCodes(existing)} already ${existing.length === 1 ? 'exists' : 'exist'} in price rule ${priceRuleId}`);
  }
  const detail = `${parts.join('; ')}; nothing was created`;
  return { response: invalid(app, request, detail, field(firstIndex), 'duplicate') };
}

function nameCodes(codes: readonly string[]): string {
  const named = codes.slice(0, NAMED_IN_MESSAGE).join(', ');
  const more = codes.length > NAMED_IN_MESSAGE ? ` and ${codes.length - NAMED_IN_MESSAGE} more` : '';
  return `${codes.length === 1 ? 'discount code' : 'discount codes'} ${named}${more}`;
}

async function batchCreateDiscountCodes(app: VendorApp, facts: SpecFacts, request: MockRequest): Promise<MockResponse> {
  const rule = await priceRuleOf(app, request);
  if ('response' in rule) return rule.response;
  // The core validated the body against the spec; this guard only keeps a gap in validation from becoming a 500.
  const body = request.body as { discount_codes?: unknown } | undefined;
  const inputs = body?.discount_codes;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    return invalid(app, request, 'discount_codes must be a non-empty array of discount codes', 'discount_codes', 'type');
  }
  const bad = inputs.findIndex((input) => !isDiscountCodeInput(input));
  if (bad !== -1) return invalid(app, request, `discount_codes[${bad}] is not a valid discount code`, `discount_codes[${bad}]`, 'type');

  const outcome = await insertAll(app, facts, request, rule.id, inputs as DiscountCodeInput[], (i) => `discount_codes[${i}].code`);
  if ('response' in outcome) return outcome.response;
  return success(facts, request.operation, { discount_codes: outcome.inserted.map((stored) => toDiscountCode(rule.id, stored)) });
}

async function createDiscountCode(app: VendorApp, facts: SpecFacts, request: MockRequest): Promise<MockResponse> {
  const rule = await priceRuleOf(app, request);
  if ('response' in rule) return rule.response;
  const input = (request.body as { discount_code?: unknown } | undefined)?.discount_code;
  if (!isDiscountCodeInput(input)) return invalid(app, request, 'discount_code is not a valid discount code', 'discount_code', 'type');

  const outcome = await insertAll(app, facts, request, rule.id, [input], () => 'discount_code.code');
  if ('response' in outcome) return outcome.response;
  const [stored] = outcome.inserted;
  if (!stored) throw new Error('insertCodes reported no conflict and inserted nothing');
  return success(facts, request.operation, { discount_code: toDiscountCode(rule.id, stored) });
}

async function listDiscountCodes(app: VendorApp, facts: SpecFacts, request: MockRequest): Promise<MockResponse> {
  const rule = await priceRuleOf(app, request);
  if ('response' in rule) return rule.response;
  const limit = integerQuery(request, 'limit', facts.listDefaults.limit);
  const page = integerQuery(request, 'page', facts.listDefaults.page);
  if (typeof limit === 'string') return app.error(request.operation.validationStatus, { title: 'Invalid query parameter', detail: limit, field: 'limit', location: 'query' });
  if (typeof page === 'string') return app.error(request.operation.validationStatus, { title: 'Invalid query parameter', detail: page, field: 'page', location: 'query' });
  // Oldest first (`x-rules.orderBy: created_at`, asc): the Store lists by sequence number, which is creation order.
  const rows = await app.store.listCodes(scopeOf(rule.id), { offset: (page - 1) * limit, limit });
  return success(facts, request.operation, { discount_codes: rows.map((stored) => toDiscountCode(rule.id, stored)) });
}

/** A validated integer query value, its default when absent, or a message when it slipped past validation. */
function integerQuery(request: MockRequest, name: string, fallback: number): number | string {
  const raw = request.query[name];
  if (raw === undefined) return fallback;
  const text = Array.isArray(raw) ? raw : [raw];
  if (text.length !== 1 || !/^[0-9]+$/.test(text[0] ?? '') || Number(text[0]) < 1) {
    return `${name} must be given once, as a positive integer`;
  }
  return Number(text[0]);
}

/** The code of the path in its price rule, or the 404 to answer. */
async function codeOf(app: VendorApp, request: MockRequest): Promise<{ priceRuleId: string; stored: StoredCode } | { response: MockResponse }> {
  const rule = await priceRuleOf(app, request);
  if ('response' in rule) return rule;
  const codeId = request.params.discount_code_id ?? '';
  const seq = parseCodeId(codeId);
  const stored = seq === undefined ? undefined : await app.store.getCode(scopeOf(rule.id), seq);
  return stored ? { priceRuleId: rule.id, stored } : { response: codeNotFound(app, codeId, rule.id) };
}

async function getDiscountCode(app: VendorApp, facts: SpecFacts, request: MockRequest): Promise<MockResponse> {
  const found = await codeOf(app, request);
  if ('response' in found) return found.response;
  return success(facts, request.operation, { discount_code: toDiscountCode(found.priceRuleId, found.stored) });
}

async function deleteDiscountCode(app: VendorApp, facts: SpecFacts, request: MockRequest): Promise<MockResponse> {
  const found = await codeOf(app, request);
  if ('response' in found) return found.response;
  const deleted = await app.store.deleteCodes(scopeOf(found.priceRuleId), [found.stored.seq]);
  // A concurrent delete won the race: this one deleted nothing, like a second delete.
  if (deleted.length === 0) return codeNotFound(app, request.params.discount_code_id ?? '', found.priceRuleId);
  return success(facts, request.operation, {});
}

async function lookupDiscountCode(app: VendorApp, facts: SpecFacts, request: MockRequest): Promise<MockResponse> {
  const raw = request.query.code;
  if (typeof raw !== 'string' || raw.length === 0) {
    return app.error(request.operation.validationStatus, { title: 'Invalid query parameter', detail: 'code is required, once', field: 'code', location: 'query' });
  }
  const key = keyOf(facts, request.operation, raw);
  const any = await app.store.findCodeInAnyScope(CODE_SCOPE_PREFIX, key);
  if (!any) return app.error(404, { title: 'Not Found', detail: `discount code ${raw} not found`, location: 'query' });

  // Codes are unique per price rule only: with several matches, `x-rules.onMultipleMatches`
  // decides. The Store answers "any one", so compare the candidates of every price rule by
  // sequence number (creation order): stable whatever the backend iterates first.
  let chosen = any;
  const preference = facts.onMultipleMatches;
  const rules = await app.store.listDocs<PriceRuleDoc>(PRICE_RULE_KIND);
  for (const rule of rules) {
    const scope = scopeOf(rule.id);
    if (scope === chosen.scope) continue;
    const candidate = await app.store.findCode(scope, key);
    if (!candidate) continue;
    const better = preference === 'oldest' ? candidate.seq < chosen.code.seq : candidate.seq > chosen.code.seq;
    if (better) chosen = { scope, code: candidate };
  }
  return success(facts, request.operation, { discount_code: toDiscountCode(priceRuleIdOfScope(chosen.scope), chosen.code) });
}
