import fc from 'fast-check';
import { createRandom } from '../mock/random.js';

/** The fuzz run's only source of chance: one seed replays the same requests. */
export interface FuzzRandom {
  readonly seed: string;
  /** Uniform integer in [0, maxExclusive), maxExclusive <= 2^32. */
  int(maxExclusive: number): number;
  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  string(alphabet: string, length: number): string;
  /** A string the regular expression matches. */
  matching(pattern: string): string;
  uuid(): string;
}

const TWO_32 = 2 ** 32;

export function fuzzRandom(seed: string): FuzzRandom {
  const bytes = createRandom(seed);
  const uint32 = () => ((bytes.below(256) << 24) | (bytes.below(256) << 16) | (bytes.below(256) << 8) | bytes.below(256)) >>> 0;
  const int = (maxExclusive: number): number => {
    if (maxExclusive <= 256) return bytes.below(Math.max(1, Math.floor(maxExclusive)));
    const limit = TWO_32 - (TWO_32 % maxExclusive);
    for (;;) {
      const value = uint32();
      if (value < limit) return value % maxExclusive;
    }
  };
  const arbitraries = new Map<string, fc.Arbitrary<string>>();
  return {
    seed,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (probability) => uint32() < probability * TWO_32,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)] as T;
    },
    string: (alphabet, length) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join(''),
    matching(pattern) {
      let arbitrary = arbitraries.get(pattern);
      if (!arbitrary) {
        arbitrary = fc.stringMatching(new RegExp(pattern, 'u'));
        arbitraries.set(pattern, arbitrary);
      }
      // fast-check draws from its own generator; seeding it from ours keeps one seed for the run.
      return fc.sample(arbitrary, { seed: uint32() | 0, numRuns: 1 })[0] as string;
    },
    uuid: () => bytes.uuid(),
  };
}
