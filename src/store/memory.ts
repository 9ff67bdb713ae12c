import { keyOf, planInsert, vendorOfScope } from './codes.js';
import type { StoreDump } from './dump.js';
import { InFlightCounters } from './in-flight.js';
import { canonicalJson } from './json.js';
import { hashKey, KeyIndex } from './key-index.js';
import type { CodeData, CodePage, InsertMode, InsertResult, NewCode, Store, StoredCode } from './types.js';

/**
 * One stored code. `key` is only present when it differs from `code` (case-insensitive
 * vendors), so the common record is three fields.
 * A deleted record stays in `bySeq` as a tombstone (its `data` is DELETED) until compaction.
 */
interface CodeRecord {
  readonly seq: number;
  readonly code: string;
  data: CodeData;
  readonly key?: string;
}

const DELETED: CodeData = Object.freeze({});

function recordKey(record: CodeRecord): string {
  return record.key ?? record.code;
}

function toStored(record: CodeRecord): StoredCode {
  return { seq: record.seq, code: record.code, data: record.data };
}

/**
 * The codes of one scope: records in an array sorted by seq (seqs only grow, so appending
 * keeps it sorted; binary search serves getCode and cursors) and a KeyIndex from key to
 * position in that array for uniqueness.
 */
class ScopeCodes {
  bySeq: CodeRecord[] = [];
  index = this.newIndex(0);
  private liveCount = 0;
  private dead = 0;

  private newIndex(expected: number): KeyIndex {
    return new KeyIndex((position) => {
      const record = this.bySeq[position]!;
      return record.data === DELETED ? undefined : recordKey(record);
    }, expected);
  }

  get size(): number {
    return this.liveCount;
  }

  findByKey(key: string): CodeRecord | undefined {
    const position = this.index.find(key);
    return position === -1 ? undefined : this.bySeq[position];
  }

  /** Writes the accepted codes of a batch; `hashes` are those of the batch keys, by batch index. */
  append(records: readonly CodeRecord[], hashes: readonly number[]): void {
    this.index.reserve(records.length);
    records.forEach((record, i) => {
      this.index.add(hashes[i]!, this.bySeq.length);
      this.bySeq.push(record);
    });
    this.liveCount += records.length;
  }

