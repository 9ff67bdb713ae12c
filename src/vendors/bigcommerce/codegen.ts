import { createHash } from 'node:crypto';
import { createRandom, type RandomSource } from '../../mock/random.js';
import type { CodeData, NewCode, Store, StoredCode } from '../../store/types.js';
import type { BigCommerceRules } from './facts.js';

/** The options of a codegen request that shape a code, defaults applied. */
export interface CodeShape {
  prefix: string;
  suffix: string;
  delimiter: string;
  excludeCharacters: readonly string[];
  codeLength: number;
}

/** How to build each code of a batch: `head + random(alphabet, length) + tail`. */
export interface CodeLayout {
  head: string;
  tail: string;
  alphabet: string;
  length: number;
  /** Length of every code of the batch. */
  total: number;
}

export type LayoutResult = { ok: true; layout: CodeLayout } | { ok: false; title: string };

/**
 * `prefix + delimiter + random + delimiter + suffix`; each delimiter only on a side with a
 * non-empty affix when the spec's `delimiterRequiresAffix` says so (an empty prefix or suffix
 * is absent: spec Decisions 10 and 11). The random part draws from `randomAlphabet` minus the
 * excluded characters.
 */
export function layoutOf(shape: CodeShape, rules: BigCommerceRules['codegen']): LayoutResult {
  const excluded = new Set(shape.excludeCharacters);
  const alphabet = [...rules.alphabet].filter((c) => !excluded.has(c)).join('');
  if (alphabet.length === 0) {
    return {
      ok: false,
      title: `exclude_characters: excludes every character of the random alphabet ${rules.alphabet}; nothing is left to draw the random part from (randomAlphabet)`,
    };
  }
  const sideDelimiter = (affix: string) => (affix !== '' || !rules.delimiterRequiresAffix ? shape.delimiter : '');
  const head = shape.prefix + sideDelimiter(shape.prefix);
  const tail = sideDelimiter(shape.suffix) + shape.suffix;
  const total = head.length + shape.codeLength + tail.length;
  if (total > rules.maxCodeLength) {
    return {
      ok: false,
      title:
        `code_length: prefix, delimiters, ${shape.codeLength} random characters and suffix make codes of ${total} characters; ` +
        `the total length of a coupon code cannot exceed ${rules.maxCodeLength} characters (maxCodeLength)`,
    };
  }
  return { ok: true, layout: { head, tail, alphabet, length: shape.codeLength, total } };
}

/** How many different codes a layout can make (a float: it may be astronomically large). */
export function spaceOf(layout: CodeLayout): number {
  return layout.alphabet.length ** layout.length;
}

/**
 * Rounds that offer the whole batch as one all-or-nothing insert. They settle the usual
 * conflicts (hand-made codes, a nearly full space) with the batch still written in one call.
 */
const ATOMIC_ROUNDS = 4;
/**
 * Rounds after those that write what is free and draw again for the rest, before the generator
 * decides the space is exhausted: progress where all-or-nothing may starve (several writers
 * filling a small space at once).
 */
const MAX_ROUNDS = 8;
/** Draws per missing code in one round before it stops looking for unused candidates. */
const DRAWS_PER_CODE = 32;
const EXTRA_DRAWS = 1024;

export type GenerateResult = { ok: true; codes: StoredCode[] } | { ok: false; title: string };

/**
 * Generates `count` codes unique within `scope`, among themselves and with the codes already
 * there (hand-made ones too). Every insert is one atomic store call, so concurrent batches never
 * share a code. The first rounds offer the whole batch all-or-nothing: if some keys are taken,
 * nothing is written and only those candidates are drawn again. So a batch is normally written
 * in one call, whole or not at all, and a store that fails (Redis gone, the process killed)
 * between rounds leaves none of it behind. If the batch still meets taken keys after those
 * rounds (heavy contention), the later rounds write what is free and draw again for the rest;
 * a batch that cannot be completed then is rolled back. Keys seen taken are remembered, so even
 * a nearly full space fills in a few rounds. The whole batch shares one `data` object.
 *
 * Candidates that replace taken ones are drawn from a source seeded by the taken keys, not from
 * `random`: instances sharing a store with the same --seed draw the same candidates in step,
 * and drawing replacements from the shared stream would keep them taking each other's keys
 * round after round (a spurious "cannot generate"). Derived this way, a batch's replacements
 * are its own and still repeatable under --seed.
 */
export async function generateCodes(options: {
  store: Store;
  scope: string;
  random: RandomSource;
  layout: CodeLayout;
  count: number;
  data: CodeData;
  keyOf: (code: string) => string;
}): Promise<GenerateResult> {
  const { store, scope, random, layout, count, data, keyOf } = options;
  const { head, tail, alphabet, length } = layout;
  if (spaceOf(layout) < count) {
    return { ok: false, title: exhausted(layout, count, 0) };
  }

  const taken = new Set<string>();
  /** Codes written (by the later rounds only, or all at once). */
  const codes: StoredCode[] = [];
  /** Candidates on offer, by key, not yet written. */
  const offered = new Map<string, NewCode>();
  let source = random;
  for (let round = 0; round < ATOMIC_ROUNDS + MAX_ROUNDS && codes.length < count; round++) {
    const missing = count - codes.length - offered.size;
    for (let draws = 0; codes.length + offered.size < count && draws < missing * DRAWS_PER_CODE + EXTRA_DRAWS; draws++) {
      const code = source.affixed(head, alphabet, length, tail);
      const key = keyOf(code);
      if (taken.has(key) || offered.has(key)) continue;
      // The key is only stored when it differs from the code (case-insensitive rules).
      offered.set(key, key === code ? { code, data } : { code, key, data });
    }
    if (codes.length + offered.size < count) break; // not enough unused candidates left to draw
    const mode = round < ATOMIC_ROUNDS ? 'all-or-nothing' : 'skip-conflicts';
    const result = await store.insertCodes(scope, [...offered.values()], mode);
    codes.push(...result.inserted);
    // A batch written whole (the usual answer) empties the offer without 250 more lookups.
    if (result.inserted.length === offered.size) offered.clear();
    else for (const stored of result.inserted) offered.delete(keyOf(stored.code));
    for (const key of result.conflicts) {
      taken.add(key);
      offered.delete(key);
    }
    if (result.conflicts.length > 0) source = createRandom(createHash('sha256').update(result.conflicts.join('\n')).digest('hex'));
  }

  if (codes.length < count) {
    // Roll back what the later rounds wrote: a failed request leaves nothing behind.
    await store.deleteCodes(scope, codes.map((c) => c.seq));
    return { ok: false, title: exhausted(layout, count, codes.length + offered.size) };
  }
  return { ok: true, codes };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function exhausted(layout: CodeLayout, count: number, found: number): string {
  return (
    `batch_size: cannot generate ${plural(count, 'code')} unique within the promotion (uniqueWithin): ` +
    `${layout.length} characters of ${layout.alphabet} make ${plural(spaceOf(layout), 'code')}` +
    (found > 0 ? ` and only ${found} unused ones were found` : '') +
    '; use a longer code_length or exclude fewer characters'
  );
}
