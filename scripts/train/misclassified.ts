// Writes misclassified.json beside a model: each misclassified test digit with its prediction and its IDX pixels.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { argmax } from '../../functions/core/classification-metrics';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES, PIXEL_SCALE } from '../../functions/core/digit-contract';
import type { MisclassifiedDigit, MisclassifiedFile } from '../../functions/core/misclassified-digits';
import { parseIdxImages, parseIdxLabels } from '../../functions/core/mnist/idx';
import { MNIST_FILES, mnistDataDir, TEST_COUNT } from './data';

export const MISCLASSIFIED_FILE = 'misclassified.json';
/** Confidences are stored to 6 decimals: enough for the page's whole percents, and a stable diff. */
const CONFIDENCE_DECIMALS = 6;

/** Raw test images: `count * 784` bytes 0..255 (white on black) and their labels. */
export interface RawTestSet {
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** The MNIST test set as the IDX files hold it (bytes, not scaled). */
export function loadRawTest(dir = mnistDataDir()): RawTestSet {
  const images = parseIdxImages(readFileSync(join(dir, MNIST_FILES.testImages)), TEST_COUNT);
  const labels = parseIdxLabels(readFileSync(join(dir, MNIST_FILES.testLabels)), TEST_COUNT);
  return { count: TEST_COUNT, pixels: images.pixels, labels: labels.labels };
}

/**
 * Packs the test images at `indices` with their bytes, from per-test-image predictions (`predicted[i]`, and
 * `confidence[i]` the probability of it). Throws if one of them is right: the indices then belong to other weights.
 */
export function packMisclassified(
  test: RawTestSet,
  indices: readonly number[],
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  recipe: string,
): MisclassifiedFile {
  const scale = 10 ** CONFIDENCE_DECIMALS;
  const digits = indices.map((index): MisclassifiedDigit => {
    if (!Number.isInteger(index) || index < 0 || index >= test.count) throw new RangeError(`test index ${index} is outside 0..${test.count - 1}`);
    const label = test.labels[index];
    if (predicted[index] === label) throw new Error(`test image ${index} (a ${label}) is classified correctly by this model; its indices are stale`);
    const bytes = test.pixels.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
    return {
      index,
      label,
      predicted: predicted[index],
      confidence: Math.round(confidence[index] * scale) / scale,
      pixels: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    };
  });
  return { recipe, testImages: test.count, digits: digits.sort((a, b) => a.index - b.index) };
}

/** Predicts the test images at `indices` with `model`, then packs them (see packMisclassified). */
export function misclassifiedFile(model: tfl.LayersModel, test: RawTestSet, indices: readonly number[], recipe: string): MisclassifiedFile {
  const xs = new Float32Array(indices.length * IMAGE_PIXELS);
  indices.forEach((index, k) => {
    for (let p = 0; p < IMAGE_PIXELS; p++) xs[k * IMAGE_PIXELS + p] = test.pixels[index * IMAGE_PIXELS + p] / PIXEL_SCALE;
  });
  const probs = indices.length === 0
    ? new Float32Array(0)
    : tf.tidy(() => (model.predict(tf.tensor4d(xs, [indices.length, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).dataSync() as Float32Array);
  // Sparse per-test-image arrays: only the listed indices are filled.
  const predicted = new Int16Array(test.count).fill(-1);
  const confidence = new Float64Array(test.count);
  indices.forEach((index, k) => {
    predicted[index] = argmax(probs, k * NUM_CLASSES, NUM_CLASSES);
    confidence[index] = probs[k * NUM_CLASSES + predicted[index]];
  });
  return packMisclassified(test, indices, predicted, confidence, recipe);
}

/** One digit a line, so a regenerated file diffs by digit. */
export function writeMisclassified(dir: string, file: MisclassifiedFile): string {
  const { digits, ...head } = file;
  const lines = digits.map((d) => `    ${JSON.stringify(d)}`).join(',\n');
  const text = `${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "digits": [\n${lines}\n  ]\n}\n`;
  const path = join(dir, MISCLASSIFIED_FILE);
  writeFileSync(path, text);
  return path;
}
