import { keyOf, planInsert, vendorOfScope } from './codes.js';
import type { StoreDump } from './dump.js';
import { InFlightCounters } from './in-flight.js';
import { canonicalJson } from './json.js';
import { hashKey, KeyIndex } from './key-index.js';
import type { CodeData, CodePage, DumpOptions, InsertMode, InsertResult, NewCode, Store, StoredCode } from './types.js';

/** Entries per column chunk: columns grow a chunk at a time and are never copied whole. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
/** Bytes per chunk of code text. */
const TEXT_CHUNK = 1 << 16;
/** Text up to this many Latin-1 characters is kept inline; longer or wider text in a Map. */
const MAX_INLINE = 254;
const OUT_OF_LINE = 255;
/** The data id of a deleted entry (a tombstone until compaction). */
const DELETED = -1;
const LATIN1_ONLY = /^[\u0000-\u00ff]*$/;

/**
 * The codes of one scope, in columns: entry by entry, in seq order (seqs only grow, so
 * appending keeps them sorted; binary search serves getCode and cursors), a KeyIndex from key
 * to entry for uniqueness.
 *
 * Why columns and not an object per code: a sustained codegen load stores hundreds of
 * thousands of codes a second, and each code as objects (a record, its string) survived two
 * young-generation collections and then had to be marked by every old-generation one: pauses
 * of tens of milliseconds that grew with the store. Here a code is numbers in typed arrays and
 * Latin-1 bytes in a byte chunk, none of it visible to the garbage collector, and nothing is
 * ever copied whole when the scope grows. Data objects are shared by all codes with the same
 * JSON (a generated batch has one).
 */
class ScopeCodes {
  private seqs: Float64Array[] = [];
  /** Index into `dataById`, or DELETED. */
  private dataIds: Int32Array[] = [];
  /** Where the code's Latin-1 text starts in the text chunks (chunk * TEXT_CHUNK + offset). */
  private textAt: Float64Array[] = [];
  /** Its length, or OUT_OF_LINE (then the code is in `outOfLine`). */
  private textLength: Uint8Array[] = [];
  private text: Buffer[] = [];
  private textEnd = 0;
  private outOfLine = new Map<number, string>();
  /** Keys that differ from their code (case-insensitive vendors), by entry. */
  private keys = new Map<number, string>();
  private dataById: CodeData[] = [];
  private dataIdByJson = new Map<string, number>();
  /** Entries, tombstones included. */
  private length = 0;
  private liveCount = 0;
  private dead = 0;
  index = this.newIndex(0);

  /** Empties the scope, with an index sized for `expected` codes. */
  private clear(expected: number): void {
    this.seqs = [];
    this.dataIds = [];
    this.textAt = [];
    this.textLength = [];
    this.text = [];
    this.textEnd = 0;
    this.outOfLine = new Map();
    this.keys = new Map();
    this.dataById = [];
    this.dataIdByJson = new Map();
    this.length = 0;
    this.liveCount = 0;
    this.dead = 0;
    this.index = this.newIndex(expected);
  }

  private newIndex(expected: number): KeyIndex {
    return new KeyIndex((entry) => (this.dataIdAt(entry) === DELETED ? undefined : this.keyAt(entry)), expected);
  }

  get size(): number {
    return this.liveCount;
  }

  private seqAt(entry: number): number {
    return this.seqs[entry >>> CHUNK_BITS]![entry & (CHUNK - 1)]!;
  }

  private dataIdAt(entry: number): number {
    return this.dataIds[entry >>> CHUNK_BITS]![entry & (CHUNK - 1)]!;
  }

  private codeAt(entry: number): string {
    const length = this.textLength[entry >>> CHUNK_BITS]![entry & (CHUNK - 1)]!;
    if (length === OUT_OF_LINE) return this.outOfLine.get(entry)!;
    const start = this.textAt[entry >>> CHUNK_BITS]![entry & (CHUNK - 1)]!;
    const offset = start % TEXT_CHUNK;
    return this.text[(start - offset) / TEXT_CHUNK]!.toString('latin1', offset, offset + length);
  }

  private keyAt(entry: number): string {
    return this.keys.get(entry) ?? this.codeAt(entry);
  }

