import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/server.js';
import { deref, isObject, loadSpec, type JsonObject } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { ERROR_WORDS, shoplazzaErrorBody } from '../../src/vendors/shoplazza/errors.js';
import { shoplazzaPlugin } from '../../src/vendors/shoplazza/plugin.js';
import { startVendorMock, type CallOptions, type Exchange, type VendorMock } from '../support/mock-harness.js';
import type { components } from '../../generated/shoplazza.js';

/*
 * The Shoplazza plugin on the real mock server (real port, real Prism, real spec). Every
 * response a test receives goes through `expectConformant` (see `call`); the one exception is
 * 405, which the spec answers for paths, not operations (no operation lists it): it is checked
 * against the spec's `Error` schema instead (`expectMethodNotAllowed`).
 */

const spec = loadSpec('shoplazza');
const validator = createSpecValidator(spec);

// Limits come from the spec, never from numbers written here.
const batchSchema = spec.operation('batchCreateDiscountCodes').requestBody?.schema as JsonObject;
const batchItems = (batchSchema.properties as Record<string, JsonObject>).discount_codes as JsonObject;
const MAX_BATCH = batchItems.maxItems as number;
const limitSchema = spec.operation('listDiscountCodes').parameters.find((p) => p.name === 'limit')?.schema as JsonObject;
const MAX_LIMIT = limitSchema.maximum as number;
const DEFAULT_LIMIT = limitSchema.default as number;

type Envelope<T> = { code: string; message: string; data: T };
type DiscountCode = components['schemas']['DiscountCode'];
type ErrorBody = { code: string; message: string };

let mock: VendorMock;

beforeAll(async () => {
  mock = await startVendorMock(shoplazzaPlugin);
});

afterAll(async () => {
  await mock?.close();
});

beforeEach(async () => {
  await mock.server.reset();
});

/** One request, its response checked against the spec for `operationId` and its status. */
async function call(operationId: string, method: string, path: string, options?: CallOptions): Promise<Exchange> {
  const exchange = await mock.call(method, path, options);
  mock.expectConformant(operationId, exchange);
  expect(exchange.status, `${method} ${path} must never answer 5xx: ${exchange.text}`).toBeLessThan(500);
  return exchange;
}

const batch = (priceRule: string, codes: unknown[], options: CallOptions = {}) =>
  call('batchCreateDiscountCodes', 'POST', `/price_rules/${priceRule}/discount_codes/batch`, { ...options, body: { discount_codes: codes } });
const createOne = (priceRule: string, code: unknown, options: CallOptions = {}) =>
  call('createDiscountCode', 'POST', `/price_rules/${priceRule}/discount_codes`, { ...options, body: { discount_code: code } });
const list = (priceRule: string, query = '', options: CallOptions = {}) =>
  call('listDiscountCodes', 'GET', `/price_rules/${priceRule}/discount_codes${query}`, options);
const getOne = (priceRule: string, id: string, options: CallOptions = {}) =>
  call('getDiscountCode', 'GET', `/price_rules/${priceRule}/discount_codes/${id}`, options);
const deleteOne = (priceRule: string, id: string, options: CallOptions = {}) =>
  call('deleteDiscountCode', 'DELETE', `/price_rules/${priceRule}/discount_codes/${id}`, options);
const lookup = (code: string, options: CallOptions = {}) =>
  call('lookupDiscountCode', 'GET', `/discount_codes/lookup?code=${encodeURIComponent(code)}`, options);

const codesOf = (exchange: Exchange) => (exchange.body as Envelope<{ discount_codes: DiscountCode[] }>).data.discount_codes;
const codeOf = (exchange: Exchange) => (exchange.body as Envelope<{ discount_code: DiscountCode }>).data.discount_code;
const errorOf = (exchange: Exchange) => exchange.body as ErrorBody;

