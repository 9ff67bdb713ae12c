/**
 * The BigCommerce plugin on the real mock server: real port, real Prism, real spec. Every
 * response a test gets is checked against the spec's schema for its operation and status.
 * Limits come from the spec, as the plugin reads them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixtureError } from '../../src/mock/types.js';
import { deref, loadSpec, type JsonObject } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';
import { worldOf } from '../../src/vendors/bigcommerce/stores.js';
import { startVendorMock, type CallOptions, type Exchange, type VendorMock } from '../support/mock-harness.js';

const spec = loadSpec('bigcommerce');
const codegenOp = spec.operation('generateCouponCodes');
const createOp = spec.operation('createCouponCode');
const codegenBody = (name: string) => deref<JsonObject>(spec.document, (codegenOp.requestBody?.schema?.properties as JsonObject)[name]);
const createBody = (name: string) => deref<JsonObject>(spec.document, (createOp.requestBody?.schema?.properties as JsonObject)[name]);
const ALPHABET = String(codegenOp.rules.randomAlphabet);
const MAX_CODE_LENGTH = Number(codegenOp.rules.maxCodeLength);
const MAX_BATCH = Number(codegenBody('batch_size').maximum);
const DEFAULT_CODE_LENGTH = Number(codegenBody('code_length').default);
const MIN_CODE_LENGTH = Number(codegenBody('code_length').minimum);
const MAX_AFFIX = Number(codegenBody('prefix').maxLength);
const MAX_CREATE_LENGTH = Number(createBody('code').maxLength);
const CASE_INSENSITIVE = createOp.rules.caseInsensitive === true;
const limitSchema = spec.operation('listCouponCodes').parameters.find((p) => p.name === 'limit')!.schema;
const DEFAULT_LIMIT = Number(limitSchema.default);
const MAX_LIMIT = Number(limitSchema.maximum);
const MAX_IDS = Number(spec.operation('deleteCouponCodes').parameters.find((p) => p.name === 'id:in')!.schema.maxItems);
const CODEGEN_CONCURRENCY = Number(codegenOp.concurrencyLimit);
const validator = createSpecValidator(spec);
/** Where the codes of promotion 1 of the store the harness calls (the spec's default store hash) live. */
const PROMOTION_1_SCOPE = worldOf(spec.serverVariables.store_hash!).scopeOf('1');

const JSON_HEADERS = { 'content-type': 'application/json' };
const READ_ONLY = 'readonly-token';

/** Calls the mock and checks the answer against the spec for that operation. */
async function api(mock: VendorMock, operationId: string, method: string, path: string, options?: CallOptions): Promise<Exchange> {
  const exchange = await mock.call(method, path, options);
  mock.expectConformant(operationId, exchange);
  return exchange;
}

const body = (exchange: Exchange) => exchange.body as any;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Generates on a promotion, retrying a 429 as a client would. */
async function generate(mock: VendorMock, promotion: string, request: Record<string, unknown>): Promise<Exchange> {
  for (;;) {
    const r = await api(mock, 'generateCouponCodes', 'POST', `/promotions/${promotion}/codegen`, { body: request });
    if (r.status !== 429) return r;
    await sleep(Number(r.headers.get('x-rate-limit-time-reset-ms') ?? 50) / 10);
  }
}

async function listAll(mock: VendorMock, promotion: string): Promise<any[]> {
  const codes: any[] = [];
  let query = `?limit=${MAX_LIMIT}`;
  for (;;) {
    const page = await api(mock, 'listCouponCodes', 'GET', `/promotions/${promotion}/codes${query}`);
    expect(page.status).toBe(200);
    codes.push(...body(page).data);
    if (body(page).data.length === 0) return codes;
    query = body(page).meta.cursor_pagination.links.next;
  }
}

function expectCreatedNow(created: string) {
  expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  expect(Math.abs(Date.parse(created) - Date.now())).toBeLessThan(60_000);
}

