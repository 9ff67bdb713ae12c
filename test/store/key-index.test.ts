import { describe, expect, it } from 'vitest';
import { hashKey, KeyIndex } from '../../src/store/key-index.js';

/** A deterministic generator (Park-Miller), so a failing run can be replayed. */
function randomSource(seed: number): (n: number) => number {
  let state = seed;
  return (n) => (state = (state * 48271) % 2147483647) % n;
}

/** Records by position as the memory store keeps them (undefined = deleted), a KeyIndex over them, and a Map as the model. */
function harness() {
  const keys: (string | undefined)[] = [];
  const index = new KeyIndex((position) => keys[position]);
  const model = new Map<string, number>();
  return {
    keys,
    index,
    model,
    add(key: string) {
      index.add(hashKey(key), keys.length);
      model.set(key, keys.length);
      keys.push(key);
    },
    remove(key: string) {
      keys[model.get(key)!] = undefined;
      model.delete(key);
    },
  };
}

describe('KeyIndex', () => {
  it('agrees with a Map through adds, deletions and growth', () => {
    const { index, model, add, remove } = harness();
    const random = randomSource(1);
    for (let step = 0; step < 20_000; step++) {
      const key = `k${random(3000)}`;
      if (random(3) === 0 && model.has(key)) remove(key);
      else if (!model.has(key)) {
        if (step % 500 === 0) index.reserve(100);
        add(key);
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

  it('spreads each growth over many adds instead of rebuilding at once', () => {
    const { index, add } = harness();
    let growths = 0;
    let added = 0;
    while (growths < 8) {
      const before = index.capacity;
      add(`g${added++}`);
      if (index.capacity === before) continue;
      growths++;
      // The add that doubled the table moved only a few of the old slots: the rest move with later adds.
      expect(index.growing).toBe(true);
      let addsWhileGrowing = 0;
      while (index.growing && index.capacity === before * 2) {
        add(`g${added++}`);
        addsWhileGrowing++;
      }
      expect(addsWhileGrowing).toBeGreaterThanOrEqual(before / 4 - 1);
      // ...and the move ended before the new table was due to grow again.
      expect(index.capacity).toBe(before * 2);
    }
  });

  it('writes the new table only where the sweep has reached, so its pages are first touched at the sweep\'s pace', () => {
    const { index, add } = harness();
    type Table = { mask: number; slots: Int32Array };
    const internals = index as unknown as { table: Table; draining: Table | undefined; moved: number };
    let n = 0;
    while (index.capacity < 1 << 16 || !index.growing) add(`w${n++}`);
    const oldCapacity = internals.draining!.mask + 1;
    // Halfway through the sweep: keys behind it went to the new table, keys ahead of it to the old one.
    while (internals.moved < oldCapacity / 2) add(`w${n++}`);
    const { slots } = internals.table;
    const front = internals.moved + 64; // linear probing may carry a key a few slots past its home
    let written = 0;
    let outside = 0;
    for (let slot = 0; slot < slots.length / 2; slot++) {
      if (slots[2 * slot + 1] === 0) continue;
      written++;
      if (slot % oldCapacity >= front) outside++;
    }
    expect(written).toBeGreaterThan(oldCapacity / 6);
    // Only keys whose old probe chain ran past the table's end may land elsewhere.
    expect(outside).toBeLessThan(written / 1000);
    const wrong = Array.from({ length: n }, (_, i) => `w${i}`).filter((key, i) => index.find(key) !== i);
    expect(wrong).toEqual([]);
  });

  it('finds keys whose probe chain in the old table runs past its end while the sweep is under way', () => {
    const keys: string[] = [];
    const index = new KeyIndex((position) => keys[position]);
    const internals = index as unknown as { draining: { mask: number } | undefined };
    const addOne = () => index.add(hashKey(`f${keys.length}`), keys.push(`f${keys.length}`) - 1);
    while (index.capacity < 1 << 12 || !index.growing) addOne();
    const last = internals.draining!.mask;
    // Equal hashes homed at the old table's last slot: the first takes it (or runs past the end), the rest run past it.
    const wrapped = Array.from({ length: 5 }, (_, i) => `wrap${i}`);
    for (const key of wrapped) index.add(last, keys.push(key) - 1);
    expect(index.growing).toBe(true);
    for (const key of wrapped) expect(index.find(key, last)).toBe(keys.indexOf(key));
    expect(index.find('absent', last)).toBe(-1);
    while (index.growing) addOne();
    for (const key of wrapped) expect(index.find(key, last)).toBe(keys.indexOf(key));
  });

  it('finds every key, and no absent or deleted one, at every moment of growth (property, 150,000 keys)', () => {
    const { index, model, add, remove } = harness();
    const random = randomSource(7);
    const stored: string[] = [];
    const deleted: string[] = [];
    const wrong: string[] = [];
    const probe = (key: string) => {
      const found = index.find(key);
      if (found !== (model.get(key) ?? -1)) wrong.push(`${key}: ${found}`);
    };
    let checkedWhileGrowing = 0;
    for (let i = 0; i < 150_000; i++) {
      const key = `p${random(1_000_000)}`;
      if (model.has(key)) {
        // Taken: the memory store would refuse it. Sometimes delete it instead.
        if (random(2) === 0) {
          remove(key);
          deleted.push(key);
        }
        continue;
      }
      if (random(50) === 0) index.reserve(1 + random(500));
      add(key);
      stored.push(key);
      if (i % 499 === 0) {
        if (index.growing) checkedWhileGrowing++;
        for (let s = 0; s < 100; s++) probe(stored[random(stored.length)]!);
        for (let d = 0; d < 20 && deleted.length > 0; d++) probe(deleted[random(deleted.length)]!);
        for (let a = 0; a < 20; a++) probe(`absent${random(1_000_000)}`);
      }
    }
    for (const key of stored) probe(key);
    expect(wrong).toEqual([]);
    const sample = stored.slice(0, 200).concat(['nope1', 'nope2']);
    expect([...index.findAll(sample).positions]).toEqual(sample.map((key) => model.get(key) ?? -1));
    expect(checkedWhileGrowing).toBeGreaterThan(0);
  });

  it('a reserve far beyond the headroom while a growth is under way keeps every key', () => {
    const { index, model, add } = harness();
    let n = 0;
    while (!index.growing) add(`r${n++}`);
    index.reserve(100_000);
    expect(index.capacity).toBeGreaterThanOrEqual(300_000);
    for (let i = 0; i < 100_000; i++) add(`r${n++}`);
    const wrong = [...model].filter(([key, position]) => index.find(key) !== position);
    expect(wrong).toEqual([]);
  });
});