/** Every code of a price rule, walking the pages. */
async function allCodes(priceRule: string): Promise<DiscountCode[]> {
  const all: DiscountCode[] = [];
  for (let page = 1; ; page++) {
    const exchange = await list(priceRule, `?limit=${MAX_LIMIT}&page=${page}`);
    expect(exchange.status).toBe(200);
    const codes = codesOf(exchange);
    all.push(...codes);
    if (codes.length < MAX_LIMIT) return all;
  }
}

function expectError(exchange: Exchange, status: number, word: string, ...mentions: string[]): void {
  expect(exchange.status, exchange.text).toBe(status);
  expect(errorOf(exchange).code).toBe(word);
  for (const text of mentions) expect(errorOf(exchange).message).toContain(text);
}

function expectMethodNotAllowed(exchange: Exchange): void {
  expect(exchange.status).toBe(405);
  expect(validator.validate('/components/schemas/Error', exchange.body)).toEqual([]);
  expect(errorOf(exchange).code).toBe('MethodNotAllowed');
}

describe('errorBody', () => {
  /** The `const` of `code` in an error response schema (`allOf: [Error, {properties: {code: {const}}}]`). */
  function documentedWord(schema: JsonObject): unknown {
    for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
      const resolved = deref<JsonObject>(spec.document, part);
      const code = isObject(resolved.properties) ? resolved.properties.code : undefined;
      if (isObject(code) && 'const' in code) return code.const;
    }
    return undefined;
  }

  it('uses the word the spec documents for every error status of every operation, and validates', () => {
    let checked = 0;
    for (const operation of spec.operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || !response.schema || !response.schemaPointer) continue;
        expect(ERROR_WORDS[Number(status)], `${operation.id} ${status}`).toBe(documentedWord(response.schema));
        const body = shoplazzaErrorBody(Number(status), { title: 'x', detail: 'limit must be <= 250', field: 'limit' });
        expect(validator.validate(response.schemaPointer, body), `${operation.id} ${status}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('only uses words of the spec, also for statuses the spec does not name (405, 413, 501, 503)', () => {
    const words = (spec.document.components as { schemas: { ErrorCode: { enum: string[] } } }).schemas.ErrorCode.enum;
    expect(new Set(Object.values(ERROR_WORDS))).toEqual(new Set(words));
    for (const status of [405, 409, 413, 501, 503]) {
      const body = shoplazzaErrorBody(status, { title: 't', detail: 'd' });
      expect(validator.validate('/components/schemas/Error', body), String(status)).toEqual([]);
    }
    expect(shoplazzaErrorBody(405, { title: 't', detail: 'd' }).code).toBe('MethodNotAllowed');
  });

  it('names the field in the message when the detail does not', () => {
    expect(shoplazzaErrorBody(422, { title: 't', detail: 'must be >= 1', field: 'discount_codes.0.usage_limit' })).toEqual({
      code: 'InvalidParameter',
      message: 'discount_codes.0.usage_limit: must be >= 1',
    });
    expect(shoplazzaErrorBody(422, { title: 't', detail: 'limit must be <= 250', field: 'limit' }).message).toBe('limit must be <= 250');
  });

  it('declares Retry-After in whole seconds for a 429', () => {
    expect(shoplazzaPlugin.rateLimitHeaders?.({ concurrent: 1, retryAfterMs: 1500 })).toEqual({ 'Retry-After': '2' });
    expect(Object.keys(spec.operation('batchCreateDiscountCodes').responses['429']?.headers ?? {})).toContain('Retry-After');
  });
});

describe('seed and price rules', () => {
  it('seeds two price rules in the spec id format by default, each served with no codes', async () => {
    const owners = mock.server.vendors[0]?.owners ?? [];
    expect(owners.map((o) => o.id)).toEqual(['pr_1001', 'pr_1002']);
    for (const owner of owners) {
      expect(owner.kind).toBe('price rule');
      expect(owner.name).toEqual(expect.any(String));
      expect(validator.validate('/components/schemas/PriceRuleId', owner.id)).toEqual([]);
      const exchange = await list(owner.id);
      expect(exchange.status).toBe(200);
      expect(exchange.body).toEqual({ code: '200', message: 'Success', data: { discount_codes: [] } });
    }
  });

  it('keeps one world: the store is named by the host name (subdomain), which the mock does not read', async () => {
    const created = codesOf(await batch('pr_1001', [{ code: 'ONE-WORLD' }]));
    // A client pointed at the mock sends the mock's own host, whatever store it means; a Host
    // naming another store's subdomain still reaches the mock's one store.
    const viaOtherHost = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(
        `${mock.base}/discount_codes/lookup?code=ONE-WORLD`,
        { headers: { host: 'another-store.myshoplaza.com', accept: 'application/json', 'access-token': 'test-token' } },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject).end();
    });
    expect(viaOtherHost.status).toBe(200);
    expect((JSON.parse(viaOtherHost.text) as Envelope<{ discount_code: DiscountCode }>).data.discount_code).toEqual(created[0]);
  });

  it('seeds the price rules of the fixtures instead of the defaults', async () => {
    const other = await startVendorMock(shoplazzaPlugin, {
      fixtures: { shoplazza: { price_rules: [{ id: 'pr_77', title: 'Spring' }, { id: '588fea0b-f15d-4c1d-9390-23661f0194fa' }] } },
    });
    try {
      expect(other.server.vendors[0]?.owners).toEqual([
        { id: 'pr_77', kind: 'price rule', name: 'Spring' },
        { id: '588fea0b-f15d-4c1d-9390-23661f0194fa', kind: 'price rule', name: expect.any(String) },
      ]);
      const served = await other.call('GET', '/price_rules/pr_77/discount_codes');
      other.expectConformant('listDiscountCodes', served);
      expect(served.status).toBe(200);
      const gone = await other.call('GET', '/price_rules/pr_1001/discount_codes');
      other.expectConformant('listDiscountCodes', gone);
      expectError(gone, 404, 'NotFound', 'pr_1001');
    } finally {
      await other.close();
    }
  });

  it.each([
    ['not an object', 'oops', /price_rules/],
    ['no price_rules', { rules: [] }, /price_rules/],
    ['an unknown key', { price_rules: [], extra: 1 }, /extra/],
    ['an entry without id', { price_rules: [{ title: 'x' }] }, /price_rules\[0\].*id/],
    ['an id not in the spec format', { price_rules: [{ id: 'summer' }] }, /price_rules\[0\].*"summer".*pattern/],
    ['a title that is not a string', { price_rules: [{ id: 'pr_1', title: 3 }] }, /title/],
    ['an unknown entry key', { price_rules: [{ id: 'pr_1', name: 'x' }] }, /name/],
    ['an id twice', { price_rules: [{ id: 'pr_1' }, { id: 'pr_1' }] }, /price_rules\[1\].*pr_1.*twice/],
  ])('rejects fixtures with %s with a FixtureError that says what is wrong', async (_label, fixtures, message) => {
    const started = startMockServer({ plugins: [shoplazzaPlugin], port: 0, store: createMemoryStore(), fixtures: { shoplazza: fixtures } });
    await expect(started).rejects.toMatchObject({ name: 'FixtureError', message: expect.stringMatching(message) });
  });

  it('adds a price rule through the admin API (addOwner), which the API then serves', async () => {
    const admin = (body: unknown) =>
      fetch(`${mock.server.url}/__mock/shoplazza/price_rules`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const added = await admin({ id: 'pr_5000', title: 'Partners' });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ id: 'pr_5000', kind: 'price rule', name: 'Partners' });
    const created = await batch('pr_5000', [{ code: 'PARTNER-1' }]);
    expect(created.status).toBe(200);
    expect(codesOf(created)[0]?.price_rule_id).toBe('pr_5000');

    const again = await admin({ id: 'pr_5000' });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toMatch(/pr_5000 already exists/);
    const malformed = await admin({ id: 'not-an-id' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/not-an-id/);
  });

  it('answers 404 NotFound in the vendor shape for an unknown price rule on every price-rule operation', async () => {
    const unknown = 'pr_999999';
    expectError(await batch(unknown, [{ code: 'A' }]), 404, 'NotFound', `price rule ${unknown} not found`);
    expectError(await createOne(unknown, { code: 'A' }), 404, 'NotFound', unknown);
    expectError(await list(unknown), 404, 'NotFound', unknown);
    expectError(await getOne(unknown, 'dc_1'), 404, 'NotFound', unknown);
    expectError(await deleteOne(unknown, 'dc_1'), 404, 'NotFound', unknown);
  });
});

describe('batchCreateDiscountCodes', () => {
  it('creates the codes in request order with ids, timestamps and defaults, in the success envelope', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const exchange = await batch('pr_1001', [
      { code: 'SUMMER20', use_with_other: 1, usage_limit: 100 },
      { code: 'SUMMER20-VIP', use_with_other: 0 },
      { code: 'summer_20_email' },
    ]);
    const after = Date.now();
    expect(exchange.status).toBe(200);
    const body = exchange.body as Envelope<unknown>;
    expect(body.code).toBe('200');
    expect(body.message).toBe('Success');
    const codes = codesOf(exchange);
    expect(codes.map((c) => c.code)).toEqual(['SUMMER20', 'SUMMER20-VIP', 'summer_20_email']);
    expect(codes.map((c) => c.use_with_other)).toEqual([1, 0, 0]);
    for (const code of codes) {
      expect(code.id).toMatch(/^dc_[1-9][0-9]*$/);
      expect(code.price_rule_id).toBe('pr_1001');
      expect(code.usage_count).toBe(0);
      expect(code.updated_at).toBe(code.created_at);
      const created = Date.parse(code.created_at);
      expect(created).toBeGreaterThanOrEqual(before);
      expect(created).toBeLessThanOrEqual(after);
    }
    expect(new Set(codes.map((c) => c.id)).size).toBe(3);
    // Ids follow the store's sequence: increasing in request order.
    const seqs = codes.map((c) => Number(c.id.slice(3)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('makes what it creates visible to list, get and lookup', async () => {
    const created = codesOf(await batch('pr_1002', [{ code: 'SEEN-1' }, { code: 'SEEN-2', use_with_other: 1 }]));
    expect(await allCodes('pr_1002')).toEqual(created);
    for (const code of created) {
      const got = await getOne('pr_1002', code.id);
      expect(got.status).toBe(200);
      expect(codeOf(got)).toEqual(code);
      const found = await lookup(code.code);
      expect(found.status).toBe(200);
      expect(codeOf(found)).toEqual(code);
    }
  });

  it(`accepts a batch of the spec's maximum size`, async () => {
    const codes = Array.from({ length: MAX_BATCH }, (_, i) => ({ code: `MAX-${i}` }));
    const exchange = await batch('pr_1001', codes);
    expect(exchange.status).toBe(200);
    expect(codesOf(exchange)).toHaveLength(MAX_BATCH);
    expect(await allCodes('pr_1001')).toHaveLength(MAX_BATCH);
  });

  it('rejects one code over the maximum with 422 InvalidParameter and creates nothing', async () => {
    const codes = Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ code: `OVER-${i}` }));
    expectError(await batch('pr_1001', codes), 422, 'InvalidParameter', 'discount_codes', String(MAX_BATCH));
    expect(await allCodes('pr_1001')).toEqual([]);
  });

  it('rejects a code repeated in the batch with 422 naming it, and creates none of the batch', async () => {
    await batch('pr_1001', [{ code: 'KEEP' }]);
    const before = await allCodes('pr_1001');
    const exchange = await batch('pr_1001', [{ code: 'NEW-1' }, { code: 'TWICE' }, { code: 'NEW-2' }, { code: 'TWICE' }]);
    expectError(exchange, 422, 'InvalidParameter', 'TWICE', 'duplicated in the request');
    expect(errorOf(exchange).message).not.toContain('NEW-1');
    expect(await allCodes('pr_1001')).toEqual(before);
    expectError(await lookup('NEW-1'), 404, 'NotFound', 'NEW-1');
  });

  it('rejects a code already in the price rule with 422 naming it, and creates none of the batch', async () => {
    await batch('pr_1001', [{ code: 'TAKEN' }, { code: 'ALSO-TAKEN' }]);
    const before = await allCodes('pr_1001');
    const exchange = await batch('pr_1001', [{ code: 'FRESH' }, { code: 'ALSO-TAKEN' }, { code: 'TAKEN' }]);
    expectError(exchange, 422, 'InvalidParameter', 'ALSO-TAKEN', 'TAKEN', 'already exist', 'pr_1001');
    expect(await allCodes('pr_1001')).toEqual(before);
    expectError(await lookup('FRESH'), 404, 'NotFound');
  });

  it('compares codes case-sensitively and per price rule, as x-rules say', async () => {
    expect(spec.operation('batchCreateDiscountCodes').rules).toMatchObject({ caseInsensitive: false, uniqueWithin: 'price_rule' });
    expect((await batch('pr_1001', [{ code: 'CASE' }, { code: 'case' }])).status).toBe(200);
    expect((await batch('pr_1002', [{ code: 'CASE' }])).status).toBe(200);
  });

  it('rejects schema violations with 422 InvalidParameter naming the field and the rule', async () => {
    expectError(await batch('pr_1001', []), 422, 'InvalidParameter', 'discount_codes', 'fewer than 1');
    expectError(await batch('pr_1001', [{ code: 'SUMMER 20' }]), 422, 'InvalidParameter', 'discount_codes.0.code', 'pattern');
    expectError(await batch('pr_1001', [{ code: 'A', use_with_other: 2 }]), 422, 'InvalidParameter', 'use_with_other');
    expectError(await batch('pr_1001', [{ code: 'A', usage_limit: 0 }]), 422, 'InvalidParameter', 'usage_limit', '>= 1');
    expectError(await batch('pr_1001', [{ use_with_other: 1 }]), 422, 'InvalidParameter', 'code', 'required');
    expectError(await batch('bad-id!', [{ code: 'A' }]), 422, 'InvalidParameter', 'price_rule_id');
    for (const rawBody of ['null', '[]', '"x"', '42', '{"discount_codes":null}', '{"discount_codes":[null]}']) {
      const exchange = await call('batchCreateDiscountCodes', 'POST', '/price_rules/pr_1001/discount_codes/batch', {
        rawBody,
        headers: { 'content-type': 'application/json' },
      });
      expectError(exchange, 422, 'InvalidParameter');
    }
    expect(await allCodes('pr_1001')).toEqual([]);
  });

  it('lands 20 parallel batches of distinct codes, all of them', async () => {
    const size = 10;
    const exchanges = await Promise.all(
      Array.from({ length: 20 }, (_, b) => batch('pr_1001', Array.from({ length: size }, (_, i) => ({ code: `P${b}-${i}` })))),
    );
    expect(exchanges.map((e) => e.status)).toEqual(Array(20).fill(200));
    const all = await allCodes('pr_1001');
    expect(all).toHaveLength(20 * size);
    expect(new Set(all.map((c) => c.id)).size).toBe(20 * size);
    expect(new Set(all.map((c) => c.code)).size).toBe(20 * size);
  });

  it('lets exactly one of 20 parallel batches sharing one code succeed; the others create nothing', async () => {
    const exchanges = await Promise.all(
      Array.from({ length: 20 }, (_, b) => batch('pr_1001', [{ code: `OWN-${b}-A` }, { code: 'SHARED' }, { code: `OWN-${b}-B` }])),
    );
    const won = exchanges.filter((e) => e.status === 200);
    const lost = exchanges.filter((e) => e.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const exchange of lost) expectError(exchange, 422, 'InvalidParameter', 'SHARED', 'already exists');
    const all = await allCodes('pr_1001');
    expect(all).toEqual(codesOf(won[0] as Exchange));
    expect(all.filter((c) => c.code === 'SHARED')).toHaveLength(1);
  });
});

