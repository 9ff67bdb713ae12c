import { createCipheriv, createHash, randomFillSync } from 'node:crypto';

export interface RandomSource {
  /** Uniform integer in [0, maxExclusive), maxExclusive <= 256. */
  below(maxExclusive: number): number;
  /** `length` characters drawn uniformly from `alphabet`. */
  string(alphabet: string, length: number): string;
  /** `head + string(alphabet, length) + tail`, drawing the same bytes, as one flat string. */
  affixed(head: string, alphabet: string, length: number, tail: string): string;
  /** A random RFC 4122 version 4 UUID. */
  uuid(): string;
}

const POOL_SIZE = 4096;
/** Longest text `affixed` builds in its scratch buffer; longer text is concatenated. */
const SCRATCH_SIZE = 256;
const LATIN1_ONLY = /^[\u0000-\u00ff]*$/;

/**
 * Crypto-strong by default. With a seed, the bytes are the AES-256-CTR keystream under the
 * seed's SHA-256, so `--seed` makes a run repeatable while keeping the same uniform draw
 * (rejection sampling, no modulo bias) as the unseeded source. One cipher call fills the pool
 * where a SHA-256 per 32 bytes took a tenth of a codegen request's CPU.
 */
export function createRandom(seed?: string): RandomSource {
  const pool = Buffer.alloc(POOL_SIZE);
  let position = POOL_SIZE;
  const refill = seed === undefined ? () => randomFillSync(pool) : seededRefill(seed, pool);
  const nextByte = () => {
    if (position === POOL_SIZE) {
      refill();
      position = 0;
    }
    return pool[position++] as number;
  };
  const below = (maxExclusive: number) => {
    if (maxExclusive < 1 || maxExclusive > 256) throw new RangeError(`below(${maxExclusive}): expected 1..256`);
    const limit = 256 - (256 % maxExclusive);
    for (;;) {
      const byte = nextByte();
      if (byte < limit) return byte % maxExclusive;
    }
  };
  const concatenated = (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[below(alphabet.length)];
    return out;
  };
  // A codegen batch draws hundreds of codes: each is written byte by byte into one buffer and
  // read out as a single flat string, where `+=` per character left a chain of intermediate
  // strings (and a cons string to flatten on first hashing) per code. Byte by byte, not
  // Buffer#write: for affixes of a few characters its own checks cost more than the copy.
  const scratch = Buffer.alloc(SCRATCH_SIZE);
  const [headFits, alphabetFits, tailFits] = [latin1Check(), latin1Check(), latin1Check()];
  const affixed = (head: string, alphabet: string, length: number, tail: string) => {
    const total = head.length + length + tail.length;
    if (total > SCRATCH_SIZE || !headFits(head) || !alphabetFits(alphabet) || !tailFits(tail) || alphabet.length < 1 || alphabet.length > 256) {
      return head + concatenated(alphabet, length) + tail;
    }
    const size = alphabet.length;
    const limit = 256 - (256 % size);
    let at = 0;
    for (let i = 0; i < head.length; i++) scratch[at++] = head.charCodeAt(i);
    for (let i = 0; i < length; i++) {
      let byte = nextByte();
      while (byte >= limit) byte = nextByte();
      scratch[at++] = alphabet.charCodeAt(byte % size);
    }
    for (let i = 0; i < tail.length; i++) scratch[at++] = tail.charCodeAt(i);
    return scratch.toString('latin1', 0, at);
  };
  return {
    below,
    string: (alphabet, length) => affixed('', alphabet, length, ''),
    affixed,
    uuid() {
      const bytes = Array.from({ length: 16 }, () => nextByte());
      bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
      bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}

/** Whether a text is all Latin-1, remembering the last answer (a batch asks about the same text every time). */
function latin1Check(): (text: string) => boolean {
  let last = '';
  let lastFits = true;
  return (text) => {
    if (text !== last) {
      last = text;
      lastFits = LATIN1_ONLY.test(text);
    }
    return lastFits;
  };
}

function seededRefill(seed: string, pool: Buffer): () => void {
  const keystream = createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16));
  const zeros = Buffer.alloc(pool.length);
  return () => {
    keystream.update(zeros).copy(pool);
  };
}
