import { SeededRandom } from './prng.js';

describe('SeededRandom (xoshiro128** seeded from SHA-256)', () => {
  it('matches outputs computed by an independent implementation', () => {
    const rng = new SeededRandom('dublin-youth-2023');
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([
      523807187, 968806511, 4122108846, 2805175441,
    ]);
    expect(new SeededRandom('dublin-youth-2023').shuffle([...'ABCDEFGHIJ']).join('')).toBe('CBEADJFGIH');
  });

  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: string) => {
      const rng = new SeededRandom(seed);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('draws below a bound evenly', () => {
    const rng = new SeededRandom('spread');
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 70_000; i++) counts[rng.below(7)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(() => rng.below(0)).toThrow(RangeError);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = Array.from({ length: 50 }, (_, i) => i);
    const out = new SeededRandom('perm').shuffle(input);
    expect(input).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...out].sort((a, b) => a - b)).toEqual(input);
    expect(out).not.toEqual(input);
  });
});
