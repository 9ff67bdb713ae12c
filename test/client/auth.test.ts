import nock from 'nock';
import createClient, { type Middleware } from 'openapi-fetch';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { paths as BigCommercePaths } from '../../generated/bigcommerce.js';
import {
  bigCommerceAuth,
  createBigCommerceClient,
  createElasticPathClient,
  createShoplazzaClient,
  type ElasticPathRegion,
} from '../../src/client/index.js';

const AUTH_HEADERS = ['x-auth-token', 'access-token', 'authorization'];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Answers one GET of `origin` + `path` with 200 and records the auth headers it carried. */
function recordGet(origin: string, path: string, query: Record<string, string> = {}) {
  const seen: Record<string, unknown> = {};
  nock(origin)
    .get(path)
    .query(query)
    .reply(function () {
      for (const name of AUTH_HEADERS) if (name in this.req.headers) seen[name] = this.req.headers[name];
      return [200, {}];
    });
  return seen;
}

describe('each client sends its vendor’s auth header to its vendor’s host', () => {
  it('BigCommerce: X-Auth-Token on https://api.bigcommerce.com/stores/{storeHash}/v3', async () => {
    const seen = recordGet('https://api.bigcommerce.com', '/stores/abc123/v3/promotions/42/codes');
    const bc = createBigCommerceClient({ storeHash: 'abc123', token: 'bc-token' });
    const { response } = await bc.GET('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '42' } } });
    expect(response.status).toBe(200);
    expect(seen).toEqual({ 'x-auth-token': 'bc-token' });
  });

  it('Shoplazza: access-token on https://{subdomain}.myshoplaza.com/openapi/2025-06', async () => {
    const seen = recordGet('https://my-shop.myshoplaza.com', '/openapi/2025-06/discount_codes/lookup', { code: 'SUMMER20' });
    const shop = createShoplazzaClient({ subdomain: 'my-shop', token: 'shop-token' });
    const { response } = await shop.GET('/discount_codes/lookup', { params: { query: { code: 'SUMMER20' } } });
    expect(response.status).toBe(200);
    expect(seen).toEqual({ 'access-token': 'shop-token' });
  });

  it.each<[ElasticPathRegion | undefined, string]>([
    [undefined, 'https://useast.api.elasticpath.com'],
    ['useast', 'https://useast.api.elasticpath.com'],
    ['euwest', 'https://euwest.api.elasticpath.com'],
  ])('Elastic Path: Authorization Bearer on region %s', async (region, origin) => {
    const seen = recordGet(origin, '/v2/rule-promotions/p-1/codes');
    const ep = createElasticPathClient({ ...(region && { region }), token: 'ep-token' });
    const { response } = await ep.GET('/v2/rule-promotions/{promotionID}/codes', { params: { path: { promotionID: 'p-1' } } });
    expect(response.status).toBe(200);
    expect(seen).toEqual({ authorization: 'Bearer ep-token' });
  });

  it('baseUrl points a client at the mock instead', async () => {
    const seen = recordGet('http://127.0.0.1:4010', '/stores/abc/v3/promotions/42/codes');
    const bc = createBigCommerceClient({ baseUrl: 'http://127.0.0.1:4010/stores/abc/v3/', token: 'bc-token' });
    await bc.GET('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '42' } } });
    expect(seen).toEqual({ 'x-auth-token': 'bc-token' });
  });
});

describe('auth middleware', () => {
  it('leaves an auth header set on the call itself (e.g. a read-only token for one request)', async () => {
    const seen = recordGet('https://api.bigcommerce.com', '/stores/abc123/v3/promotions/42/codes');
    const bc = createBigCommerceClient({ storeHash: 'abc123', token: 'bc-token' });
    await bc.GET('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '42' } }, headers: { 'X-Auth-Token': 'read-only-token' } });
    expect(seen).toEqual({ 'x-auth-token': 'read-only-token' });
  });

  it('is exported, to build a client with middleware of one’s own beside it', async () => {
    const seen = recordGet('http://127.0.0.1:4010', '/stores/abc/v3/promotions/42/codes');
    const calls: string[] = [];
    const trace: Middleware = {
      onRequest({ request, schemaPath }) {
        calls.push(`${request.method} ${schemaPath} auth=${request.headers.has('X-Auth-Token')}`);
      },
    };
    const client = createClient<BigCommercePaths>({ baseUrl: 'http://127.0.0.1:4010/stores/abc/v3' });
    client.use(bigCommerceAuth('bc-token'), trace);
    await client.GET('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '42' } } });
    expect(seen).toEqual({ 'x-auth-token': 'bc-token' });
    expect(calls).toEqual(['GET /promotions/{promotion_id}/codes auth=true']);
  });
});

describe('options that would build another URL are refused', () => {
  it.each([
    ['storeHash', () => createBigCommerceClient({ storeHash: 'abc/../../evil', token: 't' })],
    ['storeHash', () => createBigCommerceClient({ storeHash: '', token: 't' })],
    ['subdomain', () => createShoplazzaClient({ subdomain: 'evil.example#', token: 't' })],
    ['subdomain', () => createShoplazzaClient({ subdomain: 'user@evil', token: 't' })],
    ['region', () => createElasticPathClient({ region: 'apac' as ElasticPathRegion, token: 't' })],
  ])('%s', (name, create) => {
    expect(create).toThrow(new RegExp(`^${name} must be`));
  });
});
