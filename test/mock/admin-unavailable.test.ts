/**
 * The admin API over a store that went away (Redis down): 503, as the vendor APIs answer, not a
 * 500 that blames the mock.
 */
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/server.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';

describe('admin API while the store is unavailable', () => {
  it('answers 503 for /__mock/state, /__mock/reset and adding a promotion', async () => {
    let down = false;
    const store = new Proxy(createMemoryStore(), {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function' || name === 'close') return value;
        return (...args: unknown[]) => (down ? Promise.reject(new StoreUnavailableError('Redis went away')) : value.apply(target, args));
      },
    }) as Store;
    const server = await startMockServer({ plugins: [bigcommercePlugin], store, port: 0 });
    try {
      down = true;
      for (const [method, path, body] of [
        ['GET', '/__mock/state', undefined],
        ['POST', '/__mock/reset', undefined],
        ['POST', '/__mock/bigcommerce/promotions', { redemption_type: 'COUPON' }],
      ] as const) {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body && JSON.stringify(body),
          signal: AbortSignal.timeout(5000),
        });
        expect(response.status, `${method} ${path}`).toBe(503);
        expect(await response.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
      }
      down = false;
      expect((await fetch(`${server.url}/__mock/state`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
