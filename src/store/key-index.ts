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

/** Where `findAll` leaves the slots it reads ahead, so that the reads have an observable effect. */
let sink = 0;

export class KeyIndex {
  private mask: number;
  private slots: Int32Array;
  /** Slots in use, including ones whose record has since been deleted (the scope compacts before they pile up). */
  private used = 0;

  /**
   * @param keyAt the key of the record at a position, or undefined if that record is deleted
   *   (its slot is then skipped).
   */
  constructor(
    private readonly keyAt: (position: number) => string | undefined,
    expected = 0,
  ) {
    const capacity = capacityFor(expected);
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity * 2);
  }

  /** Position of the live record with this key, or -1. */
  find(key: string, hash = hashKey(key)): number {
    const slots = this.slots;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
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
    const slots = this.slots;
    let touched = 0;
    for (let i = 0; i < hashes.length; i++) touched |= slots[2 * (hashes[i]! & this.mask) + 1]!;
    sink = touched; // observable, so the loop is not optimised away
    const positions = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) positions[i] = this.find(keys[i]!, hashes[i]);
    return { hashes, positions };
  }

  /** Records that the (new, absent) key with this hash is at `position`. */
  add(hash: number, position: number): void {
    if ((this.used + 1) * MAX_LOAD_INVERSE > this.mask + 1) this.rehash((this.mask + 1) * 2);
    this.place(hash, position + 1);
    this.used++;
  }

  /** Makes room for `count` more keys at once, so a batch triggers at most one rehash. */
  reserve(count: number): void {
    const needed = capacityFor(this.used + count);
    if (needed > this.mask + 1) this.rehash(needed);
  }

  private place(hash: number, ref: number): void {
    const slots = this.slots;
    let i = hash & this.mask;
    while (slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    slots[2 * i] = hash;
    slots[2 * i + 1] = ref;
  }

  /**
   * Rebuilds with room for `capacity` slots. Slots of deleted records move along (they are
   * dropped when the scope compacts and builds a new index), so this reads no record.
   */
  private rehash(capacity: number): void {
    const old = this.slots;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity * 2);
    for (let i = 1; i < old.length; i += 2) if (old[i] !== 0) this.place(old[i - 1]!, old[i]!);
  }
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