describe('BigCommerce plugin', () => {
  let mock: VendorMock;

  beforeAll(async () => {
    mock = await startVendorMock(bigcommercePlugin);
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.server.reset());

  describe('seeding and the admin API', () => {
    it('seeds a BULK coupon, a SINGLE coupon and an AUTOMATIC promotion by default', () => {
      expect(mock.server.vendors[0]?.owners).toEqual([
        { id: '1', kind: 'BULK coupon', name: expect.any(String) },
        { id: '2', kind: 'SINGLE coupon', name: expect.any(String) },
        { id: '3', kind: 'AUTOMATIC', name: expect.any(String) },
      ]);
    });

    it('replaces the defaults with the promotions of a fixtures file', async () => {
      const fixtures = {
        bigcommerce: {
          promotions: [
            { id: 10, name: 'Spring bulk', redemption_type: 'COUPON', coupon_type: 'BULK' },
            { id: '11', redemption_type: 'COUPON' },
            { id: 12, redemption_type: 'AUTOMATIC' },
          ],
        },
      };
      const other = await startVendorMock(bigcommercePlugin, { fixtures });
      try {
        expect(other.server.vendors[0]?.owners).toEqual([
          { id: '10', kind: 'BULK coupon', name: 'Spring bulk' },
          { id: '11', kind: 'SINGLE coupon', name: expect.any(String) },
          { id: '12', kind: 'AUTOMATIC', name: expect.any(String) },
        ]);
        expect((await generate(other, '10', { batch_size: 2 })).status).toBe(201);
        expect((await generate(other, '11', { batch_size: 2 })).status).toBe(405);
        expect((await generate(other, '1', { batch_size: 2 })).status).toBe(404);
      } finally {
        await other.close();
      }
    });

    it.each([
      ['not an object', []],
      ['no promotions array', { promotion: [] }],
      ['an unknown field', { promotions: [{ id: 1, redemption_type: 'COUPON', coupontype: 'BULK' }] }],
      ['a bad redemption type', { promotions: [{ id: 1, redemption_type: 'MANUAL' }] }],
      ['a bad coupon type', { promotions: [{ id: 1, redemption_type: 'COUPON', coupon_type: 'MULTI' }] }],
      ['a coupon type on an AUTOMATIC promotion', { promotions: [{ id: 1, redemption_type: 'AUTOMATIC', coupon_type: 'BULK' }] }],
      ['a missing id', { promotions: [{ redemption_type: 'COUPON' }] }],
      ['a non-numeric id', { promotions: [{ id: 'abc', redemption_type: 'COUPON' }] }],
      ['id 0', { promotions: [{ id: 0, redemption_type: 'COUPON' }] }],
      ['a duplicate id', { promotions: [{ id: 1, redemption_type: 'COUPON' }, { id: '01', redemption_type: 'AUTOMATIC' }] }],
    ])('rejects fixtures with %s with a FixtureError', async (_what, section) => {
      await expect(startVendorMock(bigcommercePlugin, { fixtures: { bigcommerce: section } })).rejects.toThrow(FixtureError);
    });

    it('adds a promotion through the admin API, refusing bad input and ids in use', async () => {
      const admin = (input: unknown) =>
        fetch(`${mock.server.url}/__mock/bigcommerce/promotions`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(input) });
      const added = await admin({ id: 42, name: 'Admin bulk', redemption_type: 'COUPON', coupon_type: 'BULK' });
      expect(added.status).toBe(201);
      expect(await added.json()).toEqual({ id: '42', kind: 'BULK coupon', name: 'Admin bulk' });
      expect((await generate(mock, '42', { batch_size: 3 })).status).toBe(201);

      const again = await admin({ id: 42, redemption_type: 'AUTOMATIC' });
      expect(again.status).toBe(400);
      expect(((await again.json()) as { error: string }).error).toContain('already exists');
      const bad = await admin({ id: 43, redemption_type: 'COUPON', coupon_type: 'bulk' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('coupon_type');

      const next = await admin({ redemption_type: 'COUPON', coupon_type: 'SINGLE' });
      expect(next.status).toBe(201);
      expect(await next.json()).toMatchObject({ id: '43', kind: 'SINGLE coupon' });
    });
  });

  describe('errors the core answers, in the vendor shapes', () => {
    it('answers 401 without a token', async () => {
      const list = await api(mock, 'listCouponCodes', 'GET', '/promotions/1/codes', { token: null });
      expect(list.status).toBe(401);
      expect(body(list)).toMatchObject({ status: 401, type: expect.any(String) });
      const create = await api(mock, 'createCouponCode', 'POST', '/promotions/1/codes', { token: null, body: { code: 'A' } });
      expect(create.status).toBe(401);
    });

    it('answers 403 {status, title, error} to a read-only token on every write, and lets it read', async () => {
      const writes: Array<[string, string, string, unknown]> = [
        ['createCouponCode', 'POST', '/promotions/1/codes', { code: 'A' }],
        ['generateCouponCodes', 'POST', '/promotions/1/codegen', { batch_size: 1 }],
        ['deleteCouponCodes', 'DELETE', '/promotions/1/codes?id:in=1', undefined],
        ['deleteCouponCode', 'DELETE', '/promotions/1/codes/1', undefined],
        ['deleteCouponCodeByCode', 'DELETE', '/promotions/codes?code=A', undefined],
      ];
      for (const [operationId, method, path, payload] of writes) {
        const r = await api(mock, operationId, method, path, { token: READ_ONLY, body: payload });
        expect(r.status, operationId).toBe(403);
        expect(body(r)).toMatchObject({ status: 403, error: expect.stringContaining('store_v2_marketing') });
      }
      expect((await api(mock, 'listCouponCodes', 'GET', '/promotions/1/codes', { token: READ_ONLY })).status).toBe(200);
      expect((await api(mock, 'getCouponCodeByCode', 'GET', '/promotions/codes?code=A', { token: READ_ONLY })).status).toBe(200);
    });

    it('answers a method the path does not have with 405 and Allow', async () => {
      const codegen = await api(mock, 'generateCouponCodes', 'GET', '/promotions/1/codegen');
      expect(codegen.status).toBe(405);
      expect(codegen.headers.get('allow')).toBe('POST');
      const codes = await mock.call('PUT', '/promotions/1/codes', { body: { code: 'A' } });
      expect(codes.status).toBe(405);
      expect(codes.headers.get('allow')).toBe('GET, POST, DELETE');
      // No operation of this path documents 405: the body must still be the vendor's 405 shape.
      expect(validator.validate('/components/schemas/ErrorWithMessage', codes.body)).toEqual([]);
    });

    it('answers a body that is not application/json with 415', async () => {
      for (const [operationId, path] of [
        ['createCouponCode', '/promotions/2/codes'],
        ['generateCouponCodes', '/promotions/1/codegen'],
      ] as const) {
        const r = await api(mock, operationId, 'POST', path, { rawBody: 'code=A', headers: { 'content-type': 'text/plain' } });
        expect(r.status, operationId).toBe(415);
      }
    });

    it('answers a body that is not JSON with 400 {status, title, type, detail}', async () => {
      for (const [operationId, path] of [
        ['createCouponCode', '/promotions/2/codes'],
        ['generateCouponCodes', '/promotions/1/codegen'],
      ] as const) {
        const r = await api(mock, operationId, 'POST', path, { rawBody: '{"code": ', headers: JSON_HEADERS });
        expect(r.status, operationId).toBe(400);
        expect(body(r)).toMatchObject({ status: 400, detail: expect.stringContaining('JSON') });
      }
    });
  });

  describe('createCouponCode', () => {
    it('creates a code: 201 {data, meta: {}}, integer id, no uses yet, created now, unlimited by default', async () => {
      const r = await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'SUMMER_SALE_2024' } });
      expect(r.status).toBe(201);
      expect(body(r).meta).toEqual({});
      const code = body(r).data;
      expect(code).toMatchObject({
        code: 'SUMMER_SALE_2024',
        current_uses: 0,
        max_uses: createBody('max_uses').default,
        max_uses_per_customer: createBody('max_uses_per_customer').default,
      });
      expect(Number.isInteger(code.id)).toBe(true);
      expectCreatedNow(code.created);

      const limited = await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', {
        body: { code: 'VIP 2024-A', max_uses: 100, max_uses_per_customer: 3, ignored_field: true },
      });
      expect(limited.status).toBe(201);
      expect(body(limited).data).toMatchObject({ max_uses: 100, max_uses_per_customer: 3 });
      expect(body(limited).data.id).toBeGreaterThan(code.id);
    });

    it('answers 422 naming the code for a duplicate in the promotion, but allows it in another one', async () => {
      expect((await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'SAVE10' } })).status).toBe(201);
      const duplicate = await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'SAVE10' } });
      expect(duplicate.status).toBe(422);
      expect(body(duplicate).errors[0].title).toContain("'SAVE10' already exists");
      expect((await api(mock, 'createCouponCode', 'POST', '/promotions/1/codes', { body: { code: 'SAVE10' } })).status).toBe(201);
      const otherCase = await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'save10' } });
      expect(otherCase.status).toBe(CASE_INSENSITIVE ? 422 : 201);
    });

    it('answers 422 for an AUTOMATIC promotion, which has no codes', async () => {
      const r = await api(mock, 'createCouponCode', 'POST', '/promotions/3/codes', { body: { code: 'AUTO' } });
      expect(r.status).toBe(422);
      expect(body(r).errors[0].title).toMatch(/^promotion_id: .*AUTOMATIC/);
    });

    it('answers 404 for an unknown promotion and treats leading zeros as the same id', async () => {
      const r = await api(mock, 'createCouponCode', 'POST', '/promotions/999/codes', { body: { code: 'A' } });
      expect(r.status).toBe(404);
      // The error-list shape the vendor's file gives an unknown promotion (spec Decision 4).
      expect(body(r).errors).toEqual([{ status: 404, title: expect.stringContaining('999'), type: expect.any(String) }]);
      expect((await api(mock, 'createCouponCode', 'POST', '/promotions/0002/codes', { body: { code: 'A' } })).status).toBe(201);
      expect((await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'A' } })).status).toBe(422);
    });

    it.each([
      ['a missing code', {}],
      ['an empty code', { code: '' }],
      ['a character outside the pattern', { code: 'HALF/OFF' }],
      ['a code over the maximum length', { code: 'X'.repeat(MAX_CREATE_LENGTH + 1) }],
      ['negative max_uses', { code: 'A', max_uses: -1 }],
      ['non-integer max_uses_per_customer', { code: 'A', max_uses_per_customer: 1.5 }],
    ])('answers 422 for %s', async (_what, payload) => {
      const r = await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: payload });
      expect(r.status).toBe(422);
      expect(body(r).errors[0].title).toMatch(/code|max_uses/);
    });

    it('accepts a code of exactly the maximum length', async () => {
      const r = await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'X'.repeat(MAX_CREATE_LENGTH) } });
      expect(r.status).toBe(201);
    });
  });

  describe('generateCouponCodes', () => {
    it('generates batch_size codes with the spec defaults', async () => {
      const r = await generate(mock, '1', { batch_size: 5 });
      expect(r.status).toBe(201);
      const data = body(r).data;
      expect(body(r).meta).toEqual({});
      expect(data).toMatchObject({
        batch_size: 5,
        max_uses: codegenBody('max_uses').default,
        max_uses_per_customer: codegenBody('max_uses_per_customer').default,
      });
      expectCreatedNow(data.created);
      expect(data.codes).toHaveLength(5);
      for (const { code } of data.codes) {
        expect(code).toHaveLength(DEFAULT_CODE_LENGTH);
        expect([...code].every((c) => ALPHABET.includes(c))).toBe(true);
      }
      expect(new Set(data.codes.map((c: { code: string }) => c.code)).size).toBe(5);
    });

    it('places prefix, delimiter and suffix around a random part of code_length without excluded characters', async () => {
      const exclude = ['0', 'O', '1', 'I', 'A', 'E'];
      const r = await generate(mock, '1', { batch_size: MAX_BATCH, prefix: 'SUMMER', suffix: '24', delimiter: '_', code_length: 8, exclude_characters: exclude, max_uses: 10, max_uses_per_customer: 0 });
      expect(r.status).toBe(201);
      const codes: string[] = body(r).data.codes.map((c: { code: string }) => c.code);
      expect(codes).toHaveLength(MAX_BATCH);
      expect(new Set(codes).size).toBe(MAX_BATCH);
      expect(body(r).data).toMatchObject({ max_uses: 10, max_uses_per_customer: 0 });
      for (const code of codes) {
        const match = /^SUMMER_(.{8})_24$/.exec(code);
        expect(match, code).not.toBeNull();
        const random = match![1]!;
        for (const c of random) {
          expect(ALPHABET).toContain(c);
          expect(exclude).not.toContain(c);
        }
      }
    });

    it.each([
      ['prefix only', { prefix: 'PRE', delimiter: '-' }, /^PRE-[A-Z0-9]{6}$/],
      ['suffix only', { suffix: 'SUF', delimiter: '-' }, /^[A-Z0-9]{6}-SUF$/],
      ['a delimiter without prefix or suffix (ignored)', { delimiter: '_' }, /^[A-Z0-9]{6}$/],
      ['an empty prefix (absent)', { prefix: '', suffix: 'S', delimiter: '_' }, /^[A-Z0-9]{6}_S$/],
      ['no delimiter', { prefix: 'P', suffix: 'S' }, /^P[A-Z0-9]{6}S$/],
    ])('lays out codes with %s', async (_what, options, pattern) => {
      const r = await generate(mock, '1', { batch_size: 20, code_length: MIN_CODE_LENGTH, ...options });
      expect(r.status).toBe(201);
      for (const { code } of body(r).data.codes) expect(code).toMatch(pattern);
    });

    it('allows codes of exactly the maximum total length, and answers 422 naming the rule one over', async () => {
      // prefix + delimiter + random + delimiter + suffix
      const suffixLength = MAX_CODE_LENGTH - MAX_AFFIX - 1 - DEFAULT_CODE_LENGTH - 1;
      const exact = await generate(mock, '1', { batch_size: 2, prefix: 'P'.repeat(MAX_AFFIX), suffix: 'S'.repeat(suffixLength), delimiter: '-' });
      expect(exact.status).toBe(201);
      for (const { code } of body(exact).data.codes) expect(code).toHaveLength(MAX_CODE_LENGTH);
      const over = await generate(mock, '1', { batch_size: 2, prefix: 'P'.repeat(MAX_AFFIX), suffix: 'S'.repeat(suffixLength + 1), delimiter: '-' });
      expect(over.status).toBe(422);
      expect(body(over).errors[0].title).toContain('maxCodeLength');
      expect(body(over).errors[0].title).toContain(String(MAX_CODE_LENGTH));
    });

    it.each([
      ['batch_size over the maximum', { batch_size: MAX_BATCH + 1 }, 'batch_size'],
      ['batch_size 0', { batch_size: 0 }, 'batch_size'],
      ['a non-integer batch_size', { batch_size: 1.5 }, 'batch_size'],
      ['no batch_size', {}, 'batch_size'],
      ['a lower-case prefix', { batch_size: 1, prefix: 'pre' }, 'prefix'],
      ['a delimiter outside its enum', { batch_size: 1, prefix: 'P', delimiter: '.' }, 'delimiter'],
      ['a code_length under the minimum', { batch_size: 1, code_length: MIN_CODE_LENGTH - 1 }, 'code_length'],
      ['an excluded character that is not one character', { batch_size: 1, exclude_characters: ['AB'] }, 'exclude_characters'],
      ['every character excluded', { batch_size: 1, exclude_characters: [...ALPHABET] }, 'exclude_characters'],
    ])('answers 422 for %s', async (_what, payload, field) => {
      const r = await generate(mock, '1', payload);
      expect(r.status).toBe(422);
      expect(body(r).errors[0].title).toContain(field);
    });

    it('answers 405 in the vendor shape for a SINGLE coupon or AUTOMATIC promotion, 404 for an unknown one', async () => {
      for (const promotion of ['2', '3']) {
        const r = await generate(mock, promotion, { batch_size: 1 });
        expect(r.status, promotion).toBe(405);
        expect(body(r)).toMatchObject({ status: 405, title: expect.any(String), error: expect.stringContaining('BULK') });
      }
      const unknown = await generate(mock, '404', { batch_size: 1 });
      expect(unknown.status).toBe(404);
    });

    it('keeps generated codes unique with hand-made ones, filling a small space completely, then answers 422', async () => {
      const kept = [...ALPHABET].slice(0, 2);
      const exclude = [...ALPHABET].filter((c) => !kept.includes(c));
      const space = kept.length ** MIN_CODE_LENGTH;
      const handMade = [kept[0]!.repeat(MIN_CODE_LENGTH), kept[1]!.repeat(MIN_CODE_LENGTH), `${kept[0]}${kept[1]}`.repeat(MIN_CODE_LENGTH / 2)];
      for (const code of handMade) {
        expect((await api(mock, 'createCouponCode', 'POST', '/promotions/1/codes', { body: { code } })).status).toBe(201);
      }
      const options = { code_length: MIN_CODE_LENGTH, exclude_characters: exclude };
      const rest = await generate(mock, '1', { ...options, batch_size: space - handMade.length });
      expect(rest.status).toBe(201);
      const generated: string[] = body(rest).data.codes.map((c: { code: string }) => c.code);
      expect(new Set([...generated, ...handMade]).size).toBe(space);

      const full = await generate(mock, '1', { ...options, batch_size: 1 });
      expect(full.status).toBe(422);
      expect(body(full).errors[0].title).toContain('uniqueWithin');
      expect(await listAll(mock, '1')).toHaveLength(space);
    });

    it('answers 422 at once when the batch is larger than the space of codes, writing nothing', async () => {
      const exclude = [...ALPHABET].slice(1);
      const r = await generate(mock, '1', { batch_size: 2, code_length: MIN_CODE_LENGTH, exclude_characters: exclude });
      expect(r.status).toBe(422);
      expect(await listAll(mock, '1')).toHaveLength(0);
    });

    it('lists generated codes with ids, and the whole batch shares one data object in the store', async () => {
      const r = await generate(mock, '1', { batch_size: 10, max_uses: 7 });
      const generated = body(r).data.codes.map((c: { code: string }) => c.code);
      const listed = await listAll(mock, '1');
      expect(listed.map((c) => c.code)).toEqual(generated);
      for (const code of listed) {
        expect(Number.isInteger(code.id)).toBe(true);
        expect(code).toMatchObject({ max_uses: 7, current_uses: 0, created: body(r).data.created });
      }
      const stored = await mock.server.store.listCodes(PROMOTION_1_SCOPE, { limit: 10 });
      expect(new Set(stored.map((s) => s.data)).size).toBe(1);
    });

    it('generates the same codes on two servers started with the same --seed, and others with another', async () => {
      const run = async (seed: string) => {
        const seeded = await startVendorMock(bigcommercePlugin, { seed });
        try {
          const first = body(await generate(seeded, '1', { batch_size: 20 })).data.codes;
          const second = body(await generate(seeded, '1', { batch_size: 20, prefix: 'X', delimiter: '-', code_length: 8 })).data.codes;
          return [...first, ...second].map((c: { code: string }) => c.code);
        } finally {
          await seeded.close();
        }
      };
      const a = await run('x');
      expect(await run('x')).toEqual(a);
      expect(await run('y')).not.toEqual(a);
    });

    it(`gives ${50 * MAX_BATCH} distinct codes for 50 parallel requests of ${MAX_BATCH} on one promotion`, async () => {
      const answers = await Promise.all(Array.from({ length: 50 }, () => generate(mock, '1', { batch_size: MAX_BATCH })));
      const codes = answers.flatMap((r) => {
        expect(r.status).toBe(201);
        return body(r).data.codes.map((c: { code: string }) => c.code);
      });
      expect(codes).toHaveLength(50 * MAX_BATCH);
      expect(new Set(codes).size).toBe(50 * MAX_BATCH);
      const page = await api(mock, 'listCouponCodes', 'GET', '/promotions/1/codes?limit=1');
      expect(body(page).meta.pagination.total).toBe(50 * MAX_BATCH);
    });
  });

  describe('listCouponCodes', () => {
    it('answers an empty promotion with both pagination objects and the spec default limit', async () => {
      const r = await api(mock, 'listCouponCodes', 'GET', '/promotions/1/codes');
      expect(r.status).toBe(200);
      expect(body(r)).toEqual({
        data: [],
        meta: {
          cursor_pagination: { count: 0, per_page: DEFAULT_LIMIT, links: {} },
          pagination: { total: 0, count: 0, per_page: DEFAULT_LIMIT, current_page: 1, total_pages: 0, links: { current: `?page=1&limit=${DEFAULT_LIMIT}` } },
        },
      });
    });

    describe('with 600 codes', () => {
      let all: number[];
      beforeEach(async () => {
        for (const size of [MAX_BATCH, MAX_BATCH, 600 - 2 * MAX_BATCH]) {
          expect((await generate(mock, '1', { batch_size: size })).status).toBe(201);
        }
        // Codes of another promotion must never show up.
        await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'OTHER' } });
        all = (await mock.server.store.listCodes(PROMOTION_1_SCOPE, { limit: 1000 })).map((c) => c.seq);
        expect(all).toHaveLength(600);
      });

      it(`walks forward with after and backward with before, limit ${MAX_LIMIT}, seeing each code exactly once`, async () => {
        const forward: number[] = [];
        const queries: string[] = [];
        let query = `?limit=${MAX_LIMIT}`;
        for (;;) {
          queries.push(query);
          const r = await api(mock, 'listCouponCodes', 'GET', `/promotions/1/codes${query}`);
          const page = body(r);
          if (page.data.length === 0) break;
          expect(page.data.length).toBeLessThanOrEqual(MAX_LIMIT);
          forward.push(...page.data.map((c: { id: number }) => c.id));
          if (queries.length > 1) expect(page.meta.pagination).toBeUndefined();
          query = page.meta.cursor_pagination.links.next;
        }
        expect(forward).toEqual(all);

        // Backward: from the last non-empty page, follow `previous` until the first page, which has none.
        const lastQuery = queries[queries.length - 2]!;
        let r = await api(mock, 'listCouponCodes', 'GET', `/promotions/1/codes${lastQuery}`);
        const backward: number[][] = [];
        for (;;) {
          backward.unshift(body(r).data.map((c: { id: number }) => c.id));
          const previous = body(r).meta.cursor_pagination.links.previous;
          if (!previous) break;
          expect(previous).toContain('before=');
          r = await api(mock, 'listCouponCodes', 'GET', `/promotions/1/codes${previous}`);
        }
        expect(backward.flat()).toEqual(all);
        expect(backward.map((p) => p.length)).toEqual([MAX_LIMIT, MAX_LIMIT, 600 - 2 * MAX_LIMIT]);
      });

      it('pages by the deprecated page number, with only offset pagination', async () => {
        const seen: number[] = [];
        for (let page = 1; page <= 4; page++) {
          const r = await api(mock, 'listCouponCodes', 'GET', `/promotions/1/codes?page=${page}&limit=${MAX_LIMIT}`);
          const meta = body(r).meta;
          expect(meta.cursor_pagination).toBeUndefined();
          expect(meta.pagination).toMatchObject({ total: 600, per_page: MAX_LIMIT, current_page: page, total_pages: 3 });
          expect(Boolean(meta.pagination.links.next)).toBe(page < 3);
          expect(Boolean(meta.pagination.links.previous)).toBe(page > 1);
          seen.push(...body(r).data.map((c: { id: number }) => c.id));
        }
        expect(seen).toEqual(all);
      });

      it('keeps a cursor valid when the code it points at is deleted', async () => {
        const first = body(await api(mock, 'listCouponCodes', 'GET', '/promotions/1/codes?limit=10'));
        const lastId = first.data[9].id;
        expect((await api(mock, 'deleteCouponCode', 'DELETE', `/promotions/1/codes/${lastId}`)).status).toBe(204);
        const next = body(await api(mock, 'listCouponCodes', 'GET', `/promotions/1/codes${first.meta.cursor_pagination.links.next}`));
        expect(next.data[0].id).toBe(all[10]);
      });

      it('filters by exact code text', async () => {
        const [one] = await mock.server.store.listCodes(PROMOTION_1_SCOPE, { offset: 123, limit: 1 });
        const r = await api(mock, 'listCouponCodes', 'GET', `/promotions/1/codes?code=${one!.code}`);
        expect(body(r).data).toEqual([expect.objectContaining({ id: one!.seq, code: one!.code })]);
        expect(body(r).meta.pagination.total).toBe(1);
        const none = await api(mock, 'listCouponCodes', 'GET', '/promotions/1/codes?code=OTHER');
        expect(body(none).data).toEqual([]);
      });
    });

    it.each([
      ['before and after together', '?before=eyJpZCI6IjEifQ&after=eyJpZCI6IjEifQ', 'cannot be used together'],
      ['page with a cursor', '?page=1&after=eyJpZCI6IjEifQ', 'page'],
      ['a cursor the API did not issue', '?after=not-a-cursor', 'after'],
      ['an empty cursor', '?before=', 'before'],
      ['limit 0', '?limit=0', 'limit'],
      ['limit over the maximum', `?limit=${MAX_LIMIT + 1}`, 'limit'],
      ['a non-numeric limit', '?limit=ten', 'limit'],
      ['page 0', '?page=0', 'page'],
    ])('answers 422 for %s', async (_what, query, text) => {
      const r = await api(mock, 'listCouponCodes', 'GET', `/promotions/1/codes${query}`);
      expect(r.status).toBe(422);
      expect(body(r).errors[0].title).toContain(text);
    });

    it('answers 404 for an unknown promotion and 422 for a promotion id that is not digits', async () => {
      expect((await api(mock, 'listCouponCodes', 'GET', '/promotions/77/codes')).status).toBe(404);
      expect((await api(mock, 'listCouponCodes', 'GET', '/promotions/abc/codes')).status).toBe(422);
    });
  });

  describe('deleteCouponCodes', () => {
    it('deletes the named codes of the promotion, skipping ids that are not its codes', async () => {
      const ids: number[] = [];
      for (const code of ['A1', 'A2', 'A3']) ids.push(body(await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code } })).data.id);
      const elsewhere = body(await api(mock, 'createCouponCode', 'POST', '/promotions/1/codes', { body: { code: 'B1' } })).data.id;
      const r = await api(mock, 'deleteCouponCodes', 'DELETE', `/promotions/2/codes?id:in=${ids[0]},${ids[2]},${elsewhere},99999`);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expect((await listAll(mock, '2')).map((c) => c.code)).toEqual(['A2']);
      expect((await listAll(mock, '1')).map((c) => c.code)).toEqual(['B1']);
    });

    it.each([
      ['a missing id:in', ''],
      ['an empty id:in', '?id:in='],
      ['a non-integer id', '?id:in=1,two'],
      ['id 0', '?id:in=0'],
      ['more ids than allowed', `?id:in=${Array.from({ length: MAX_IDS + 1 }, (_, i) => i + 1).join(',')}`],
    ])('answers 422 with meta {total, success, failed} for %s', async (_what, query) => {
      const r = await api(mock, 'deleteCouponCodes', 'DELETE', `/promotions/1/codes${query}`);
      expect(r.status).toBe(422);
      expect(body(r).meta).toEqual({ total: 0, success: 0, failed: 0 });
      expect(body(r).errors[0].title).toContain('id:in');
    });

    it('with code, deletes only the codes of id:in that have exactly that text', async () => {
      const ids: number[] = [];
      for (const code of ['KEEP', 'DROP', 'drop']) {
        ids.push(body(await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code } })).data.id);
      }
      const r = await api(mock, 'deleteCouponCodes', 'DELETE', `/promotions/2/codes?id:in=${ids.join(',')}&code=DROP`);
      expect(r.status).toBe(204);
      expect((await listAll(mock, '2')).map((c) => c.code)).toEqual(['KEEP', 'drop']);
      const twice = await api(mock, 'deleteCouponCodes', 'DELETE', `/promotions/2/codes?id:in=${ids.join(',')}&code=KEEP&code=drop`);
      expect(twice.status).toBe(422);
      expect(body(twice).meta).toEqual({ total: 0, success: 0, failed: 0 });
      const empty = await api(mock, 'deleteCouponCodes', 'DELETE', `/promotions/2/codes?id:in=${ids.join(',')}&code=`);
      expect(empty.status).toBe(204);
      expect((await listAll(mock, '2')).map((c) => c.code)).toEqual(['KEEP', 'drop']);
    });

    it('accepts exactly the maximum number of ids', async () => {
      const r = await api(mock, 'deleteCouponCodes', 'DELETE', `/promotions/1/codes?id:in=${Array.from({ length: MAX_IDS }, (_, i) => i + 1).join(',')}`);
      expect(r.status).toBe(204);
    });

    it('answers 404 for an unknown promotion and 422 (with meta) for a promotion id that is not digits', async () => {
      expect((await api(mock, 'deleteCouponCodes', 'DELETE', '/promotions/77/codes?id:in=1')).status).toBe(404);
      const bad = await api(mock, 'deleteCouponCodes', 'DELETE', '/promotions/x/codes?id:in=1');
      expect(bad.status).toBe(422);
      expect(body(bad).meta).toEqual({ total: 0, success: 0, failed: 0 });
    });

    it('is the only operation whose parameter 422s carry meta', async () => {
      const list = await api(mock, 'listCouponCodes', 'GET', '/promotions/x/codes');
      expect(list.status).toBe(422);
      expect(body(list)).not.toHaveProperty('meta');
      const one = await api(mock, 'deleteCouponCode', 'DELETE', '/promotions/2/codes/abc');
      expect(one.status).toBe(422);
      expect(body(one)).not.toHaveProperty('meta');
    });
  });

  describe('deleteCouponCode', () => {
    it('deletes one code of the promotion and answers 204 also when it, or the promotion, does not exist', async () => {
      const id = body(await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'ONE' } })).data.id;
      expect((await api(mock, 'deleteCouponCode', 'DELETE', `/promotions/1/codes/${id}`)).status).toBe(204);
      expect(await listAll(mock, '2')).toHaveLength(1); // another promotion's id: nothing deleted
      expect((await api(mock, 'deleteCouponCode', 'DELETE', `/promotions/2/codes/${id}`)).status).toBe(204);
      expect(await listAll(mock, '2')).toHaveLength(0);
      expect((await api(mock, 'deleteCouponCode', 'DELETE', `/promotions/2/codes/${id}`)).status).toBe(204);
      expect((await api(mock, 'deleteCouponCode', 'DELETE', '/promotions/999/codes/1')).status).toBe(204);
      expect((await api(mock, 'deleteCouponCode', 'DELETE', '/promotions/2/codes/99999999999999999999999')).status).toBe(204);
    });

    it('answers 422 for a code id that is not digits', async () => {
      const r = await api(mock, 'deleteCouponCode', 'DELETE', '/promotions/2/codes/abc');
      expect(r.status).toBe(422);
      expect(body(r).errors[0].title).toContain('code_id');
    });
  });

  describe('getCouponCodeByCode and deleteCouponCodeByCode', () => {
    it('finds a code by its exact text across promotions, and deletes it everywhere', async () => {
      const inTwo = body(await api(mock, 'createCouponCode', 'POST', '/promotions/2/codes', { body: { code: 'SHARED' } })).data;
      const generated = body(await generate(mock, '1', { batch_size: 1, prefix: 'SHARED', delimiter: '-' })).data.codes[0].code;
      const inOne = body(await api(mock, 'createCouponCode', 'POST', '/promotions/1/codes', { body: { code: 'SHARED' } })).data;

      const found = await api(mock, 'getCouponCodeByCode', 'GET', '/promotions/codes?code=SHARED', { token: READ_ONLY });
      expect(found.status).toBe(200);
      expect(body(found).data).toEqual([inTwo, inOne]);
      expect(body(found).meta.pagination.total).toBe(2);

      const byGenerated = await api(mock, 'getCouponCodeByCode', 'GET', `/promotions/codes?code=${generated}`);
      expect(body(byGenerated).data).toEqual([expect.objectContaining({ code: generated, max_uses: codegenBody('max_uses').default })]);

      const otherCase = await api(mock, 'getCouponCodeByCode', 'GET', '/promotions/codes?code=shared');
      expect(body(otherCase).data).toEqual([]);

      expect((await api(mock, 'deleteCouponCodeByCode', 'DELETE', '/promotions/codes?code=SHARED')).status).toBe(204);
      const gone = await api(mock, 'getCouponCodeByCode', 'GET', '/promotions/codes?code=SHARED');
      expect(body(gone)).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
      expect((await listAll(mock, '1')).map((c) => c.code)).toEqual([generated]);
      expect(await listAll(mock, '2')).toEqual([]);
    });

    it('answers 200 with no data for an unknown code, 204 when deleting one, and 422 without a code', async () => {
      const missing = await api(mock, 'getCouponCodeByCode', 'GET', '/promotions/codes?code=NOPE');
      expect(missing.status).toBe(200);
      expect(body(missing).data).toEqual([]);
      expect((await api(mock, 'deleteCouponCodeByCode', 'DELETE', '/promotions/codes?code=NOPE')).status).toBe(204);
      for (const [operationId, method] of [
        ['getCouponCodeByCode', 'GET'],
        ['deleteCouponCodeByCode', 'DELETE'],
      ] as const) {
        const r = await api(mock, operationId, method, '/promotions/codes');
        expect(r.status, operationId).toBe(422);
        expect(body(r).errors[0].title).toContain('code');
      }
    });
  });
});

