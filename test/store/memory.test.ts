import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { describeStoreConformance } from './conformance.js';

describeStoreConformance('memory', () => createMemoryStore());

describe('memory store: codes kept in columns', () => {
  it('gives back every code as written: Latin-1, wider characters, long codes, across text and column chunks', async () => {
    const store = createMemoryStore();
    const special = ['café-ÿ', 'Ünïcödé', '😀-emoji', '中文码', 'x'.repeat(254), 'y'.repeat(255), 'z'.repeat(5000), '', ' spaced\ttab\n'];
    // 30,000 codes of 20 characters: more than 64 KB of text and several 4,096-entry column chunks.
    const plain = Array.from({ length: 30_000 }, (_, i) => `CODE-${String(i).padStart(15, '0')}`);
    const all = [...special, ...plain];
    const data = { max_uses: 1 };
    for (let i = 0; i < all.length; i += 250) {
      const result = await store.insertCodes('v:1', all.slice(i, i + 250).map((code) => ({ code, data })), 'all-or-nothing');
      expect(result.conflicts).toEqual([]);
    }
    const listed = await store.listCodes('v:1', { limit: all.length + 1 });
    expect(listed.map((c) => c.code)).toEqual(all);
    for (const code of special) expect((await store.findCode('v:1', code))?.code).toBe(code);
    expect((await store.findCode('v:1', plain[29_999]!))?.seq).toBe(listed.at(-1)!.seq);
    const again = await store.insertCodes('v:1', [{ code: 'z'.repeat(5000), data }, { code: '😀-emoji', data }], 'skip-conflicts');
    expect(again.inserted).toEqual([]);
  });

  it('codes with equal data share one frozen copy; different data stays apart', async () => {
    const store = createMemoryStore();
    await store.insertCodes('v:1', [{ code: 'A', data: { n: 1 } }, { code: 'B', data: { n: 1 } }, { code: 'C', data: { n: 2 } }], 'all-or-nothing');
    const [a, b, c] = await store.listCodes('v:1', { limit: 10 });
    expect(a!.data).toEqual({ n: 1 });
    expect(b!.data).toEqual({ n: 1 });
    expect(c!.data).toEqual({ n: 2 });
    expect(Object.isFrozen(a!.data)).toBe(true);
  });

  it('stays a set of unique keys through growth, deletions and compaction (property, 80,000 codes)', async () => {
    const store = createMemoryStore();
    let state = 11;
    const random = (n: number) => (state = (state * 48271) % 2147483647) % n;
    const model = new Map<string, number>(); // key -> seq
    const keyOf = (code: string) => code.toUpperCase();
    for (let round = 0; round < 320; round++) {
      // Mixed case, so keys differ from codes for about half of them; a small space, so conflicts happen.
      const batch = Array.from({ length: 250 }, () => {
        const n = random(400_000).toString(36);
        const code = random(2) === 0 ? n : n.toUpperCase();
        return { code, key: keyOf(code), data: { round } };
      });
      const result = await store.insertCodes('v:1', batch, 'skip-conflicts');
      for (const stored of result.inserted) {
        expect(model.has(keyOf(stored.code))).toBe(false);
        model.set(keyOf(stored.code), stored.seq);
      }
      if (round % 40 === 39) {
        // Delete about two thirds of what is stored, half by seq and half by key: compaction runs.
        const victims = [...model].filter(() => random(3) !== 0);
        const bySeq = victims.filter((_, i) => i % 2 === 0);
        const byKey = victims.filter((_, i) => i % 2 === 1);
        expect(await store.deleteCodes('v:1', bySeq.map(([, seq]) => seq))).toHaveLength(bySeq.length);
        expect(await store.deleteCodesByKey('v:1', byKey.map(([key]) => key))).toHaveLength(byKey.length);
        for (const [key] of victims) model.delete(key);
      }
    }
    expect(await store.countCodes('v:1')).toBe(model.size);
    const listed = await store.listCodes('v:1', { limit: model.size + 1 });
    expect(listed.map((c) => c.seq)).toEqual([...model.values()].sort((a, b) => a - b));
    expect(new Set(listed.map((c) => keyOf(c.code))).size).toBe(listed.length);
    const wrong = [];
    for (const [key, seq] of model) if ((await store.findCode('v:1', key))?.seq !== seq) wrong.push(key);
    expect(wrong).toEqual([]);
  });
});
