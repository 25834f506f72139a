// Confidence figures on hand-computed cases: max-softmax, ECE, the uncertainty threshold; and the LR schedule.
import { describe, expect, it } from 'vitest';
import {
  confidences,
  expectedCalibrationError,
  thresholdReport,
  uncertaintyThreshold,
} from '../../scripts/train/calibration';
import { learningRateSchedule } from '../../scripts/train/schedule';

describe('confidences', () => {
  it('takes the max-softmax and whether its class is the label', () => {
    const probs = [0.1, 0.7, 0.2, 0.5, 0.25, 0.25];
    const { confidence, correct } = confidences(probs, [1, 2], 3);
    expect(Array.from(confidence)).toEqual([0.7, 0.5]);
    expect(Array.from(correct)).toEqual([1, 0]);
    expect(() => confidences(probs, [1], 3)).toThrow(/6 probabilities do not make 1 rows of 3/);
  });
});

describe('expectedCalibrationError', () => {
  it('is 0 when each bin\'s accuracy equals its confidence', () => {
    // Bin (0.4, 0.5]: two at 0.5, one right -> accuracy 0.5. Bin (0.9, 1]: one at 1, right.
    expect(expectedCalibrationError([0.5, 0.5, 1], [1, 0, 1], 10)).toBeCloseTo(0, 12);
  });

  it('weights each bin\'s gap by its share of the images', () => {
    // 15 bins. 0.95 and 0.97 share bin 14 (0.9333, 1]: mean confidence 0.96, accuracy 0.5 -> gap 0.46, weight 2/4.
    // 0.3 is in bin 4 (0.2667, 0.3333], wrong -> gap 0.3, weight 1/4. 0.6 in bin 8 (0.5333, 0.6], right -> 0.4, 1/4.
    const ece = expectedCalibrationError([0.95, 0.97, 0.3, 0.6], [1, 0, 0, 1]);
    expect(ece).toBeCloseTo((2 / 4) * 0.46 + (1 / 4) * 0.3 + (1 / 4) * 0.4, 12);
  });

  it('puts a confidence on a bin edge into the lower bin, (a, b]', () => {
    // 2/15 sits on the edge of bins 1 and 2; in bin 1 alone with accuracy 1 -> gap 1 - 2/15.
    expect(expectedCalibrationError([2 / 15], [1])).toBeCloseTo(1 - 2 / 15, 12);
    expect(() => expectedCalibrationError([], [])).toThrow(/no predictions/);
  });
});

describe('uncertaintyThreshold', () => {
  it('is the largest threshold keeping the asked share of correct predictions at or above it', () => {
    // 10 correct confidences 0.91..1.00; keep 80% -> the 8th highest, 0.93.
    const conf = [1, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.4, 0.95];
    const right = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    const { threshold } = uncertaintyThreshold(conf, right, 0.8);
    expect(threshold).toBe(0.93);
    const kept = conf.filter((c, i) => right[i] && c >= threshold).length;
    expect(kept).toBe(8);
    expect(thresholdReport(conf, right, threshold)).toEqual({
      flaggedShare: 3 / 12, // 0.92, 0.91 and the wrong 0.4
      acceptedAccuracy: 8 / 9, // the wrong 0.95 is accepted
      errorsFlaggedShare: 1 / 2,
    });
  });

  it('keeps all correct predictions when asked to (the threshold is the lowest correct confidence)', () => {
    expect(uncertaintyThreshold([0.9, 0.6, 0.99, 0.3], [1, 1, 1, 0], 1).threshold).toBe(0.6);
    expect(() => uncertaintyThreshold([0.5], [0])).toThrow(/no correct predictions/);
  });
});

describe('learningRateSchedule', () => {
  it('constant by default', () => {
    const lr = learningRateSchedule(0.01, 100, 10);
    expect([lr(0), lr(50), lr(99)]).toEqual([0.01, 0.01, 0.01]);
  });

  it('warms up linearly from a tenth, then follows a cosine down to the floor at the last step', () => {
    const lr = learningRateSchedule(0.002, 110, 10, { kind: 'cosine', warmupEpochs: 1, finalLearningRate: 0.0001 });
    expect(lr(0)).toBeCloseTo(0.0002, 12);
    expect(lr(5)).toBeCloseTo(0.0002 + 0.9 * 0.002 * 0.5, 12);
    expect(lr(10)).toBeCloseTo(0.002, 12);
    // Halfway through the 100 cosine steps (step 10 + 49.5): the midpoint of peak and floor.
    expect((lr(59) + lr(60)) / 2).toBeCloseTo((0.002 + 0.0001) / 2, 6);
    expect(lr(109)).toBeCloseTo(0.0001, 12);
    for (let s = 11; s < 110; s++) expect(lr(s)).toBeLessThan(lr(s - 1));
  });
});
