import { describe, expect, it } from 'vitest';
import {
  accuracy,
  classificationMetrics,
  crossEntropy,
  predictedClass,
  priorProbabilities,
  rocAuc,
} from './classification';

describe('rocAuc', () => {
  it('counts the positive–negative pairs ranked right (a case worked by hand)', () => {
    // Positives 0.35 and 0.8, negatives 0.1 and 0.4: of the 4 pairs, 0.35 < 0.4 is the only one wrong → 3/4.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('counts ties as one half', () => {
    // Pairs (pos, neg): (0.5, 0.5) tie → ½, (0.5, 0.2) right, (0.9, 0.5) right, (0.9, 0.2) right → 3.5/4.
    expect(rocAuc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(0.875, 12);
    expect(rocAuc([0.3, 0.3, 0.3], [1, 0, 1])).toBeCloseTo(0.5, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, NaN with one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('accuracy and cross-entropy', () => {
  it('reads binary probabilities as p(class 1), threshold 0.5', () => {
    const p = { classes: 2, values: Float32Array.from([0.9, 0.2, 0.6, 0.5]) };
    expect([0, 1, 2, 3].map((i) => predictedClass(p, i))).toEqual([1, 0, 1, 1]);
    expect(accuracy(p, [1, 0, 0, 0])).toBe(0.5);
    // −(ln 0.9 + ln 0.8 + ln 0.4 + ln 0.5) / 4
    const expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.5)) / 4;
    expect(crossEntropy(p, [1, 0, 0, 0])).toBeCloseTo(expected, 6);
  });

  it('reads more classes row by row and clips zero probabilities', () => {
    const p = { classes: 3, values: Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.25, 0.25, 0, 0, 1]) };
    expect(accuracy(p, [1, 2, 2])).toBeCloseTo(2 / 3, 12);
    expect(crossEntropy(p, [0])).toBeCloseTo(-Math.log(0.1), 6);
    expect(crossEntropy({ classes: 3, values: Float32Array.from([0, 0, 1]) }, [0])).toBeCloseTo(-Math.log(1e-7), 4);
  });

  it('gives the majority-class baseline its accuracy and an AUC of one half', () => {
    const train = Int32Array.from([0, 0, 0, 1]);
    const p = priorProbabilities(train, 2, 4);
    const m = classificationMetrics(p, Int32Array.from([0, 1, 0, 0]));
    expect(m.accuracy).toBe(0.75);
    expect(m.auc).toBe(0.5);
    const multi = priorProbabilities(Int32Array.from([2, 2, 1]), 3, 2);
    expect(Array.from(multi.values)).toEqual([0, 1 / 3, 2 / 3, 0, 1 / 3, 2 / 3].map(Math.fround));
  });
});
