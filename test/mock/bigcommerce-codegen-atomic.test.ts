/**
 * A codegen batch is written whole or not at all, even when the store fails (Redis gone, a
 * process killed) between two rounds of the generator: a client told "503" or told nothing
 * must not find half of a batch in the promotion.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/mock/random.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { generateCodes, type CodeLayout } from '../../src/vendors/bigcommerce/codegen.js';

const SCOPE = 'bigcommerce:1';
/** 2^6 = 64 codes: a space half full makes the first round meet taken codes. */
const LAYOUT: CodeLayout = { head: '', tail: '', alphabet: 'AB', length: 6, total: 6 };

/** The store, failing every insert after the first `working` ones (as if Redis went away). */
function failingAfter(store: Store, working: number): Store {
  let calls = 0;
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'insertCodes') return Reflect.get(target, name, receiver);
      return (...args: Parameters<Store['insertCodes']>) => {
        if (++calls > working) return Promise.reject(new StoreUnavailableError('Redis went away'));
        return target.insertCodes(...args);
      };
    },
  });
}

describe('BigCommerce codegen batches are atomic', () => {
  it('a store failure between rounds leaves none of the batch behind', async () => {
    const store = createMemoryStore();
    const all = Array.from({ length: 64 }, (_, n) => n.toString(2).padStart(6, '0').replace(/0/g, 'A').replace(/1/g, 'B'));
    await store.insertCodes(SCOPE, all.filter((_, n) => n % 2 === 0).map((code) => ({ code, data: {} })), 'all-or-nothing');

    const run = generateCodes({
      store: failingAfter(store, 1),
      scope: SCOPE,
      random: createRandom('atomic'),
      layout: LAYOUT,
      count: 20,
      data: {},
      keyOf: (code) => code,
    });
    await expect(run).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.countCodes(SCOPE)).toBe(32);
  });

  it('still fills a nearly full space, in one write', async () => {
    const store = createMemoryStore();
    await store.insertCodes(SCOPE, [{ code: 'AAAAAA', data: {} }, { code: 'BBBBBB', data: {} }], 'all-or-nothing');
    let writes = 0;
    const counting = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'insertCodes') return value;
        return async (...args: Parameters<Store['insertCodes']>) => {
          const result = await target.insertCodes(...args);
          if (result.inserted.length > 0) writes++;
          return result;
        };
      },
    });
    const result = await generateCodes({
      store: counting,
      scope: SCOPE,
      random: createRandom('full'),
      layout: LAYOUT,
      count: 62,
      data: {},
      keyOf: (code) => code,
    });
    expect(result.ok).toBe(true);
    expect(writes).toBe(1);
    expect(await store.countCodes(SCOPE)).toBe(64);
  });

  it('two instances with the same --seed on one store (drawing the same candidates in step) still complete every batch', async () => {
    const store = createMemoryStore();
    // Each insert waits a little, as a network store does, so the two instances' rounds interleave.
    const slow = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'insertCodes') return value;
        return async (...args: Parameters<Store['insertCodes']>) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          return target.insertCodes(...args);
        };
      },
    });
    const layout: CodeLayout = { head: '', tail: '', alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', length: 16, total: 16 };
    const instances = [createRandom('same'), createRandom('same')];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        generateCodes({ store: slow, scope: SCOPE, random: instances[i % 2]!, layout, count: 100, data: {}, keyOf: (code) => code }),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const codes = results.flatMap((r) => (r.ok ? r.codes.map((c) => c.code) : []));
    expect(new Set(codes).size).toBe(6000);
    expect(await store.countCodes(SCOPE)).toBe(6000);
  });
});
