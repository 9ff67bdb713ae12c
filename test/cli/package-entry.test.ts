/**
 * The package as an app imports it: `coupon-contracts` (the clients, safe for a browser bundle)
 * and `coupon-contracts/mock` (the mock server, for an app's own tests).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as entry from '../../src/index.js';
import * as mock from '../../src/mock/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('package entry points', () => {
  it('the main entry has the typed clients and their middleware, and nothing of the mock', () => {
    expect(Object.keys(entry)).toEqual(expect.arrayContaining(['createBigCommerceClient', 'createShoplazzaClient', 'createElasticPathClient', 'retryOn429']));
    expect(Object.keys(entry)).not.toContain('startMockServer');
  });

  it('importing the main entry loads no Prism module; importing coupon-contracts/mock does', { timeout: 60_000 }, () => {
    // A fresh process: this test file itself has already loaded the mock.
    const probe = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@stoplight/prism')).length;
      await import(${JSON.stringify(resolve(ROOT, 'src/index.ts'))});
      const afterEntry = loaded();
      await import(${JSON.stringify(resolve(ROOT, 'src/mock/index.ts'))});
      console.log(JSON.stringify({ afterEntry, afterMock: loaded() }));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    const counts = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as { afterEntry: number; afterMock: number };
    expect(counts.afterEntry).toBe(0);
    expect(counts.afterMock).toBeGreaterThan(0);
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
