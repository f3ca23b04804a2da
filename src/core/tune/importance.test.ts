// The variance split on planted studies: the option the objective depends on takes most of the importance, an
// option it ignores almost none, and a listed option is grouped by its values.
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { optionImportance, varianceShare } from './importance';

describe('option importance (variance split)', () => {
  const rng = createRng(4);
  const trials = Array.from({ length: 80 }, () => {
    const lr = 10 ** (-3 + 2 * rng());
    const dim = 8 + Math.floor(rng() * 120);
    const loss = rng() < 0.5 ? 'bpr' : 'warp';
    const value = (Math.log10(lr) + 2) ** 2 + (loss === 'warp' ? 0.3 : 0) + 0.02 * gaussian(rng);
    return { params: { lr, dim, loss }, value };
  });

  it('ranks the options the objective depends on first, and shares sum to 1', () => {
    const imp = optionImportance(trials, ['dim', 'lr', 'loss']);
    expect(imp.map((i) => i.option)).toEqual(['lr', 'loss', 'dim']);
    expect(imp.reduce((a, i) => a + i.share, 0)).toBeCloseTo(1, 10);
    expect(imp[2]!.share).toBeLessThan(0.1);
  });

  it('groups a listed option by its values: η² of the planted 0.3 step', () => {
    expect(varianceShare(trials, 'loss')).toBeGreaterThan(0.1);
    expect(varianceShare(trials, 'nothing')).toBe(0);
    // Too few trials to say anything.
    const four = trials.slice(0, 4);
    expect(varianceShare(four, 'lr')).toBeGreaterThan(0);
    expect(optionImportance(four, ['lr', 'dim'])).toEqual([
      { option: 'lr', share: 0 },
      { option: 'dim', share: 0 },
    ]);
  });
});