describe('createDiscountCode', () => {
  it('creates one code, answered in data.discount_code, with the spec defaults', async () => {
    const exchange = await createOne('pr_1001', { code: 'WELCOME-7F3K9Q', usage_limit: 1 });
    expect(exchange.status).toBe(200);
    const code = codeOf(exchange);
    expect(code).toMatchObject({ code: 'WELCOME-7F3K9Q', price_rule_id: 'pr_1001', use_with_other: 0, usage_count: 0 });
    expect(code.id).toMatch(/^dc_[0-9]+$/);
    expect(codeOf(await getOne('pr_1001', code.id))).toEqual(code);
    expect(codeOf(await lookup('WELCOME-7F3K9Q'))).toEqual(code);
    expect(await allCodes('pr_1001')).toEqual([code]);
  });

  it('rejects a code already in the price rule (also one made by a batch) with 422 naming it', async () => {
    await batch('pr_1001', [{ code: 'SUMMER20' }]);
    expectError(await createOne('pr_1001', { code: 'SUMMER20' }), 422, 'InvalidParameter', 'SUMMER20', 'already exists');
    expect(await allCodes('pr_1001')).toHaveLength(1);
    // The batch sees what create made, too.
    await createOne('pr_1002', { code: 'SOLO' });
    expectError(await batch('pr_1002', [{ code: 'SOLO' }]), 422, 'InvalidParameter', 'SOLO');
  });

  it('ignores unknown properties and rejects schema violations with 422', async () => {
    const exchange = await call('createDiscountCode', 'POST', '/price_rules/pr_1001/discount_codes', {
      body: { discount_code: { code: 'EXTRA', colour: 'red' }, note: 1 },
    });
    expect(exchange.status).toBe(200);
    expect(codeOf(exchange)).not.toHaveProperty('colour');
    expectError(await createOne('pr_1001', { code: '' }), 422, 'InvalidParameter', 'discount_code.code');
    expectError(await createOne('pr_1001', null), 422, 'InvalidParameter', 'discount_code');
    expectError(await call('createDiscountCode', 'POST', '/price_rules/pr_1001/discount_codes', { body: {} }), 422, 'InvalidParameter', 'discount_code');
  });
});

