// Scores a model on a labelled split in batches: loss, predicted labels and the classification report.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  argmax,
  classificationReport,
  crossEntropy,
  type ClassificationReport,
} from '../../functions/core/classification-metrics';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../functions/core/digit-contract';
import type { MnistSplit } from './data';

export interface Evaluation extends ClassificationReport {
  loss: number;
  predicted: Uint8Array;
}

/** Predicts `split` in batches (bounded memory) and scores the predictions. */
export function evaluateModel(model: tfl.LayersModel, split: MnistSplit, batchSize = 500): Evaluation {
  return scoreProbabilities(predictProbabilities(model, split, batchSize), split.labels);
}

/** Softmax outputs for `split`, row-major [count, 10], predicted in batches. */
export function predictProbabilities(model: tfl.LayersModel, split: MnistSplit, batchSize = 500): Float32Array {
  const probs = new Float32Array(split.count * NUM_CLASSES);
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const batch = tf.tidy(() => {
      const xs = tf.tensor4d(
        split.images.subarray(start * IMAGE_PIXELS, (start + n) * IMAGE_PIXELS), [n, IMAGE_SIZE, IMAGE_SIZE, 1],
      );
      return (model.predict(xs) as tf.Tensor).dataSync();
    });
    probs.set(batch, start * NUM_CLASSES);
  }
  return probs;
}

/** Scores softmax outputs (row-major, one row of 10 per image) against the labels. */
export function scoreProbabilities(probs: Float32Array, labels: ArrayLike<number>): Evaluation {
  const predicted = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) predicted[i] = argmax(probs, i * NUM_CLASSES, NUM_CLASSES);
  return {
    ...classificationReport(labels, predicted, NUM_CLASSES),
    loss: crossEntropy(probs, labels, NUM_CLASSES),
    predicted,
  };
}
