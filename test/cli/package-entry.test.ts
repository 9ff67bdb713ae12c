/**
 * The package as an app imports it: `coupon-contracts` (the clients, safe for a browser bundle)
 * and `coupon-contracts/mock` (the mock server, for an app's own tests). What the main entry does
 * not load is proven in a fresh process: package-entry.process.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as entry from '../../src/index.js';
import * as mock from '../../src/mock/index.js';

describe('package entry points', () => {
  it('the main entry has the typed clients and their middleware, and nothing of the mock', () => {
    expect(Object.keys(entry)).toEqual(expect.arrayContaining(['createBigCommerceClient', 'createShoplazzaClient', 'createElasticPathClient', 'retryOn429']));
    expect(Object.keys(entry)).not.toContain('startMockServer');
  });

  it('coupon-contracts/mock starts a mock an app can drive with the typed client', async () => {
    const server = await mock.startMockServer({ plugins: await mock.loadPlugins(['bigcommerce']), port: 0 });
    try {
      const client = entry.createBigCommerceClient({ baseUrl: `${server.url}/stores/abc123/v3`, token: 'app-test-token' });
      const { data, response } = await client.POST('/promotions/{promotion_id}/codes', {
        params: { path: { promotion_id: '2' } },
        body: { code: 'APP_TEST_1' },
      });
      expect(response.status).toBe(201);
      expect(data?.data.code).toBe('APP_TEST_1');
      const duplicate = await client.POST('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '2' } }, body: { code: 'APP_TEST_1' } });
      expect(duplicate.response.status).toBe(422);
    } finally {
      await server.close();
    }
  });
});