describe('listDiscountCodes', () => {
  it('pages with limit and page, oldest first; a page past the end is empty', async () => {
    await batch('pr_1001', [{ code: 'L1' }, { code: 'L2' }, { code: 'L3' }]);
    await createOne('pr_1001', { code: 'L4' });
    await batch('pr_1001', [{ code: 'L5' }]);
    const page = async (query: string) => codesOf(await list('pr_1001', query)).map((c) => c.code);
    expect(await page('?limit=2')).toEqual(['L1', 'L2']);
    expect(await page('?limit=2&page=2')).toEqual(['L3', 'L4']);
    expect(await page('?limit=2&page=3')).toEqual(['L5']);
    expect(await page('?limit=2&page=4')).toEqual([]);
    expect(await page('')).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
  });

  it(`uses the spec's default limit`, async () => {
    const total = DEFAULT_LIMIT + 1;
    for (let start = 0; start < total; start += MAX_BATCH) {
      const size = Math.min(MAX_BATCH, total - start);
      await batch('pr_1002', Array.from({ length: size }, (_, i) => ({ code: `D${start + i}` })));
    }
    expect(codesOf(await list('pr_1002'))).toHaveLength(DEFAULT_LIMIT);
    expect(codesOf(await list('pr_1002', '?page=2'))).toHaveLength(1);
  });

  it('keeps the codes of each price rule apart', async () => {
    await batch('pr_1001', [{ code: 'ONE' }]);
    await batch('pr_1002', [{ code: 'TWO' }]);
    expect((await allCodes('pr_1001')).map((c) => c.code)).toEqual(['ONE']);
    expect((await allCodes('pr_1002')).map((c) => c.code)).toEqual(['TWO']);
  });

  it('rejects paging values outside the spec with 422 InvalidParameter naming the parameter', async () => {
    expectError(await list('pr_1001', `?limit=${MAX_LIMIT + 1}`), 422, 'InvalidParameter', 'limit');
    expectError(await list('pr_1001', '?limit=0'), 422, 'InvalidParameter', 'limit');
    expectError(await list('pr_1001', '?limit=abc'), 422, 'InvalidParameter', 'limit');
    expectError(await list('pr_1001', '?page=0'), 422, 'InvalidParameter', 'page');
    expectError(await list('pr_1001', '?limit=1&limit=2'), 422, 'InvalidParameter', 'limit');
  });
});

