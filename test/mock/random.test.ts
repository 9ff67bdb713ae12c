import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/mock/random.js';

describe('createRandom().affixed', () => {
  it('draws the same codes as head + string(...) + tail from the same seed, Latin-1 or not', () => {
    const cases: [string, string, number, string][] = [
      ['BENCH-', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 15, ''],
      ['', 'AB', 12, '-S'],
      ['€-', 'ABC', 8, ''],
      ['P', 'x€y', 6, 'ü'],
      ['x'.repeat(300), 'AB', 4, ''],
    ];
    const split = createRandom('seed');
    const whole = createRandom('seed');
    for (let round = 0; round < 200; round++) {
      for (const [head, alphabet, length, tail] of cases) {
        const expected = head + split.string(alphabet, length) + tail;
        expect(whole.affixed(head, alphabet, length, tail)).toBe(expected);
      }
    }
  });

  it('uses only the alphabet and the asked length', () => {
    const code = createRandom('s').affixed('PRE-', 'XYZ', 10, '-SUF');
    expect(code).toMatch(/^PRE-[XYZ]{10}-SUF$/);
  });
});
