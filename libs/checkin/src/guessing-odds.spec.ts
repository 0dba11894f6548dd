import { attemptsInWindow, defaultWindowMinutes, guessingOdds } from './guessing-odds.js';

describe('guessingOdds', () => {
  it('gives the figures in the README for the default policy', () => {
    const window = defaultWindowMinutes();
    const attempts = attemptsInWindow(window);
    expect(window).toBe(240);
    expect(attempts).toBe(125);
    const odds = guessingOdds(undefined, attempts);
    expect(odds).toMatchObject({ alphabetSize: 25, length: 6, codeSpace: 244_140_625, acceptedAtOnce: 2, attempts: 125 });
    expect(odds.perAttempt).toBeCloseTo(8.192e-9, 15);
    expect(odds.probability).toBeLessThanOrEqual(attempts * odds.perAttempt);
    expect(odds.probability).toBeGreaterThan(1.02e-6);
    expect(odds.oneIn).toBeGreaterThan(970_000);
  });

  it.each([
    [{ length: 4 }, 1000, 1e-3, 1e-2],
    [{ length: 6 }, 1, 8e-9, 9e-9],
    [{ length: 6, acceptPreviousSteps: 0 }, 125, 5e-7, 6e-7],
    [{ length: 8 }, 10_000, 1e-7, 2e-7],
  ])('policy %j, %d attempts: between %d and %d', (policy, attempts, low, high) => {
    const { probability } = guessingOdds(policy, attempts);
    expect(probability).toBeGreaterThan(low);
    expect(probability).toBeLessThan(high);
  });

  it('is zero without attempts and refuses nonsense', () => {
    expect(guessingOdds({}, 0)).toMatchObject({ probability: 0, oneIn: Infinity });
    expect(() => guessingOdds({}, -1)).toThrow(RangeError);
    expect(() => attemptsInWindow(60, { attempts: 5, perMinutes: 0 })).toThrow(RangeError);
  });
});