  private live(entry: number): boolean {
    return this.dataIdAt(entry) !== DELETED;
  }

  private stored(entry: number): StoredCode {
    return { seq: this.seqAt(entry), code: this.codeAt(entry), data: this.dataById[this.dataIdAt(entry)]! };
  }

  /** The id of data equal (as JSON) to `data`, adding a frozen private copy if it is new. */
  dataIdOf(data: CodeData): number {
    const json = JSON.stringify(data);
    let id = this.dataIdByJson.get(json);
    if (id === undefined) {
      id = this.dataById.push(frozenCopy(data)) - 1;
      this.dataIdByJson.set(json, id);
    }
    return id;
  }

  /** Where `code` goes in the text chunks, or -1 when it is kept in `outOfLine`. */
  private placeText(code: string): number {
    if (code.length > MAX_INLINE || !LATIN1_ONLY.test(code)) return -1;
    let offset = this.textEnd % TEXT_CHUNK;
    if (this.textEnd === this.text.length * TEXT_CHUNK || offset + code.length > TEXT_CHUNK) {
      // Unused tail bytes of the previous chunk are the price of never copying text.
      this.text.push(Buffer.allocUnsafe(TEXT_CHUNK));
      this.textEnd = (this.text.length - 1) * TEXT_CHUNK;
      offset = 0;
    }
    const start = this.textEnd;
    // Byte by byte: for codes of a few dozen characters Buffer#write's own checks cost more than the copy.
    const chunk = this.text[this.text.length - 1]!;
    for (let i = 0; i < code.length; i++) chunk[offset + i] = code.charCodeAt(i);
    this.textEnd += code.length;
    return start;
  }

  findByKey(key: string): StoredCode | undefined {
    const entry = this.index.find(key);
    return entry === -1 ? undefined : this.stored(entry);
  }

  /** Appends one code with the next entry number; `hash` is that of its key, `dataId` from `dataIdOf`. */
  append(seq: number, code: string, key: string, dataId: number, hash: number): StoredCode {
    const entry = this.length;
    const chunk = entry >>> CHUNK_BITS;
    const slot = entry & (CHUNK - 1);
    if (slot === 0) {
      this.seqs.push(new Float64Array(CHUNK));
      this.dataIds.push(new Int32Array(CHUNK));
      this.textAt.push(new Float64Array(CHUNK));
      this.textLength.push(new Uint8Array(CHUNK));
    }
    this.seqs[chunk]![slot] = seq;
    this.dataIds[chunk]![slot] = dataId;
    const start = this.placeText(code);
    if (start === -1) {
      this.textLength[chunk]![slot] = OUT_OF_LINE;
      this.outOfLine.set(entry, code);
    } else {
      this.textAt[chunk]![slot] = start;
      this.textLength[chunk]![slot] = code.length;
    }
    if (key !== code) this.keys.set(entry, key);
    this.index.add(hash, entry);
    this.length++;
    this.liveCount++;
    return { seq, code, data: this.dataById[dataId]! };
  }

