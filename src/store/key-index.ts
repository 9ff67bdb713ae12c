/**
 * The memory store's uniqueness index: an open-addressing hash table (linear probing) from a
 * key to a position in the scope's record array, in one Int32Array of [hash, position + 1]
 * pairs (0 = empty slot, so a fresh array needs no fill).
 *
 * Why not a Map: on a scope of a million codes each Map lookup costs several cache misses
 * (bucket, entry chain, the candidate key string), which made a 250-code insert ~4x slower
 * than on an empty scope. Here a lookup of an absent key reads one slot pair, usually one
 * cache line; `findAll` looks a whole batch up in a tight loop so the CPU overlaps those misses.
 * It is also smaller: 8 bytes a slot, 24-48 bytes a key, against ~30-50 bytes a Map entry.
 */

/**
 * The table is at most 1/3 full. At 1/2, an absent key's probe ran past its home cache line
 * often enough to add a second, unprefetched miss; 1/3 made a 250-key batch on a million-key
 * table ~30% cheaper for 8-16 more bytes a key.
 */
const MAX_LOAD_INVERSE = 3;

/**
 * Old slots moved to the new table per key added while the index grows. Growth starts when
 * the table is 1/3 full and doubles it: the C old slots are moved within C/4 adds, during
 * which the new table (2C slots) holds at most C/3 + C/4 keys, still under 1/3; and the next
 * growth is C/3 adds away, so a move always ends before the next one is due.
 */
const MOVES_PER_ADD = 4;

/** Where `findAll` leaves the slots it reads ahead, so that the reads have an observable effect. */
let sink = 0;

/** One open-addressing table: [hash, position + 1] pairs, a power of two of them. */
interface Table {
  mask: number;
  slots: Int32Array;
}

function newTable(capacity: number): Table {
  return { mask: capacity - 1, slots: new Int32Array(capacity * 2) };
}

/**
 * Grows without stopping the world (Redis' incremental rehash, for open addressing): a full
 * table is not rebuilt at once, which on millions of keys froze every request for hundreds of
 * milliseconds. A new table of twice the size takes the new keys, and each add moves a few
 * slots of the old one over; lookups read the new table, then the old one until it is empty.
 * The old table is never written while it drains, so its probe chains stay whole.
 */
export class KeyIndex {
  private table: Table;
  /** The previous table while its slots move to `table`; `moved` slots of it are done. */
  private draining: Table | undefined;
  private moved = 0;
  /** Keys in both tables, including ones whose record has since been deleted (the scope compacts before they pile up). */
  private used = 0;

  /**
   * @param keyAt the key of the record at a position, or undefined if that record is deleted
   *   (its slot is then skipped).
   */
  constructor(
    private readonly keyAt: (position: number) => string | undefined,
    expected = 0,
  ) {
    this.table = newTable(capacityFor(expected));
  }

  /** Whether an old table is still moving over (growth in progress). */
  get growing(): boolean {
    return this.draining !== undefined;
  }

  /** Slots of the table that takes new keys. */
  get capacity(): number {
    return this.table.mask + 1;
  }

  /** Position of the live record with this key, or -1. */
  find(key: string, hash = hashKey(key)): number {
    const found = this.findIn(this.table, key, hash);
    return found !== -1 || this.draining === undefined ? found : this.findIn(this.draining, key, hash);
  }

  private findIn({ slots, mask }: Table, key: string, hash: number): number {
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const ref = slots[2 * i + 1]!;
      if (ref === 0) return -1;
      if (slots[2 * i] === hash && this.keyAt(ref - 1) === key) return ref - 1;
    }
  }

  /** `find` for every key of a batch, with the keys' hashes (for `add`). */
  findAll(keys: readonly string[]): { hashes: Int32Array; positions: Int32Array } {
    const hashes = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) hashes[i] = hashKey(keys[i]!);
    // On a large table each home slot is a cache miss. Reading them all first, in a loop that
    // does nothing else, lets the CPU keep many misses in flight at once; the probes that
    // follow then hit the cache. (Reading each slot right after hashing its key was slower:
    // hashing one key fills the CPU's reorder window, so the misses barely overlapped.)
    sink = touchHomes(this.table, hashes) | (this.draining ? touchHomes(this.draining, hashes) : 0);
    const positions = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) positions[i] = this.find(keys[i]!, hashes[i]);
    return { hashes, positions };
  }

  /** Records that the (new, absent) key with this hash is at `position`. */
  add(hash: number, position: number): void {
    if ((this.used + 1) * MAX_LOAD_INVERSE > this.table.mask + 1) this.grow((this.table.mask + 1) * 2);
    place(this.table, hash, position + 1);
    this.used++;
    if (this.draining) this.moveSome(MOVES_PER_ADD);
  }

  /** Makes room for `count` more keys at once, so a batch starts at most one growth. */
  reserve(count: number): void {
    const needed = capacityFor(this.used + count);
    if (needed > this.table.mask + 1) this.grow(needed);
  }

  /**
   * Starts moving to a table of `capacity` slots. Slots of deleted records move along (they
   * are dropped when the scope compacts and builds a new index), so this reads no record.
   */
  private grow(capacity: number): void {
    // Only a reserve far larger than the table's headroom gets here mid-move; finishing that
    // move costs no more than the batch that asked for it.
    if (this.draining) this.moveSome(Infinity);
    this.draining = this.table;
    this.moved = 0;
    this.table = newTable(capacity);
  }

  private moveSome(count: number): void {
    const old = this.draining!;
    const end = Math.min(this.moved + count, old.mask + 1);
    const slots = old.slots;
    for (let i = this.moved; i < end; i++) {
      const ref = slots[2 * i + 1]!;
      if (ref !== 0) place(this.table, slots[2 * i]!, ref);
    }
    this.moved = end;
    if (end === old.mask + 1) this.draining = undefined;
  }
}

function place({ slots, mask }: Table, hash: number, ref: number): void {
  let i = hash & mask;
  while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
  slots[2 * i] = hash;
  slots[2 * i + 1] = ref;
}

function touchHomes({ slots, mask }: Table, hashes: Int32Array): number {
  let touched = 0;
  for (let i = 0; i < hashes.length; i++) touched |= slots[2 * (hashes[i]! & mask) + 1]!;
  return touched;
}

/** Power of two with at least MAX_LOAD_INVERSE slots per key. */
function capacityFor(count: number): number {
  let capacity = 16;
  while (capacity < count * MAX_LOAD_INVERSE) capacity *= 2;
  return capacity;
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so the low bits (the slot) mix well. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