describe('getDiscountCode and deleteDiscountCode', () => {
  it('answers 404 for an unknown code, a UUID nobody issued, or a code of another price rule; 422 for a malformed id', async () => {
    const [code] = codesOf(await batch('pr_1001', [{ code: 'MINE' }]));
    expectError(await getOne('pr_1001', 'dc_999999'), 404, 'NotFound', 'dc_999999', 'pr_1001');
    expectError(await getOne('pr_1001', 'f819c126-a581-4d66-a909-08282dd35916'), 404, 'NotFound');
    expectError(await getOne('pr_1002', code?.id ?? ''), 404, 'NotFound', 'pr_1002');
    expectError(await deleteOne('pr_1002', code?.id ?? ''), 404, 'NotFound');
    expectError(await getOne('pr_1001', 'abc'), 422, 'InvalidParameter', 'discount_code_id');
    expect((await getOne('pr_1001', code?.id ?? '')).status).toBe(200);
  });

  it('deletes with 200 and an empty data object; then get, delete and lookup are 404 and the text is free again', async () => {
    const [code, other] = codesOf(await batch('pr_1001', [{ code: 'GONE' }, { code: 'STAYS' }]));
    const id = code?.id ?? '';
    const deleted = await deleteOne('pr_1001', id);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ code: '200', message: 'Success', data: {} });
    expectError(await getOne('pr_1001', id), 404, 'NotFound', id);
    expectError(await deleteOne('pr_1001', id), 404, 'NotFound', id);
    expectError(await lookup('GONE'), 404, 'NotFound', 'GONE');
    expect(await allCodes('pr_1001')).toEqual([other]);
    const again = await createOne('pr_1001', { code: 'GONE' });
    expect(again.status).toBe(200);
    expect(codeOf(again).id).not.toBe(id);
  });
});

