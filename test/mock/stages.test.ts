/**
 * The request path's stages one by one, without HTTP: a request state built from its parts, a
 * runtime with the real Prism gate over the real specs, and small plugins behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAccessFor, lacksAdminToken, refuseAdminWrite, refuseForeignRequest } from '../../src/mock/admin-access.js';
import { answer, REQUEST_PATH } from '../../src/mock/handle-request.js';
import { mediaTypeOf } from '../../src/mock/media-type.js';
import { createRandom } from '../../src/mock/random.js';
import { createRequestState, splitTarget, type RequestState } from '../../src/mock/request-state.js';
import { createRuntime, exposedHeadersOf, type MockRuntime } from '../../src/mock/runtime.js';
import { serveAdmin } from '../../src/mock/stages/admin-api.js';
import { authorize } from '../../src/mock/stages/authorize.js';
import { parseBody, readBody } from '../../src/mock/stages/body.js';
import { allowCrossOrigin } from '../../src/mock/stages/cross-origin.js';
import { limitConcurrency } from '../../src/mock/stages/limit.js';
import { route } from '../../src/mock/stages/route.js';
import { selectVendor } from '../../src/mock/stages/select-vendor.js';
import { nonFiniteNumbers, validate } from '../../src/mock/stages/validate.js';
import type { VendorPlugin } from '../../src/mock/types.js';
import { loadSpec } from '../../src/openapi/load.js';
import { createMemoryStore } from '../../src/store/memory.js';

const errorBody = (status: number, problem: { detail: string; rule?: string }) => ({ code: `E${status}`, message: problem.detail, rule: problem.rule });

/** A Shoplazza-shaped plugin whose handlers echo what the core gave them. */
const echoPlugin: VendorPlugin = {
  vendor: 'shoplazza',
  errorBody,
  register(app) {
    for (const id of ['listDiscountCodes', 'batchCreateDiscountCodes']) {
      app.handle(id, async (request) => ({ status: 200, body: { method: request.method, body: request.body, tenant: request.tenant } }));
    }
  },
  seed: async () => [],
  addOwner: async () => ({ id: 'x', kind: 'price rule' }),
};

/** BigCommerce's spec (it documents concurrency limits), one world per store hash. */
const tenantPlugin: VendorPlugin = {
  vendor: 'bigcommerce',
  errorBody,
  rateLimitHeaders: ({ concurrent }) => ({ 'X-Quota': String(concurrent) }),
  tenantOf: (params) => params.store_hash,
  register(app) {
    app.handle('listCouponCodes', async (request) => ({ status: 200, body: { tenant: request.tenant } }));
  },
  seed: async () => [],
  addOwner: async () => ({ id: 'x', kind: 'promotion' }),
};

const SHOPLAZZA = '/openapi/2025-06';
const auth = { 'access-token': 'full-token' };

function request(method: string, url: string, headers: Record<string, string> = {}, body?: string): RequestState {
  return createRequestState({ method, url, headers: { host: '127.0.0.1:4010', ...headers }, body: body === undefined ? undefined : [Buffer.from(body)] });
}

/** Runs the stages up to and including `last` (the ones before it pass on). */
async function upTo(state: RequestState, runtime: MockRuntime, last: (typeof REQUEST_PATH)[number]) {
  return answer(state, runtime, REQUEST_PATH.slice(0, REQUEST_PATH.indexOf(last) + 1));
}

let runtime: MockRuntime;
beforeAll(async () => {
  runtime = await createRuntime({
    plugins: [echoPlugin, tenantPlugin],
    store: createMemoryStore(),
    random: createRandom('stages'),
    settings: {},
    admin: adminAccessFor('127.0.0.1', undefined),
    maxBodyBytes: 64,
  });
  runtime.origin = 'http://127.0.0.1:4010';
});
afterAll(() => runtime.store.close());