  /** Index of the first entry with seq >= `seq` (tombstones included). */
  lowerBound(seq: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqAt(mid) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  getBySeq(seq: number): StoredCode | undefined {
    const entry = this.lowerBound(seq);
    return entry < this.length && this.seqAt(entry) === seq && this.live(entry) ? this.stored(entry) : undefined;
  }

  /** Deletes the live code with this seq; false if there is none. */
  removeSeq(seq: number): boolean {
    const entry = this.lowerBound(seq);
    if (entry >= this.length || this.seqAt(entry) !== seq || !this.live(entry)) return false;
    this.remove(entry);
    return true;
  }

  /** Deletes the live code with this key and returns it. */
  removeKey(key: string): StoredCode | undefined {
    const entry = this.index.find(key);
    if (entry === -1) return undefined;
    const code = this.stored(entry);
    this.remove(entry);
    return code;
  }

  private remove(entry: number): void {
    this.dataIds[entry >>> CHUNK_BITS]![entry & (CHUNK - 1)] = DELETED; // the index skips it from now on
    this.liveCount--;
    this.dead++;
    // Compacting only when most entries are dead keeps deletion amortised O(1)
    // while bounding the waste (and the tombstones a page walk must skip) to half.
    if (this.dead * 2 > this.length) this.compact();
  }

  private compact(): void {
    const kept = [...this.liveEntries()].map((entry) => ({ ...this.stored(entry), key: this.keyAt(entry) }));
    this.clear(kept.length);
    for (const { seq, code, key, data } of kept) this.append(seq, code, key, this.dataIdOf(data), hashKey(key));
  }

  page({ afterSeq, beforeSeq, offset = 0, limit }: CodePage): StoredCode[] {
    if (limit <= 0) return [];
    const start = afterSeq === undefined ? 0 : this.lowerBound(afterSeq + 1);
    const end = beforeSeq === undefined ? this.length : this.lowerBound(beforeSeq);
    const rows: StoredCode[] = [];
    if (beforeSeq !== undefined) {
      // Walk down from the cursor: the rows just below it, then put them back in ascending order.
      let skip = offset;
      for (let i = end - 1; i >= start && rows.length < limit; i--) {
        if (!this.live(i)) continue;
        if (skip > 0) skip--;
        else rows.push(this.stored(i));
      }
      return rows.reverse();
    }
    let i = start;
    if (this.dead === 0) i += offset; // no tombstones: the offset is an index step
    else {
      for (let skip = offset; i < end && skip > 0; i++) if (this.live(i)) skip--;
    }
    for (; i < end && rows.length < limit; i++) if (this.live(i)) rows.push(this.stored(i));
    return rows;
  }

  private *liveEntries(): Iterable<number> {
    for (let entry = 0; entry < this.length; entry++) if (this.live(entry)) yield entry;
  }

  *liveCodes(): Iterable<StoredCode> {
    for (const entry of this.liveEntries()) yield this.stored(entry);
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
    codes.index.reserve(plan.accepted.length);
    // A generated batch shares one data object: look it up once.
    const dataIds = new Map<CodeData, number>();
    const dataIdOf = (data: CodeData) => dataIds.get(data) ?? dataIds.set(data, codes.dataIdOf(data)).get(data)!;
    const inserted = plan.accepted.map(({ code, key, index }) => codes.append(++seq, code.code, key, dataIdOf(code.data), hashes[index]!));
    lastSeqByVendor.set(vendor, seq);
    return { inserted, conflicts: plan.conflicts };
  }

  return {
    kind: 'memory',

    async insertCodes(scope, batch, mode) {
      return insert(scope, batch, mode);
    },

    async getCode(scope, seq) {
      return scopes.get(scope)?.getBySeq(seq);
    },

    async findCode(scope, key) {
      return scopes.get(scope)?.findByKey(key);
    },

    async findCodeInAnyScope(scopePrefix, key) {
      // Scopes are few (promotions of a test run), codes many: iterating scopes is fine.
      for (const [scope, codes] of scopes) {
        if (!scope.startsWith(scopePrefix)) continue;
        const code = codes.findByKey(key);
        if (code) return { scope, code };
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
      // A seq absent, or named twice in `seqs`, is not deleted (again).
      for (const seq of seqs) if (codes.removeSeq(seq)) deleted.push(seq);
      return deleted;
    },

    async deleteCodesByKey(scope, keys) {
      const codes = scopes.get(scope);
      if (!codes) return [];
      const deleted: StoredCode[] = [];
      for (const key of keys) {
        const code = codes.removeKey(key);
        if (code) deleted.push(code);
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

    async codeScopes() {
      return [...scopes].filter(([, scopeCodes]) => scopeCodes.size > 0).map(([scope]) => scope).sort();
    },

    async docCounts() {
      return Object.fromEntries([...docs].filter(([, byId]) => byId.size > 0).map(([kind, byId]) => [kind, byId.size]));
    },

    async dump(options?: DumpOptions): Promise<StoreDump> {
      const codes: StoreDump['codes'] = {};
      for (const [scope, scopeCodes] of options?.codes === false ? [] : scopes) {
        if (scopeCodes.size > 0) codes[scope] = [...scopeCodes.liveCodes()];
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
