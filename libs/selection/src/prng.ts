import { createHash } from 'node:crypto';

/**
 * xoshiro128** (Blackman & Vigna), a small 32-bit generator with a 128-bit
 * state. Not for secrets: it only has to be reproducible and well spread, so
 * that anyone holding the seed can recompute a lottery.
 *
 * Seeding: SHA-256 of the seed's UTF-8 bytes; the first 16 bytes, read as four
 * big-endian 32-bit words, are the state.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: string) {
    const digest = createHash('sha256').update(seed, 'utf8').digest();
    this.s0 = digest.readUInt32BE(0);
    this.s1 = digest.readUInt32BE(4);
    this.s2 = digest.readUInt32BE(8);
    this.s3 = digest.readUInt32BE(12);
    // An all-zero state would only ever give zeros; a SHA-256 prefix of 128
    // zero bits will not happen, but the generator must never be stuck.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A whole number in [0, bound), without modulo bias: draws at or above the
   * largest multiple of `bound` below 2^32 are thrown away and redrawn.
   */
  below(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) {
      throw new RangeError(`bound must be a whole number from 1 to 2^32 (got ${bound})`);
    }
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const draw = this.nextUint32();
      if (draw < limit) return draw % bound;
    }
  }

  /** Fisher–Yates shuffle of a copy of `items`, last position first. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