describe('request state', () => {
  it('keeps the path as sent: dot segments, encoded or not, are not resolved', () => {
    expect(splitTarget('/stores/abc123/v3/%2e%2e/%2e%2e/%2e%2e/__mock/reset?x=1')).toEqual({ path: '/stores/abc123/v3/%2e%2e/%2e%2e/%2e%2e/__mock/reset', search: '?x=1' });
    expect(splitTarget('/a/../__mock/state')).toEqual({ path: '/a/../__mock/state', search: '' });
    expect(splitTarget('http://evil.example/__mock/state?')).toEqual({ path: '/__mock/state', search: '' });
  });

  it('keeps every value of a repeated header', () => {
    const state = createRequestState({ url: '/', headers: {}, headersDistinct: { 'access-token': ['a', 'readonly-b'] } });
    expect(state.headerValues['access-token']).toEqual(['a', 'readonly-b']);
    expect(state.headers['access-token']).toBe('a, readonly-b');
  });
});

describe('media types', () => {
  it('parses what the WHATWG parser (Prism) parses and nothing else', () => {
    for (const bad of ['undefined', 'garbage', ';;', 'application/', '/', '', ' /json', 'a b/c', 'text/pl ain']) expect(mediaTypeOf(bad), bad).toBeUndefined();
    expect(mediaTypeOf('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaTypeOf('application/json;;')).toBe('application/json');
    expect(mediaTypeOf(' text/plain ; x')).toBe('text/plain');
  });
});

describe('stages', () => {
  it('selectVendor: a dot-segment path is routed as sent: the admin stage does not take it, and it resets nothing', async () => {
    await runtime.store.putDoc('test:doc', 'kept', { here: true });
    for (const path of ['/stores/abc123/v3/%2e%2e/%2e%2e/%2e%2e/__mock/reset', '/stores/abc123/v3/promotions/../../../../__mock/reset', `${SHOPLAZZA}/%2E%2E/%2E%2E/__mock/reset`]) {
      const state = request('POST', path, { 'content-type': 'application/json' });
      expect(await serveAdmin(state, runtime), path).toBeUndefined();
      const answered = await answer(state, runtime);
      expect(answered.status, path).toBe(404);
    }
    expect(await runtime.store.getDoc('test:doc', 'kept')).toEqual({ here: true });
  });

  it('selectVendor: a path under a vendor\'s base is that vendor\'s, relative to its base', async () => {
    const state = request('GET', '/stores/abc123/v3/promotions/%2e%2e/codes');
    expect(await selectVendor(state, runtime)).toBeUndefined();
    expect(state.vendor?.plugin.vendor).toBe('bigcommerce');
    expect(state.relativePath).toBe('/promotions/%2e%2e/codes');
  });

  it('route: decides 404 and 405 from the method and path alone, before the body is read', async () => {
    expect(REQUEST_PATH.indexOf(route)).toBeLessThan(REQUEST_PATH.indexOf(readBody));
    for (const [method, path, status] of [
      ['POST', `${SHOPLAZZA}/price_rules/pr_1/no-such-thing`, 404],
      ['POST', `${SHOPLAZZA}/price_rules//discount_codes/batch`, 404],
      ['PUT', `${SHOPLAZZA}/price_rules/pr_1/discount_codes/batch`, 405],
    ] as const) {
      let read = false;
      const body = {
        *[Symbol.iterator]() {
          read = true;
          yield Buffer.from('{"not json');
        },
      };
      const state = createRequestState({ method, url: path, headers: { host: '127.0.0.1:4010', ...auth, 'content-type': 'application/json' }, body });
      expect(await answer(state, runtime), `${method} ${path}`).toMatchObject({ status, body: { code: `E${status}` } });
      expect(read, `${method} ${path}`).toBe(false);
    }
  });

  it('readBody: 413 in the vendor shape past the limit', async () => {
    const state = request('POST', `${SHOPLAZZA}/price_rules/pr_1/discount_codes/batch`, {}, 'x'.repeat(65));
    await selectVendor(state, runtime);
    expect(await readBody(state, runtime)).toMatchObject({ status: 413, body: { code: 'E413' } });
  });

  it('parseBody: drops an unparseable Content-Type, parses JSON, answers 400 for JSON that is not', async () => {
    const garbage = request('GET', `${SHOPLAZZA}/price_rules/pr_1/discount_codes`, { 'content-type': ';;' });
    await selectVendor(garbage, runtime);
    await readBody(garbage, runtime);
    expect(parseBody(garbage, runtime)).toBeUndefined();
    expect(garbage.unparseableContentType).toBe(true);
    expect(garbage.headers['content-type']).toBeUndefined();

    const broken = request('POST', `${SHOPLAZZA}/price_rules/pr_1/discount_codes/batch`, { 'content-type': 'application/json' }, '{"a":');
    await selectVendor(broken, runtime);
    await readBody(broken, runtime);
    expect(parseBody(broken, runtime)).toMatchObject({ status: 400, body: { code: 'E400', rule: 'json' } });
  });

  it('validate: a body under a Content-Type that is no media type is 415; without a body the header is ignored', async () => {
    for (const contentType of ['undefined', 'garbage', ';;', 'application/', '/']) {
      const withBody = request('POST', `${SHOPLAZZA}/price_rules/pr_1/discount_codes/batch`, { ...auth, 'content-type': contentType }, '{}');
      expect(await upTo(withBody, runtime, validate), contentType).toMatchObject({ status: 415, body: { code: 'E415' } });
      const withoutBody = request('GET', `${SHOPLAZZA}/price_rules/pr_1/discount_codes`, { ...auth, 'content-type': contentType });
      expect((await answer(withoutBody, runtime)).status, contentType).toBe(200);
    }
  });

  it('validate: numbers JSON cannot hold get the validation status, wherever they are', async () => {
    expect(nonFiniteNumbers({ a: [1, { b: Infinity }], c: -Infinity, d: 1e308 }).map((v) => v.field).sort()).toEqual(['a.1.b', 'c']);
    const deep = JSON.parse(`${'['.repeat(50_000)}1e309${']'.repeat(50_000)}`);
    expect(nonFiniteNumbers(deep)).toHaveLength(1);
    const state = request(
      'POST',
      `${SHOPLAZZA}/price_rules/pr_1/discount_codes/batch`,
      { ...auth, 'content-type': 'application/json' },
      '{"discount_codes":[{"code":"A","usage_limit":1e309}]}',
    );
    runtime.maxBodyBytes = 1024;
    try {
      const answered = await upTo(state, runtime, validate);
      expect(answered.status).toBe(loadSpec('shoplazza').operation('batchCreateDiscountCodes').validationStatus);
      expect(state.violations.map((v) => v.field)).toContain('discount_codes.0.usage_limit');
    } finally {
      runtime.maxBodyBytes = 64;
    }
  });

  it('authorize: a credential header sent twice is 401, not the stronger of the two; the read-only prefix in any case is read-only', async () => {
    const twice = createRequestState({
      method: 'GET',
      url: `${SHOPLAZZA}/price_rules/pr_1/discount_codes`,
      headers: {},
      headersDistinct: { host: ['127.0.0.1'], 'access-token': ['full-token', 'readonly-x'] },
    });
    await upTo(twice, runtime, route);
    expect(await authorize(twice, runtime)).toMatchObject({ status: 401, body: { code: 'E401' } });

    const upper = request('POST', `${SHOPLAZZA}/price_rules/pr_1/discount_codes/batch`, { 'access-token': 'READONLY-x', 'content-type': 'application/json' }, '{}');
    expect(await upTo(upper, runtime, authorize)).toMatchObject({ status: 403 });
  });

  it('route + limitConcurrency: counts per tenant from the plugin, and the 429 carries the plugin headers', async () => {
    const operation = loadSpec('bigcommerce').operation('generateCouponCodes');
    const limit = operation.concurrencyLimit as number;
    const stateOf = (store: string) => {
      const state = request('POST', `/stores/${store}/v3/promotions/1/codegen`, { 'x-auth-token': 't', 'content-type': 'application/json' }, '{"batch_size":5}');
      return state;
    };
    const held: RequestState[] = [];
    for (let i = 0; i < limit; i++) {
      const state = stateOf('store-a');
      await upTo(state, runtime, route);
      expect(state.tenant).toBe('store-a');
      expect(await limitConcurrency(state, runtime)).toBeUndefined();
      held.push(state);
    }
    const over = stateOf('store-a');
    await upTo(over, runtime, route);
    expect(await limitConcurrency(over, runtime)).toMatchObject({ status: 429, headers: { 'X-Quota': String(limit) } });
    const otherStore = stateOf('store-b');
    await upTo(otherStore, runtime, route);
    expect(await limitConcurrency(otherStore, runtime)).toBeUndefined();
    for (const state of [...held, otherStore]) for (const cleanup of state.cleanups) await cleanup();
  });

  it('handle: gives the handler the tenant the plugin named, and HEAD is routed as GET', async () => {
    const listCodes = (store: string) => request('GET', `/stores/${store}/v3/promotions/1/codes`, { 'x-auth-token': 't', accept: 'application/json' });
    expect(await answer(listCodes('store-a'), runtime)).toMatchObject({ status: 200, body: { tenant: 'store-a' } });
    expect(await answer(listCodes('store-b'), runtime)).toMatchObject({ status: 200, body: { tenant: 'store-b' } });
    const head = request('HEAD', `${SHOPLAZZA}/price_rules/pr_1/discount_codes`, auth);
    const answered = await answer(head, runtime);
    expect(answered).toMatchObject({ status: 200, body: { method: 'GET', tenant: undefined } });
  });

  it('allowCrossOrigin: vendor answers expose the plugins\' 429 header names; admin answers carry no CORS headers', async () => {
    expect(exposedHeadersOf([tenantPlugin, echoPlugin])).toBe('Allow, Retry-After, X-Quota');
    const vendor = request('GET', `${SHOPLAZZA}/price_rules/pr_1/discount_codes`, { origin: 'http://localhost:5173' });
    allowCrossOrigin(vendor, runtime);
    expect(vendor.responseHeaders).toMatchObject({ 'Access-Control-Allow-Origin': 'http://localhost:5173', 'Access-Control-Expose-Headers': 'Allow, Retry-After, X-Quota' });
    const admin = request('GET', '/__mock/state', { origin: 'http://localhost:5173' });
    allowCrossOrigin(admin, runtime);
    expect(admin.responseHeaders).toEqual({});
  });
});

describe('admin access rules', () => {
  const loopback = adminAccessFor('127.0.0.1', undefined);
  const refuse = (method: string, headers: Record<string, string>, access = loopback) => {
    const values = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
    return refuseForeignRequest(headers, values, access)?.status ?? (lacksAdminToken(values, access) ? 401 : refuseAdminWrite(method, headers)?.status);
  };

  it('answers its own origin on a loopback name', () => {
    expect(refuse('GET', { host: '127.0.0.1:4010' })).toBeUndefined();
    expect(refuse('GET', { host: 'localhost:4010', origin: 'http://localhost:4010' })).toBeUndefined();
    expect(refuse('GET', { host: '[::1]:4010' })).toBeUndefined();
    expect(refuse('POST', { host: 'localhost', 'content-type': 'application/json; charset=utf-8' })).toBeUndefined();
  });

  it('refuses a foreign Host (DNS rebinding), another origin, a cross-site fetch and a write that is not JSON', () => {
    expect(refuse('GET', { host: 'attacker.example:4010' })).toBe(403);
    expect(refuse('GET', { host: '127.0.0.1:4010', origin: 'http://attacker.example' })).toBe(403);
    expect(refuse('GET', { host: '127.0.0.1:4010', origin: 'null' })).toBe(403);
    expect(refuse('GET', { host: '127.0.0.1:4010', 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(refuse('POST', { host: '127.0.0.1:4010', 'content-type': 'text/plain' })).toBe(415);
    expect(refuse('POST', { host: '127.0.0.1:4010' })).toBe(415);
  });

  it('needs a token off loopback, and then takes it as a bearer or X-Mock-Admin-Token', () => {
    expect(() => adminAccessFor('0.0.0.0', undefined)).toThrow(/admin token/);
    const guarded = adminAccessFor('0.0.0.0', 's3cret-admin');
    expect(refuse('GET', { host: '10.0.0.5:4010' }, guarded)).toBe(401);
    expect(refuse('GET', { host: '10.0.0.5:4010', authorization: 'Bearer wrong' }, guarded)).toBe(401);
    expect(refuse('GET', { host: '10.0.0.5:4010', authorization: 'Bearer s3cret-admin' }, guarded)).toBeUndefined();
    expect(refuse('GET', { host: '10.0.0.5:4010', 'x-mock-admin-token': 's3cret-admin' }, guarded)).toBeUndefined();
    const named = adminAccessFor('192.168.1.20', 't0ken');
    expect(refuse('GET', { host: 'evil.example', 'x-mock-admin-token': 't0ken' }, named)).toBe(403);
  });
});