  /** Index of the first record with seq >= `seq` (tombstones included). */
  lowerBound(seq: number): number {
    let lo = 0;
    let hi = this.bySeq.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bySeq[mid]!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  getBySeq(seq: number): CodeRecord | undefined {
    const record = this.bySeq[this.lowerBound(seq)];
    return record && record.seq === seq && record.data !== DELETED ? record : undefined;
  }

  remove(record: CodeRecord): void {
    record.data = DELETED; // the index skips it from now on
    this.liveCount--;
    this.dead++;
    // Compacting only when most of the array is dead keeps deletion amortised O(1)
    // while bounding the waste (and the tombstones a page walk must skip) to half.
    if (this.dead * 2 > this.bySeq.length) this.compact();
  }

  private compact(): void {
    this.bySeq = this.bySeq.filter((record) => record.data !== DELETED);
    this.dead = 0;
    this.index = this.newIndex(this.bySeq.length);
    this.bySeq.forEach((record, position) => this.index.add(hashKey(recordKey(record)), position));
  }

  page({ afterSeq, beforeSeq, offset = 0, limit }: CodePage): StoredCode[] {
    if (limit <= 0) return [];
    const start = afterSeq === undefined ? 0 : this.lowerBound(afterSeq + 1);
    const end = beforeSeq === undefined ? this.bySeq.length : this.lowerBound(beforeSeq);
    const rows: StoredCode[] = [];
    if (beforeSeq !== undefined) {
      // Walk down from the cursor: the rows just below it, then put them back in ascending order.
      let skip = offset;
      for (let i = end - 1; i >= start && rows.length < limit; i--) {
        const record = this.bySeq[i]!;
        if (record.data === DELETED) continue;
        if (skip > 0) skip--;
        else rows.push(toStored(record));
      }
      return rows.reverse();
    }
    let i = start;
    if (this.dead === 0) i += offset; // no tombstones: the offset is an index step
    else {
      for (let skip = offset; i < end && skip > 0; i++) if (this.bySeq[i]!.data !== DELETED) skip--;
    }
    for (; i < end && rows.length < limit; i++) {
      const record = this.bySeq[i]!;
      if (record.data !== DELETED) rows.push(toStored(record));
    }
    return rows;
  }

  *live(): Iterable<CodeRecord> {
    for (const record of this.bySeq) if (record.data !== DELETED) yield record;
  }
}

/** A frozen private copy: the caller keeps its object, and no one can change ours through a returned code. */
function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** State of one process; fast enough for millions of codes (see scripts/bench-store.ts). */
export function createMemoryStore(): Store {
  let scopes = new Map<string, ScopeCodes>();
  let lastSeqByVendor = new Map<string, number>();
  /** kind -> id -> document (a private copy). */
  let docs = new Map<string, Map<string, unknown>>();
  let slots = new Map<string, string>();
  let counters = new Map<string, number>();
  const inFlight = new InFlightCounters();

  function scopeCodes(scope: string): ScopeCodes {
    let codes = scopes.get(scope);
    if (!codes) scopes.set(scope, (codes = new ScopeCodes()));
    return codes;
  }

  function docsOf(kind: string): Map<string, unknown> {
    let byId = docs.get(kind);
    if (!byId) docs.set(kind, (byId = new Map()));
    return byId;
  }

  function insert(scope: string, batch: readonly NewCode[], mode: InsertMode): InsertResult {
    const codes = scopeCodes(scope);
    const keys = batch.map(keyOf);
    const { hashes, positions } = codes.index.findAll(keys);
    const plan = planInsert(batch, (_key, i) => positions[i] !== -1);
    if (mode === 'all-or-nothing' && plan.conflicts.length > 0) return { inserted: [], conflicts: plan.conflicts };

    const vendor = vendorOfScope(scope);
    let seq = lastSeqByVendor.get(vendor) ?? 0;
    // A generated batch shares one data object: copy it once, and keep it shared.
    const copies = new Map<CodeData, CodeData>();
    const records: CodeRecord[] = [];
    const recordHashes: number[] = [];
    for (const { code, key, index } of plan.accepted) {
      let data = copies.get(code.data);
      if (!data) copies.set(code.data, (data = frozenCopy(code.data)));
      seq++;
      const record: CodeRecord =
        key === code.code ? { seq, code: code.code, data } : { seq, code: code.code, data, key };
      records.push(record);
      recordHashes.push(hashes[index]!);
    }
    codes.append(records, recordHashes);
    lastSeqByVendor.set(vendor, seq);
    return { inserted: records.map(toStored), conflicts: plan.conflicts };
  }

  return {
    kind: 'memory',

    async insertCodes(scope, batch, mode) {
      return insert(scope, batch, mode);
    },

    async getCode(scope, seq) {
      const record = scopes.get(scope)?.getBySeq(seq);
      return record && toStored(record);
    },

    async findCode(scope, key) {
      const record = scopes.get(scope)?.findByKey(key);
      return record && toStored(record);
    },

    async findCodeInAnyScope(scopePrefix, key) {
      // Scopes are few (promotions of a test run), codes many: iterating scopes is fine.
      for (const [scope, codes] of scopes) {
        if (!scope.startsWith(scopePrefix)) continue;
        const record = codes.findByKey(key);
        if (record) return { scope, code: toStored(record) };
      }
      return undefined;
    },

    async listCodes(scope, page) {
      return scopes.get(scope)?.page(page) ?? [];
    },

    async countCodes(scope) {
      return scopes.get(scope)?.size ?? 0;
    },

    async deleteCodes(scope, seqs) {
      const codes = scopes.get(scope);
      if (!codes) return [];
      const deleted: number[] = [];
      for (const seq of seqs) {
        const record = codes.getBySeq(seq);
        if (!record) continue; // absent, or named twice in `seqs`
        codes.remove(record);
        deleted.push(seq);
      }
      return deleted;
    },

    async deleteCodesByKey(scope, keys) {
      const codes = scopes.get(scope);
      if (!codes) return [];
      const deleted: StoredCode[] = [];
      for (const key of keys) {
        const record = codes.findByKey(key);
        if (!record) continue;
        deleted.push(toStored(record));
        codes.remove(record);
      }
      return deleted;
    },

    async clearCodes(scope) {
      scopes.delete(scope);
    },

    async getDoc<T>(kind: string, id: string) {
      const doc = docs.get(kind)?.get(id);
      return doc === undefined ? undefined : structuredClone(doc as T);
    },

    async putDoc(kind, id, doc) {
      docsOf(kind).set(id, structuredClone(doc));
    },

    async replaceDoc(kind, id, expected, next) {
      const current = docs.get(kind)?.get(id);
      const matches =
        current === undefined || expected === undefined
          ? current === expected
          : canonicalJson(current) === canonicalJson(expected);
      if (!matches) return false;
      docsOf(kind).set(id, structuredClone(next));
      return true;
    },

    async listDocs<T>(kind: string) {
      return [...(docs.get(kind)?.values() ?? [])].map((doc) => structuredClone(doc as T));
    },

    async deleteDoc(kind, id) {
      return docs.get(kind)?.delete(id) ?? false;
    },

    async claim(slot, holder) {
      const current = slots.get(slot);
      if (current !== undefined && current !== holder) return false;
      slots.set(slot, holder);
      return true;
    },

    async release(slot, holder) {
      if (slots.get(slot) === holder) slots.delete(slot);
    },

    async acquire(counter, limit) {
      return inFlight.acquire(counter, limit);
    },

    async releaseAcquired(counter) {
      inFlight.release(counter);
    },

    async nextValue(counter) {
      const value = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, value);
      return value;
    },

    async reset() {
      scopes = new Map();
      lastSeqByVendor = new Map();
      docs = new Map();
      slots = new Map();
      counters = new Map();
      inFlight.clear();
    },

    async dump(): Promise<StoreDump> {
      const codes: StoreDump['codes'] = {};
      for (const [scope, scopeCodes] of scopes) {
        if (scopeCodes.size > 0) codes[scope] = [...scopeCodes.live()].map(toStored);
      }
      const docsDump: StoreDump['docs'] = {};
      for (const [kind, byId] of docs) {
        if (byId.size > 0) docsDump[kind] = structuredClone(Object.fromEntries(byId));
      }
      return {
        kind: 'memory',
        seqs: Object.fromEntries(lastSeqByVendor),
        codes,
        docs: docsDump,
        slots: Object.fromEntries(slots),
        counters: Object.fromEntries(counters),
        inFlight: inFlight.toJSON(),
      };
    },

    async close() {},
  };
}
