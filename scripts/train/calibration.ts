// Confidence figures from softmax outputs: expected calibration error and the "uncertain" threshold.
import { argmax } from '../../functions/core/classification-metrics';

/** Max-softmax confidence and whether the argmax is right, per image. */
export function confidences(probs: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number) {
  const n = labels.length;
  if (probs.length !== n * numClasses) throw new RangeError(`${probs.length} probabilities do not make ${n} rows of ${numClasses}`);
  const confidence = new Float64Array(n);
  const correct = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = argmax(probs, i * numClasses, numClasses);
    confidence[i] = probs[i * numClasses + k];
    correct[i] = k === labels[i] ? 1 : 0;
  }
  return { confidence, correct };
}

/**
 * Expected calibration error (Guo et al. 2017): images binned by confidence into `bins` equal-width bins over
 * (0, 1]; the sum over bins of (share of images in the bin) x |accuracy in the bin - mean confidence in the bin|.
 */
export function expectedCalibrationError(confidence: ArrayLike<number>, correct: ArrayLike<number>, bins = 15): number {
  const n = confidence.length;
  if (n === 0) throw new RangeError('no predictions to score');
  const count = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const conf = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    // Bin b holds (b/bins, (b+1)/bins]; a confidence of exactly 0 joins the first bin.
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(confidence[i] * bins) - 1));
    count[b]++;
    hits[b] += correct[i];
    conf[b] += confidence[i];
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(hits[b] - conf[b]) / n;
  return ece;
}

export interface UncertaintyThreshold {
  /** Predictions whose max-softmax is below this are flagged uncertain. */
  threshold: number;
  /** Share of the correct predictions that must stay at or above the threshold. */
  keepCorrect: number;
}

/**
 * The largest threshold that keeps at least `keepCorrect` of the correct predictions at or above it: the
 * floor(share x count)-th highest confidence among correct predictions. Rule chosen so the cost on real digits is
 * bounded and known in advance (at most 1 - keepCorrect of right answers flagged), while everything less confident
 * than nearly all right answers (most misclassifications, noise, letters) is flagged.
 */
export function uncertaintyThreshold(
  confidence: ArrayLike<number>,
  correct: ArrayLike<number>,
  keepCorrect = 0.995,
): UncertaintyThreshold {
  const right: number[] = [];
  for (let i = 0; i < confidence.length; i++) if (correct[i]) right.push(confidence[i]);
  if (right.length === 0) throw new RangeError('no correct predictions to choose a threshold from');
  right.sort((a, b) => b - a);
  const keep = Math.max(1, Math.floor(keepCorrect * right.length));
  return { threshold: right[keep - 1], keepCorrect };
}

/** How a threshold splits predictions: share flagged, accuracy of the rest, share of the errors flagged. */
export function thresholdReport(confidence: ArrayLike<number>, correct: ArrayLike<number>, threshold: number) {
  let flagged = 0;
  let errors = 0;
  let errorsFlagged = 0;
  let acceptedRight = 0;
  for (let i = 0; i < confidence.length; i++) {
    const isFlagged = confidence[i] < threshold;
    if (isFlagged) flagged++;
    if (!correct[i]) {
      errors++;
      if (isFlagged) errorsFlagged++;
    } else if (!isFlagged) {
      acceptedRight++;
    }
  }
  const accepted = confidence.length - flagged;
  return {
    flaggedShare: flagged / confidence.length,
    acceptedAccuracy: accepted === 0 ? 0 : acceptedRight / accepted,
    errorsFlaggedShare: errors === 0 ? 0 : errorsFlagged / errors,
  };
}
