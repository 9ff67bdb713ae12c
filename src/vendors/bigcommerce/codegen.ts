import type { RandomSource } from '../../mock/random.js';
import type { CodeData, NewCode, Store, StoredCode } from '../../store/types.js';
import type { BigCommerceRules } from './rules.js';

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

/** Rounds of insert-and-retry before the generator decides the space is exhausted. */
const MAX_ROUNDS = 8;
/** Draws per missing code in one round before it stops looking for unused candidates. */
const DRAWS_PER_CODE = 32;
const EXTRA_DRAWS = 1024;

export type GenerateResult = { ok: true; codes: StoredCode[] } | { ok: false; title: string };

/**
 * Generates `count` codes unique within `scope`, among themselves and with the codes already
 * there (hand-made ones too). Each round offers the whole batch as one `all-or-nothing` insert
 * (one atomic store call, so concurrent batches never share a code); if some keys are taken,
 * nothing is written, those candidates are drawn again and the batch is offered again. Keys seen
 * taken are remembered, so even a nearly full space fills in a few rounds. A batch is thus
 * written whole or not at all: a request that fails, or a store that fails (Redis gone, the
 * process killed) between rounds, leaves no codes behind. The whole batch shares one `data`
 * object.
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
  /** The batch on offer, by key; candidates whose key turned out taken are dropped and redrawn. */
  const batch = new Map<string, NewCode>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const missing = count - batch.size;
    for (let draws = 0; batch.size < count && draws < missing * DRAWS_PER_CODE + EXTRA_DRAWS; draws++) {
      const code = head + random.string(alphabet, length) + tail;
      const key = keyOf(code);
      if (taken.has(key) || batch.has(key)) continue;
      // The key is only stored when it differs from the code (case-insensitive rules).
      batch.set(key, key === code ? { code, data } : { code, key, data });
    }
    if (batch.size < count) break; // not enough unused candidates left to draw
    const result = await store.insertCodes(scope, [...batch.values()], 'all-or-nothing');
    if (result.conflicts.length === 0) return { ok: true, codes: result.inserted };
    for (const key of result.conflicts) {
      taken.add(key);
      batch.delete(key);
    }
  }
  return { ok: false, title: exhausted(layout, count, batch.size) };
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