describe('lookupDiscountCode', () => {
  it('finds a code by its exact text across price rules, case-sensitively', async () => {
    const [code] = codesOf(await batch('pr_1002', [{ code: 'FINDME' }]));
    expect(codeOf(await lookup('FINDME'))).toEqual(code);
    expectError(await lookup('findme'), 404, 'NotFound', 'findme');
    expectError(await lookup('NOPE'), 404, 'NotFound', 'discount code NOPE not found');
    // Characters a code cannot have are not a 422: such a code simply does not exist.
    expectError(await lookup('no such code!'), 404, 'NotFound');
  });

  it('returns the oldest code when several price rules have the text, whatever the store iterates first', async () => {
    expect(spec.operation('lookupDiscountCode').rules.onMultipleMatches).toBe('oldest');
    await batch('pr_1001', [{ code: 'FIRST-SCOPE' }]); // pr_1001's codes now come first in the store
    const [older] = codesOf(await batch('pr_1002', [{ code: 'BOTH' }]));
    const [newer] = codesOf(await batch('pr_1001', [{ code: 'BOTH' }]));
    expect(codeOf(await lookup('BOTH'))).toEqual(older);
    await deleteOne('pr_1002', older?.id ?? '');
    expect(codeOf(await lookup('BOTH'))).toEqual(newer);
  });

  it('rejects a missing, empty or too long code with 422 InvalidParameter', async () => {
    expectError(await call('lookupDiscountCode', 'GET', '/discount_codes/lookup'), 422, 'InvalidParameter', 'code');
    expectError(await call('lookupDiscountCode', 'GET', '/discount_codes/lookup?code='), 422, 'InvalidParameter', 'code');
    expectError(await lookup('A'.repeat(256)), 422, 'InvalidParameter', 'code');
  });
});

