// Classification scores from true and predicted labels: accuracy, confusion matrix, per-class precision/recall, loss.

export interface ClassScore {
  digit: number;
  /** Of the images predicted as this class, the share that truly are; 0 when none were predicted. */
  precision: number;
  /** Of the images truly of this class, the share predicted as it; 0 when there are none. */
  recall: number;
}

export interface ClassificationReport {
  accuracy: number;
  /** `confusionMatrix[t][p]` counts images of true class t predicted as p (rows true, columns predicted). */
  confusionMatrix: number[][];
  perClass: ClassScore[];
  /** Indices of the images whose prediction differs from the truth, ascending. */
  misclassified: number[];
}

/** Scores `predicted` against `truth` (same length, labels 0..numClasses-1). */
export function classificationReport(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): ClassificationReport {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} labels but predicted has ${predicted.length}`);
  }
  if (truth.length === 0) throw new RangeError('no labels to score');
  const confusionMatrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const misclassified: number[] = [];
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (!(Number.isInteger(t) && t >= 0 && t < numClasses && Number.isInteger(p) && p >= 0 && p < numClasses)) {
      throw new RangeError(`label out of range at index ${i}: truth ${t}, predicted ${p}`);
    }
    confusionMatrix[t][p]++;
    if (t === p) correct++;
    else misclassified.push(i);
  }
  const perClass: ClassScore[] = [];
  for (let c = 0; c < numClasses; c++) {
    let predictedAsC = 0;
    let trulyC = 0;
    for (let k = 0; k < numClasses; k++) {
      predictedAsC += confusionMatrix[k][c];
      trulyC += confusionMatrix[c][k];
    }
    const hit = confusionMatrix[c][c];
    perClass.push({
      digit: c,
      precision: predictedAsC === 0 ? 0 : hit / predictedAsC,
      recall: trulyC === 0 ? 0 : hit / trulyC,
    });
  }
  return { accuracy: correct / truth.length, confusionMatrix, perClass, misclassified };
}

/** Index of the largest of `probs[offset .. offset+n)`; the first one on ties. */
export function argmax(probs: ArrayLike<number>, offset = 0, n = probs.length - offset): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (probs[offset + k] > probs[offset + best]) best = k;
  return best;
}

/** Keras clips probabilities to [eps, 1 - eps] before the log; we do the same so losses agree. */
export const CROSS_ENTROPY_EPSILON = 1e-7;

/**
 * Mean categorical cross-entropy of row-major probabilities (`truth.length` rows of `numClasses`)
 * against integer labels, as Keras/tfjs compute it.
 */
export function crossEntropy(probs: ArrayLike<number>, truth: ArrayLike<number>, numClasses: number): number {
  if (probs.length !== truth.length * numClasses) {
    throw new RangeError(`${probs.length} probabilities do not make ${truth.length} rows of ${numClasses}`);
  }
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = probs[i * numClasses + truth[i]];
    sum -= Math.log(Math.min(1 - CROSS_ENTROPY_EPSILON, Math.max(CROSS_ENTROPY_EPSILON, p)));
  }
  return sum / truth.length;
}
