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
 * growth is C/3 adds away, so a move always ends before the next one is due. The old table
 * takes the keys added ahead of the sweep meanwhile: the part not yet swept fills by one key
 * per C adds, from 1/3 to at most 1/3 + 1/4, a load linear probing still handles well.
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
 * milliseconds. A new table of twice the size is swept into: each add moves a few slots of the
 * old table over, in slot order.
 *
 * While the sweep runs, a new key whose home slot in the old table the sweep has not reached
 * goes into the old table, and the sweep takes it over later; only keys behind the sweep go
 * straight into the new table. Old slot i lands at slot i or i + C of the new table (C old
 * slots), so the new table is written in two advancing fronts and its pages are first touched
 * at the sweep's steady pace. Writing new keys at their random homes in the new table touched
 * all of it within a second or two of a growth: on a 1 GB table that was 400,000 page faults
 * in two seconds, and the throughput of a codegen load halved while they lasted.
 *
 * The old table is written only ahead of the sweep, and only into empty slots, so its probe
 * chains stay whole: it answers for every key it ever held until the sweep ends.
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
    const old = this.draining;
    if (old === undefined) return this.findIn(this.table, key, hash);
    // The old table still holds every key it ever had; the new one holds, besides, the keys
    // added behind the sweep, or whose old probe chain ran past the table's end.
    const found = this.findIn(old, key, hash);
    return found === -1 && this.mayBeOnlyInNew(hash) ? this.findIn(this.table, key, hash) : found;
  }

  /** While draining: whether a key with this hash can be in the new table and not in the old. */
  private mayBeOnlyInNew(hash: number): boolean {
    const home = hash & this.draining!.mask;
    return home < this.moved || wrapsPastEnd(this.draining!, home);
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
    // While draining, the new table's homes are read only behind the sweep: reading ahead of
    // it would fault in pages that the sweep has not yet written.
    const old = this.draining;
    sink = old
      ? touchHomes(old, hashes, old.mask + 1) | touchHomes(this.table, hashes, this.moved, old.mask)
      : touchHomes(this.table, hashes, this.table.mask + 1);
    const positions = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) positions[i] = this.find(keys[i]!, hashes[i]);
    return { hashes, positions };
  }

  /** Records that the (new, absent) key with this hash is at `position`. */
  add(hash: number, position: number): void {
    if ((this.used + 1) * MAX_LOAD_INVERSE > this.table.mask + 1) this.grow((this.table.mask + 1) * 2);
    if (this.draining === undefined || !placeAhead(this.draining, this.moved, hash, position + 1)) place(this.table, hash, position + 1);
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

/** Whether the probe chain from `home` runs past the last slot (then it would wrap to slots the sweep has passed). */
function wrapsPastEnd({ slots, mask }: Table, home: number): boolean {
  for (let i = home; i <= mask; i++) if (slots[2 * i + 1] === 0) return false;
  return true;
}

/**
 * Places the key in the old table if its home is ahead of the sweep and its probe chain ends
 * before the table does (a chain that wrapped round would end in a slot the sweep has passed,
 * and the key would never move); false if it must go to the new table.
 */
function placeAhead({ slots, mask }: Table, moved: number, hash: number, ref: number): boolean {
  let i = hash & mask;
  if (i < moved) return false;
  while (slots[2 * i + 1] !== 0) if (++i > mask) return false;
  slots[2 * i] = hash;
  slots[2 * i + 1] = ref;
  return true;
}

function place({ slots, mask }: Table, hash: number, ref: number): void {
  let i = hash & mask;
  while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
  slots[2 * i] = hash;
  slots[2 * i + 1] = ref;
}

/** Reads the home slot of each hash whose home in a table of `homeMask` is below `below`. */
function touchHomes({ slots, mask }: Table, hashes: Int32Array, below: number, homeMask = mask): number {
  let touched = 0;
  for (let i = 0; i < hashes.length; i++) if ((hashes[i]! & homeMask) < below) touched |= slots[2 * (hashes[i]! & mask) + 1]!;
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
