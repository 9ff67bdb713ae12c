import { describe, expect, it } from 'vitest';
import { hashKey, KeyIndex } from '../../src/store/key-index.js';

describe('KeyIndex', () => {
  it('agrees with a Map through adds, deletions and rehashes', () => {
    // Records by position as the memory store keeps them; undefined = deleted.
    const keys: (string | undefined)[] = [];
    const index = new KeyIndex((position) => keys[position]);
    const model = new Map<string, number>();
    let state = 1;
    const random = (n: number) => (state = (state * 48271) % 2147483647) % n;

    for (let step = 0; step < 20_000; step++) {
      const key = `k${random(3000)}`;
      if (random(3) === 0 && model.has(key)) {
        keys[model.get(key)!] = undefined;
        model.delete(key);
      } else if (!model.has(key)) {
        if (step % 500 === 0) index.reserve(100);
        index.add(hashKey(key), keys.length);
        model.set(key, keys.length);
        keys.push(key);
      }
    }
    for (let k = 0; k < 3000; k++) expect(index.find(`k${k}`)).toBe(model.get(`k${k}`) ?? -1);
    const batch = ['k1', 'k2', 'absent', 'k2999'];
    expect([...index.findAll(batch).positions]).toEqual(batch.map((key) => model.get(key) ?? -1));
  });

  it('tells keys with equal hashes apart by comparing the keys', () => {
    const keys = ['a', 'b'];
    const index = new KeyIndex((position) => keys[position]);
    index.add(42, 0);
    index.add(42, 1); // forced collision: same hash, different key
    expect(index.find('a', 42)).toBe(0);
    expect(index.find('b', 42)).toBe(1);
    expect(index.find('c', 42)).toBe(-1);
  });
});