describe('what the core answers, in the Shoplazza shape', () => {
  it('401 Unauthorized without a token', async () => {
    expectError(await batch('pr_1001', [{ code: 'A' }], { token: null }), 401, 'Unauthorized', 'access-token');
    expectError(await list('pr_1001', '', { token: null }), 401, 'Unauthorized');
    expectError(await lookup('A', { token: null }), 401, 'Unauthorized');
  });

  it('403 Forbidden for a read-only token on every write; reads are allowed', async () => {
    const [code] = codesOf(await batch('pr_1001', [{ code: 'RO' }]));
    const readonly = { token: 'readonly-token' };
    expectError(await batch('pr_1001', [{ code: 'B' }], readonly), 403, 'Forbidden', 'write_price_rules');
    expectError(await createOne('pr_1001', { code: 'B' }, readonly), 403, 'Forbidden', 'write_price_rules');
    expectError(await deleteOne('pr_1001', code?.id ?? '', readonly), 403, 'Forbidden', 'write_price_rules');
    expect((await list('pr_1001', '', readonly)).status).toBe(200);
    expect((await getOne('pr_1001', code?.id ?? '', readonly)).status).toBe(200);
    expect((await lookup('RO', readonly)).status).toBe(200);
    expect(await allCodes('pr_1001')).toEqual([code]);
  });

  it('405 MethodNotAllowed with Allow for a method the path does not define', async () => {
    const batchPut = await mock.call('PUT', '/price_rules/pr_1001/discount_codes/batch', { body: { discount_codes: [{ code: 'A' }] } });
    expectMethodNotAllowed(batchPut);
    expect(batchPut.headers.get('allow')?.split(', ')).toContain('POST');
    const lookupPost = await mock.call('POST', '/discount_codes/lookup', { body: {} });
    expectMethodNotAllowed(lookupPost);
    expect(lookupPost.headers.get('allow')).toBe('GET');
    const listPut = await mock.call('PUT', '/price_rules/pr_1001/discount_codes', { body: {} });
    expectMethodNotAllowed(listPut);
    expect(listPut.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('415 UnsupportedMediaType for a body that is not JSON by its content type', async () => {
    const exchange = await call('batchCreateDiscountCodes', 'POST', '/price_rules/pr_1001/discount_codes/batch', {
      rawBody: 'discount_codes=A',
      headers: { 'content-type': 'text/plain' },
    });
    expectError(exchange, 415, 'UnsupportedMediaType');
  });

  it('400 InvalidParameter for malformed JSON', async () => {
    const exchange = await call('createDiscountCode', 'POST', '/price_rules/pr_1001/discount_codes', {
      rawBody: '{"discount_code": {"code": "A"',
      headers: { 'content-type': 'application/json' },
    });
    expectError(exchange, 400, 'InvalidParameter', 'JSON');
    expect(await allCodes('pr_1001')).toEqual([]);
  });

  it('406 NotAcceptable when application/json is not accepted', async () => {
    expectError(await list('pr_1001', '', { headers: { accept: 'text/xml' } }), 406, 'NotAcceptable');
  });

  it('404 NotFound for a path no operation has', async () => {
    const exchange = await mock.call('GET', '/price_rules/pr_1001/nothing');
    expect(exchange.status).toBe(404);
    expect(validator.validate('/components/schemas/NotFoundError', exchange.body)).toEqual([]);
  });
});