describe('BigCommerce plugin under concurrent load', () => {
  /**
   * The core applies `latency` after a request has left its concurrency slot, and the memory
   * store answers without yielding, so requests overlap inside the slot only when the store is
   * slow: this store takes 300 ms per insert, as a remote backend might.
   */
  function slowStore(ms: number): Store {
    const inner = createMemoryStore();
    return { ...inner, insertCodes: async (...args) => (await sleep(ms), inner.insertCodes(...args)) };
  }

  it(`answers more than ${CODEGEN_CONCURRENCY} simultaneous codegen requests with some 429s carrying X-Rate-Limit headers, never a 5xx`, async () => {
    const mock = await startVendorMock(bigcommercePlugin, { store: slowStore(300) });
    try {
      const count = CODEGEN_CONCURRENCY + 5;
      const answers = await Promise.all(
        Array.from({ length: count }, () => api(mock, 'generateCouponCodes', 'POST', '/promotions/1/codegen', { body: { batch_size: 10 } })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 429), statuses.join(',')).toBe(true);
      // At least the limit is served (more only if a request arrives after a slot was freed).
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(CODEGEN_CONCURRENCY);
      const limited = answers.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      for (const r of limited) {
        expect(body(r)).toMatchObject({ status: 429 });
        for (const name of ['X-Rate-Limit-Time-Reset-Ms', 'X-Rate-Limit-Time-Window-Ms', 'X-Rate-Limit-Requests-Quota', 'X-Rate-Limit-Requests-Left']) {
          expect(r.headers.get(name), name).toMatch(/^\d+$/);
        }
        expect(r.headers.get('X-Rate-Limit-Requests-Quota')).toBe(String(CODEGEN_CONCURRENCY));
      }
      // The slots are free again afterwards.
      expect((await api(mock, 'generateCouponCodes', 'POST', '/promotions/1/codegen', { body: { batch_size: 1 } })).status).toBe(201);
    } finally {
      await mock.close();
    }
  });
});
