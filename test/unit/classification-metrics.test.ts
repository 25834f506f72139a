// Accuracy, confusion matrix, precision/recall and cross-entropy on tiny hand-computed cases.
import { describe, expect, it } from 'vitest';
import { argmax, classificationReport, crossEntropy } from '../../functions/core/classification-metrics';

describe('classificationReport', () => {
  it('matches a hand-computed 3-class case', () => {
    // truth 0 0 1 1 2 2, predicted 0 1 1 1 2 0: rows true, columns predicted.
    const r = classificationReport([0, 0, 1, 1, 2, 2], Uint8Array.of(0, 1, 1, 1, 2, 0), 3);
    expect(r.confusionMatrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(r.accuracy).toBeCloseTo(4 / 6, 12);
    expect(r.misclassified).toEqual([1, 5]);
    expect(r.perClass.map((c) => c.digit)).toEqual([0, 1, 2]);
    expect(r.perClass[0].precision).toBeCloseTo(1 / 2, 12); // predicted 0 at indices 0 and 5; one right
    expect(r.perClass[1].precision).toBeCloseTo(2 / 3, 12);
    expect(r.perClass[2].precision).toBe(1);
    expect(r.perClass[0].recall).toBe(0.5);
    expect(r.perClass[1].recall).toBe(1);
    expect(r.perClass[2].recall).toBe(0.5);
  });

  it('gives 0 precision to a class never predicted and 0 recall to a class never present', () => {
    const r = classificationReport([0, 0], [0, 0], 2);
    expect(r.accuracy).toBe(1);
    expect(r.perClass[1]).toEqual({ digit: 1, precision: 0, recall: 0 });
  });

  it('refuses mismatched lengths, empty input and out-of-range labels', () => {
    expect(() => classificationReport([0], [0, 1], 2)).toThrow(/1 labels but predicted has 2/);
    expect(() => classificationReport([], [], 2)).toThrow(/no labels/);
    expect(() => classificationReport([0, 2], [0, 1], 2)).toThrow(/out of range at index 1/);
  });
});

describe('crossEntropy and argmax', () => {
  it('is the mean negative log of the true class probability, clipped like Keras', () => {
    expect(crossEntropy([0.5, 0.5, 0.25, 0.75], [0, 1], 2)).toBeCloseTo(-(Math.log(0.5) + Math.log(0.75)) / 2, 12);
    expect(crossEntropy([0, 1], [0], 2)).toBeCloseTo(-Math.log(1e-7), 9);
    expect(() => crossEntropy([0.5, 0.5], [0, 1], 2)).toThrow(/do not make 2 rows of 2/);
  });

  it('picks the largest value in a row, the first on ties', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax([9, 0.2, 0.5, 0.5, 0.1], 1, 4)).toBe(1);
  });
});
