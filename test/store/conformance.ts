import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreDump } from '../../src/store/dump.js';
import type { NewCode, Store, StoredCode } from '../../src/store/types.js';
import { worldOf, type StoreWorld } from '../../src/vendors/bigcommerce/stores.js';

/**
 * The behaviour every Store backend must share, so the vendor plugins can run on any of them.
 * `openStore` is called before each test; the suite resets the store first (a shared Redis
 * keeps data between tests) and closes it afterwards.
 */
export function describeStoreConformance(name: string, openStore: () => Promise<Store> | Store): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await openStore();
      await store.reset();
    });

    afterEach(async () => {
      await store.close();
    });

    const data = { max_uses: 1 };
    const codes = (...names: string[]): NewCode[] => names.map((code) => ({ code, data }));
    const names = (rows: readonly StoredCode[]) => rows.map((row) => row.code);
    const seqs = (rows: readonly StoredCode[]) => rows.map((row) => row.seq);

    /** Inserts `count` codes C0001.. in batches and returns them as stored. */
    async function fill(scope: string, count: number): Promise<StoredCode[]> {
      const all: StoredCode[] = [];
      for (let start = 0; start < count; start += 100) {
        const batch = Array.from({ length: Math.min(100, count - start) }, (_, i) => ({
          code: `C${String(start + i + 1).padStart(4, '0')}`,
          data,
        }));
        const { inserted, conflicts } = await store.insertCodes(scope, batch, 'all-or-nothing');
        expect(conflicts).toEqual([]);
        all.push(...inserted);
      }
      return all;
    }

    describe('insertCodes', () => {
      it('writes a batch and allocates increasing seqs', async () => {
        const result = await store.insertCodes('bigcommerce:1', codes('A', 'B', 'C'), 'all-or-nothing');
        expect(result.conflicts).toEqual([]);
        expect(names(result.inserted)).toEqual(['A', 'B', 'C']);
        expect(seqs(result.inserted)).toEqual([1, 2, 3]);
        expect(result.inserted[0]!.data).toEqual(data);
        expect(await store.countCodes('bigcommerce:1')).toBe(3);
      });

      it('all-or-nothing: a key taken in the scope rejects the whole batch', async () => {
        await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        const result = await store.insertCodes('bigcommerce:1', codes('B', 'A', 'C'), 'all-or-nothing');
        expect(result).toEqual({ inserted: [], conflicts: ['A'] });
        expect(names(await store.listCodes('bigcommerce:1', { limit: 10 }))).toEqual(['A']);
      });

      it('all-or-nothing: a key repeated inside the batch rejects the whole batch', async () => {
        const result = await store.insertCodes('bigcommerce:1', codes('A', 'B', 'A', 'C', 'B'), 'all-or-nothing');
        expect(result.inserted).toEqual([]);
        expect(result.conflicts.sort()).toEqual(['A', 'B']);
        expect(await store.countCodes('bigcommerce:1')).toBe(0);
      });

      it('all-or-nothing: a rejected batch allocates no seqs', async () => {
        await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        await store.insertCodes('bigcommerce:1', codes('B', 'A'), 'all-or-nothing');
        const { inserted } = await store.insertCodes('bigcommerce:1', codes('B'), 'all-or-nothing');
        expect(seqs(inserted)).toEqual([2]);
      });

      it('skip-conflicts: writes the free keys and lists the taken and repeated ones', async () => {
        await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        const result = await store.insertCodes('bigcommerce:1', codes('B', 'A', 'C', 'B'), 'skip-conflicts');
        expect(names(result.inserted)).toEqual(['B', 'C']);
        expect(result.conflicts.sort()).toEqual(['A', 'B']);
        expect(names(await store.listCodes('bigcommerce:1', { limit: 10 }))).toEqual(['A', 'B', 'C']);
      });

      it('uniqueness is per scope', async () => {
        await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        const result = await store.insertCodes('bigcommerce:2', codes('A'), 'all-or-nothing');
        expect(names(result.inserted)).toEqual(['A']);
      });

      it('an empty batch writes nothing', async () => {
        expect(await store.insertCodes('bigcommerce:1', [], 'all-or-nothing')).toEqual({ inserted: [], conflicts: [] });
        expect(await store.insertCodes('bigcommerce:1', [], 'skip-conflicts')).toEqual({ inserted: [], conflicts: [] });
      });

      it('case keys: uniqueness follows `key`, the code keeps its spelling', async () => {
        await store.insertCodes('shoplazza:1', [{ code: 'Summer', key: 'summer', data }], 'all-or-nothing');
        const clash = await store.insertCodes('shoplazza:1', [{ code: 'SUMMER', key: 'summer', data }], 'all-or-nothing');
        expect(clash).toEqual({ inserted: [], conflicts: ['summer'] });
        expect((await store.findCode('shoplazza:1', 'summer'))?.code).toBe('Summer');
        expect(await store.findCode('shoplazza:1', 'Summer')).toBeUndefined();
        const [deleted] = await store.deleteCodesByKey('shoplazza:1', ['summer']);
        expect(deleted?.code).toBe('Summer');
        expect(await store.countCodes('shoplazza:1')).toBe(0);
      });

      it('seqs are shared by the scopes of one vendor and separate between vendors', async () => {
        const a = await store.insertCodes('bigcommerce:1', codes('A', 'B'), 'all-or-nothing');
        const b = await store.insertCodes('bigcommerce:2', codes('A'), 'all-or-nothing');
        const c = await store.insertCodes('shoplazza:1', codes('A'), 'all-or-nothing');
        expect(seqs(a.inserted)).toEqual([1, 2]);
        expect(seqs(b.inserted)).toEqual([3]);
        expect(seqs(c.inserted)).toEqual([1]);
      });

      it('per-tenant names (a store hash inside the scope and the document kind) keep tenants apart', async () => {
        // The BigCommerce plugin's layout: one world per store hash, the hash percent-encoded.
        const [aaa, bbb, colon, plain] = ['aaa', 'bbb', 'a:b', 'a'].map(worldOf) as [StoreWorld, StoreWorld, StoreWorld, StoreWorld];
        const first = await store.insertCodes(aaa.scopeOf('1'), codes('SAVE10'), 'all-or-nothing');
        const second = await store.insertCodes(bbb.scopeOf('1'), codes('SAVE10'), 'all-or-nothing');
        await store.insertCodes(colon.scopeOf('1'), codes('COLON'), 'all-or-nothing');
        // Uniqueness is per store; ids stay one vendor-wide sequence, so an id never names two codes.
        expect(second.conflicts).toEqual([]);
        expect(seqs([...first.inserted, ...second.inserted])).toEqual([1, 2]);
        expect(await store.getCode(bbb.scopeOf('1'), 1)).toBeUndefined();
        expect(await store.deleteCodes(bbb.scopeOf('1'), [1])).toEqual([]);
        expect(await store.findCode(aaa.scopeOf('1'), 'SAVE10')).toEqual({ seq: 1, code: 'SAVE10', data });
        // A hash with a ':' is encoded, so the prefix of store 'a' does not reach store 'a:b'.
        expect(await store.findCodeInAnyScope(plain.scopeOf(''), 'COLON')).toBeUndefined();
        expect((await store.findCodeInAnyScope(colon.scopeOf(''), 'COLON'))?.scope).toBe(colon.scopeOf('1'));

        await store.putDoc(aaa.promotionKind, '1', { id: '1', name: 'in aaa' });
        await store.putDoc(colon.promotionKind, '1', { id: '1', name: 'in a:b' });
        expect(await store.listDocs(aaa.promotionKind)).toEqual([{ id: '1', name: 'in aaa' }]);
        expect(await store.listDocs(bbb.promotionKind)).toEqual([]);
        expect(await store.listDocs(plain.promotionKind)).toEqual([]);
      });

      it('keeps data as given, shared fields and nested values included', async () => {
        const shared = { max_uses: 5, created: '2026-01-01T00:00:00Z', nested: { tags: ['x'] } };
        const { inserted } = await store.insertCodes(
          'bigcommerce:1',
          [{ code: 'A', data: shared }, { code: 'B', data: shared }, { code: 'C', data: { other: null } }],
          'all-or-nothing',
        );
        expect(inserted.map((row) => row.data)).toEqual([shared, shared, { other: null }]);
        expect((await store.findCode('bigcommerce:1', 'B'))?.data).toEqual(shared);
      });

      it('a caller changing its data object afterwards does not change the stored code', async () => {
        const mine = { max_uses: 1, nested: { n: 1 } };
        await store.insertCodes('bigcommerce:1', [{ code: 'A', data: mine }], 'all-or-nothing');
        mine.max_uses = 99;
        mine.nested.n = 99;
        expect((await store.findCode('bigcommerce:1', 'A'))?.data).toEqual({ max_uses: 1, nested: { n: 1 } });
      });
    });

    describe('reading codes', () => {
      it('getCode, findCode and findCodeInAnyScope', async () => {
        await store.insertCodes('bigcommerce:1', codes('A', 'B'), 'all-or-nothing');
        await store.insertCodes('bigcommerce:2', codes('C'), 'all-or-nothing');
        await store.insertCodes('shoplazza:1', codes('D'), 'all-or-nothing');

        expect(await store.getCode('bigcommerce:1', 2)).toEqual({ seq: 2, code: 'B', data });
        expect(await store.getCode('bigcommerce:1', 3)).toBeUndefined(); // seq 3 lives in bigcommerce:2
        expect(await store.getCode('bigcommerce:9', 1)).toBeUndefined();
        expect(await store.findCode('bigcommerce:1', 'A')).toEqual({ seq: 1, code: 'A', data });
        expect(await store.findCode('bigcommerce:1', 'C')).toBeUndefined();

        expect(await store.findCodeInAnyScope('bigcommerce:', 'C')).toEqual({
          scope: 'bigcommerce:2',
          code: { seq: 3, code: 'C', data },
        });
        expect(await store.findCodeInAnyScope('bigcommerce:', 'D')).toBeUndefined();
        expect((await store.findCodeInAnyScope('shoplazza:', 'D'))?.scope).toBe('shoplazza:1');
      });

      it('findCodeInAnyScope treats the prefix literally', async () => {
        await store.insertCodes('a*b:1', codes('X'), 'all-or-nothing');
        await store.insertCodes('aab:1', codes('Y'), 'all-or-nothing');
        expect((await store.findCodeInAnyScope('a*b:', 'X'))?.scope).toBe('a*b:1');
        expect(await store.findCodeInAnyScope('a*b:', 'Y')).toBeUndefined();
      });

      it('listCodes pages with limit, offset, afterSeq and beforeSeq', async () => {
        const all = await fill('bigcommerce:1', 250);
        const page = (p: Parameters<Store['listCodes']>[1]) => store.listCodes('bigcommerce:1', p).then(seqs);

        expect(await page({ limit: 3 })).toEqual([1, 2, 3]);
        expect(await page({ limit: 3, offset: 248 })).toEqual([249, 250]);
        expect(await page({ limit: 3, offset: 250 })).toEqual([]);
        expect(await page({ limit: 3, afterSeq: 10 })).toEqual([11, 12, 13]);
        expect(await page({ limit: 3, afterSeq: 10, offset: 2 })).toEqual([13, 14, 15]);
        expect(await page({ limit: 3, afterSeq: 250 })).toEqual([]);
        // beforeSeq: the rows just below the cursor, ascending.
        expect(await page({ limit: 3, beforeSeq: 10 })).toEqual([7, 8, 9]);
        expect(await page({ limit: 3, beforeSeq: 3 })).toEqual([1, 2]);
        expect(await page({ limit: 3, beforeSeq: 10, offset: 3 })).toEqual([4, 5, 6]);
        expect(await page({ limit: 10, afterSeq: 5, beforeSeq: 9 })).toEqual([6, 7, 8]);
        expect(await page({ limit: 2, afterSeq: 5, beforeSeq: 9 })).toEqual([7, 8]);
        expect(await page({ limit: 0 })).toEqual([]);
        expect(await store.listCodes('bigcommerce:1', { limit: 1000 })).toEqual(all);
        expect(await store.listCodes('bigcommerce:404', { limit: 10 })).toEqual([]);
      });

      it('listCodes skips deleted codes, whatever the paging', async () => {
        await fill('bigcommerce:1', 20);
        const deleted = [2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18];
        await store.deleteCodes('bigcommerce:1', deleted);
        const page = (p: Parameters<Store['listCodes']>[1]) => store.listCodes('bigcommerce:1', p).then(seqs);

        expect(await page({ limit: 100 })).toEqual([1, 5, 6, 7, 8, 9, 19, 20]);
        expect(await page({ limit: 3, offset: 2 })).toEqual([6, 7, 8]);
        expect(await page({ limit: 3, afterSeq: 1 })).toEqual([5, 6, 7]);
        expect(await page({ limit: 2, afterSeq: 9 })).toEqual([19, 20]);
        expect(await page({ limit: 3, beforeSeq: 19 })).toEqual([7, 8, 9]);
        expect(await page({ limit: 3, beforeSeq: 19, offset: 2 })).toEqual([5, 6, 7]);
        expect(await store.countCodes('bigcommerce:1')).toBe(8);
        expect(await store.getCode('bigcommerce:1', 10)).toBeUndefined();
        expect((await store.getCode('bigcommerce:1', 9))?.code).toBe('C0009');
      });

      it('countCodes counts one scope', async () => {
        await store.insertCodes('bigcommerce:1', codes('A', 'B'), 'all-or-nothing');
        await store.insertCodes('bigcommerce:2', codes('A'), 'all-or-nothing');
        expect(await store.countCodes('bigcommerce:1')).toBe(2);
        expect(await store.countCodes('bigcommerce:2')).toBe(1);
        expect(await store.countCodes('bigcommerce:3')).toBe(0);
      });
    });

    describe('deleting codes', () => {
      it('deleteCodes returns the seqs that existed in the scope', async () => {
        await store.insertCodes('bigcommerce:1', codes('A', 'B', 'C'), 'all-or-nothing');
        await store.insertCodes('bigcommerce:2', codes('D'), 'all-or-nothing');
        const deleted = await store.deleteCodes('bigcommerce:1', [3, 1, 4, 99, 3]);
        expect(deleted.sort()).toEqual([1, 3]);
        expect(names(await store.listCodes('bigcommerce:1', { limit: 10 }))).toEqual(['B']);
        expect(await store.findCode('bigcommerce:1', 'A')).toBeUndefined();
        expect(await store.countCodes('bigcommerce:2')).toBe(1);
        expect(await store.deleteCodes('bigcommerce:1', [1])).toEqual([]);
      });

      it('deleteCodesByKey returns the codes that existed', async () => {
        await store.insertCodes('bigcommerce:1', codes('A', 'B', 'C'), 'all-or-nothing');
        const deleted = await store.deleteCodesByKey('bigcommerce:1', ['C', 'X', 'A']);
        expect(deleted.sort((x, y) => x.seq - y.seq)).toEqual([
          { seq: 1, code: 'A', data },
          { seq: 3, code: 'C', data },
        ]);
        expect(names(await store.listCodes('bigcommerce:1', { limit: 10 }))).toEqual(['B']);
        expect(await store.deleteCodesByKey('bigcommerce:404', ['A'])).toEqual([]);
      });

      it('a deleted key can be inserted again, with a new seq', async () => {
        await store.insertCodes('bigcommerce:1', codes('A', 'B'), 'all-or-nothing');
        await store.deleteCodes('bigcommerce:1', [2]);
        const { inserted } = await store.insertCodes('bigcommerce:1', codes('B'), 'all-or-nothing');
        expect(seqs(inserted)).toEqual([3]);
      });

      it('clearCodes empties one scope and seqs are not reused', async () => {
        await store.insertCodes('bigcommerce:1', codes('A', 'B'), 'all-or-nothing');
        await store.insertCodes('bigcommerce:2', codes('A'), 'all-or-nothing');
        await store.clearCodes('bigcommerce:1');
        expect(await store.countCodes('bigcommerce:1')).toBe(0);
        expect(await store.listCodes('bigcommerce:1', { limit: 10 })).toEqual([]);
        expect(await store.findCode('bigcommerce:1', 'A')).toBeUndefined();
        expect(await store.countCodes('bigcommerce:2')).toBe(1);
        const { inserted } = await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        expect(seqs(inserted)).toEqual([4]);
      });

      it('many deletions in a large scope keep every read right', async () => {
        const all = await fill('bigcommerce:1', 300);
        const doomed = all.filter((row) => row.seq % 3 !== 0).map((row) => row.seq);
        expect((await store.deleteCodes('bigcommerce:1', doomed)).length).toBe(200);
        const survivors = all.filter((row) => row.seq % 3 === 0);
        expect(await store.listCodes('bigcommerce:1', { limit: 1000 })).toEqual(survivors);
        expect(await store.listCodes('bigcommerce:1', { limit: 5, offset: 10 })).toEqual(survivors.slice(10, 15));
        expect(await store.getCode('bigcommerce:1', 150)).toEqual(all[149]);
        expect(await store.getCode('bigcommerce:1', 151)).toBeUndefined();
        expect(await store.countCodes('bigcommerce:1')).toBe(100);
      });
    });

    describe('documents', () => {
      it('put, get, list and delete', async () => {
        await store.putDoc('elasticpath:job', 'j1', { id: 'j1', status: 'pending' });
        await store.putDoc('elasticpath:job', 'j2', { id: 'j2', status: 'done' });
        await store.putDoc('bigcommerce:promotion', 'j1', { id: 'other kind' });
        expect(await store.getDoc('elasticpath:job', 'j1')).toEqual({ id: 'j1', status: 'pending' });
        expect(await store.getDoc('elasticpath:job', 'nope')).toBeUndefined();
        const listed = await store.listDocs<{ id: string }>('elasticpath:job');
        expect(listed.map((doc) => doc.id).sort()).toEqual(['j1', 'j2']);
        expect(await store.listDocs('nothing')).toEqual([]);

        await store.putDoc('elasticpath:job', 'j1', { id: 'j1', status: 'done' });
        expect(await store.getDoc('elasticpath:job', 'j1')).toEqual({ id: 'j1', status: 'done' });

        expect(await store.deleteDoc('elasticpath:job', 'j1')).toBe(true);
        expect(await store.deleteDoc('elasticpath:job', 'j1')).toBe(false);
        expect(await store.getDoc('elasticpath:job', 'j1')).toBeUndefined();
        expect(await store.getDoc('bigcommerce:promotion', 'j1')).toEqual({ id: 'other kind' });
      });

      it('stores copies: changing the put or the returned object changes nothing', async () => {
        const doc = { id: 'p', rules: [{ amount: 1 }] };
        await store.putDoc('bigcommerce:promotion', 'p', doc);
        doc.rules[0]!.amount = 2;
        const read = await store.getDoc<typeof doc>('bigcommerce:promotion', 'p');
        read!.rules[0]!.amount = 3;
        (await store.listDocs<typeof doc>('bigcommerce:promotion'))[0]!.rules.push({ amount: 4 });
        expect(await store.getDoc('bigcommerce:promotion', 'p')).toEqual({ id: 'p', rules: [{ amount: 1 }] });
      });

      it('replaceDoc writes only when the stored document equals `expected`', async () => {
        expect(await store.replaceDoc('k', 'a', undefined, { v: 1, w: 'x' })).toBe(true);
        expect(await store.replaceDoc('k', 'a', undefined, { v: 9 })).toBe(false);
        expect(await store.replaceDoc('k', 'a', { v: 2, w: 'x' }, { v: 9 })).toBe(false);
        // JSON equality: the order keys were written in does not matter.
        expect(await store.replaceDoc('k', 'a', { w: 'x', v: 1 }, { v: 2 })).toBe(true);
        expect(await store.getDoc('k', 'a')).toEqual({ v: 2 });
        expect(await store.replaceDoc('k', 'missing', { v: 2 }, { v: 3 })).toBe(false);
        expect(await store.getDoc('k', 'missing')).toBeUndefined();
      });

      it('replaceDoc is atomic: of parallel replacements from one state, one wins', async () => {
        await store.putDoc('k', 'a', { n: 0 });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.replaceDoc('k', 'a', { n: 0 }, { n: i + 1 })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.getDoc('k', 'a')).toEqual({ n: results.indexOf(true) + 1 });
      });
    });

    describe('slots, in-flight counters, named counters', () => {
      it('claim is exclusive until the holder releases', async () => {
        expect(await store.claim('job:p1', 'h1')).toBe(true);
        expect(await store.claim('job:p1', 'h1')).toBe(true); // already held by h1
        expect(await store.claim('job:p1', 'h2')).toBe(false);
        expect(await store.claim('job:p2', 'h2')).toBe(true);
        await store.release('job:p1', 'h2'); // not the holder: no effect
        expect(await store.claim('job:p1', 'h2')).toBe(false);
        await store.release('job:p1', 'h1');
        expect(await store.claim('job:p1', 'h2')).toBe(true);
      });

      it('of parallel claims on one slot, one wins', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim('slot', `h${i}`)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('acquire up to the limit, then refuse, then admit again after a release', async () => {
        for (let i = 0; i < 3; i++) expect(await store.acquire('bigcommerce:generate', 3)).toBe(true);
        expect(await store.acquire('bigcommerce:generate', 3)).toBe(false);
        expect(await store.acquire('other', 3)).toBe(true);
        await store.releaseAcquired('bigcommerce:generate');
        expect(await store.acquire('bigcommerce:generate', 3)).toBe(true);
        expect(await store.acquire('bigcommerce:generate', 3)).toBe(false);
      });

      it('of parallel acquires, exactly `limit` succeed', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => store.acquire('c', 5)));
        expect(results.filter(Boolean)).toHaveLength(5);
      });

      it('releasing more than was acquired does not raise the limit', async () => {
        await store.releaseAcquired('c');
        await store.releaseAcquired('c');
        expect(await store.acquire('c', 1)).toBe(true);
        expect(await store.acquire('c', 1)).toBe(false);
      });

      it('nextValue counts 1, 2, 3 per counter', async () => {
        expect(await store.nextValue('elasticpath:job')).toBe(1);
        expect(await store.nextValue('elasticpath:job')).toBe(2);
        expect(await store.nextValue('bigcommerce:promotion')).toBe(1);
        expect(await store.nextValue('elasticpath:job')).toBe(3);
        const parallel = await Promise.all(Array.from({ length: 10 }, () => store.nextValue('p')));
        expect(parallel.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });
    });

    describe('reset and dump', () => {
      it('reset forgets everything, seqs and counters included', async () => {
        await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        await store.putDoc('k', 'a', { v: 1 });
        await store.claim('slot', 'h1');
        await store.nextValue('n');
        await store.acquire('c', 1);
        await store.reset();
        expect(await store.countCodes('bigcommerce:1')).toBe(0);
        expect(await store.findCodeInAnyScope('bigcommerce:', 'A')).toBeUndefined();
        expect(await store.getDoc('k', 'a')).toBeUndefined();
        expect(await store.claim('slot', 'h2')).toBe(true);
        expect(await store.nextValue('n')).toBe(1);
        expect(await store.acquire('c', 1)).toBe(true);
        const { inserted } = await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        expect(seqs(inserted)).toEqual([1]);
      });

      it('dump lists everything as JSON, codes per scope', async () => {
        await store.insertCodes('bigcommerce:1', codes('A', 'B'), 'all-or-nothing');
        await store.insertCodes('shoplazza:7', [{ code: 'X', key: 'x', data: { n: 1 } }], 'all-or-nothing');
        await store.deleteCodes('bigcommerce:1', [1]);
        await store.putDoc('elasticpath:job', 'j1', { id: 'j1' });
        await store.claim('slot', 'h1');
        await store.nextValue('n');
        await store.acquire('c', 2);

        const dump = (await store.dump()) as StoreDump;
        expect(JSON.parse(JSON.stringify(dump))).toEqual(dump);
        expect(dump).toEqual({
          kind: store.kind,
          seqs: { bigcommerce: 2, shoplazza: 1 },
          codes: {
            'bigcommerce:1': [{ seq: 2, code: 'B', data }],
            'shoplazza:7': [{ seq: 1, code: 'X', data: { n: 1 } }],
          },
          docs: { 'elasticpath:job': { j1: { id: 'j1' } } },
          slots: { slot: 'h1' },
          counters: { n: 1 },
          inFlight: { c: 1 },
        });
      });

      it('codeScopes names the scopes that hold codes, sorted; dump without codes leaves them out', async () => {
        await store.insertCodes('shoplazza:7', codes('X'), 'all-or-nothing');
        await store.insertCodes('bigcommerce:1', codes('A'), 'all-or-nothing');
        await store.insertCodes('bigcommerce:2', codes('B'), 'all-or-nothing');
        await store.deleteCodes('bigcommerce:2', [2]);
        await store.putDoc('k', 'a', { v: 1 });
        expect(await store.codeScopes()).toEqual(['bigcommerce:1', 'shoplazza:7']);
        const dump = (await store.dump({ codes: false })) as StoreDump;
        expect(dump.codes).toEqual({});
        expect(dump.docs).toEqual({ k: { a: { v: 1 } } });
        expect(dump.seqs).toEqual({ bigcommerce: 2, shoplazza: 1 });
      });

      it('docCounts counts the documents of each kind that holds any', async () => {
        expect(await store.docCounts()).toEqual({});
        await store.putDoc('bigcommerce:abc:promotion', '1', { id: '1' });
        await store.putDoc('bigcommerce:abc:promotion', '2', { id: '2' });
        await store.putDoc('elasticpath:job', 'j', { id: 'j' });
        await store.putDoc('gone', 'x', {});
        await store.deleteDoc('gone', 'x');
        expect(await store.docCounts()).toEqual({ 'bigcommerce:abc:promotion': 2, 'elasticpath:job': 1 });
        await store.reset();
        expect(await store.docCounts()).toEqual({});
      });
    });

    describe('concurrency', () => {
      it('50 parallel skip-conflicts inserts of overlapping codes store each key once', async () => {
        const alphabet = 'ABCDEFGHJK';
        let state = 7;
        const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
        const randomCode = () => Array.from({ length: 3 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
        const batches = Array.from({ length: 50 }, () => Array.from({ length: 40 }, () => ({ code: randomCode(), data })));

        const results = await Promise.all(batches.map((batch) => store.insertCodes('bigcommerce:1', batch, 'skip-conflicts')));
        const inserted = results.flatMap((result) => result.inserted);
        const listed = await store.listCodes('bigcommerce:1', { limit: 10_000 });

        expect(new Set(names(inserted)).size).toBe(inserted.length);
        expect(new Set(seqs(inserted)).size).toBe(inserted.length);
        expect([...inserted].sort((a, b) => a.seq - b.seq)).toEqual(listed);
        expect(new Set(batches.flat().map((c) => c.code))).toEqual(new Set(names(listed)));
        expect(await store.countCodes('bigcommerce:1')).toBe(listed.length);
        // Every batch either wrote a code or reported it.
        results.forEach((result, i) => {
          const accounted = new Set([...names(result.inserted), ...result.conflicts]);
          expect(accounted).toEqual(new Set(batches[i]!.map((c) => c.code)));
        });
      });

      it('of parallel all-or-nothing inserts of one batch, exactly one is written', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.insertCodes('bigcommerce:1', codes('A', 'B', 'C'), 'all-or-nothing')),
        );
        expect(results.filter((result) => result.inserted.length === 3)).toHaveLength(1);
        expect(results.filter((result) => result.inserted.length === 0)).toHaveLength(19);
        expect(await store.countCodes('bigcommerce:1')).toBe(3);
      });
    });
  });
}
