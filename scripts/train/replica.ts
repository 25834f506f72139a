// One model replica for data-parallel training: gradients of a shard, the shared update, predictions, weights.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { augmentImage } from '../../functions/core/augment';
import { makeOutlier } from '../../functions/core/outliers';
import { CROSS_ENTROPY_EPSILON } from '../../functions/core/classification-metrics';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES, PIXEL_SCALE } from '../../functions/core/digit-contract';
import { Random } from '../../functions/core/random';
import { Adam } from './adam';
import { conv2dBiasRelu } from './fused-conv';
import { buildModel, type Recipe } from './model';

/** Raw MNIST bytes (0..255), as parsed from IDX; in a worker these are views on shared memory. */
export interface RawImages {
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

export interface ReplicaData {
  /** All 60,000 training images; batches and the validation range index into it. */
  train: RawImages;
  test: RawImages;
}

export type SetName = keyof ReplicaData;

export interface ShardResult {
  /** Gradient of (sum of the shard's losses) / batch size, all trainable weights flattened in order. */
  grads: Float32Array;
  /** Sum of the shard's per-image cross-entropies. */
  lossSum: number;
  /** Images in the shard predicted right. */
  correct: number;
  /** Images in the shard that are digits (the rest are outliers with a uniform target). */
  labeled: number;
}

/** Streams of per-image randomness: one Random per (seed, epoch, image, purpose). */
const AUGMENT_STREAM = 1;
const DROPOUT_STREAM = 2; // + the Dropout layer's index
const OUTLIER_STREAM = 1000;

/**
 * A 32-bit seed for one image's randomness (murmur3's finaliser over the mixed inputs). Seeding per image makes
 * augmentation and dropout independent of batch order, shard boundaries and thread count.
 */
export function imageSeed(seed: number, epoch: number, index: number, stream: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1);
  h = Math.imul(h ^ epoch ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ index ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ stream ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The batch `indices` with `count` outliers spread evenly through it, numbered firstId, firstId + 1, ... and written as
 * -(id + 1): contiguous shards then each get their share of outliers.
 */
export function addOutliers(indices: Int32Array, count: number, firstId: number): Int32Array {
  if (count === 0) return indices;
  const out = new Int32Array(indices.length + count);
  let d = 0;
  for (let j = 0; j < count; j++) {
    const end = Math.round(((j + 1) * indices.length) / count);
    while (d < end) out[d + j] = indices[d++];
    out[d + j] = -(firstId + j + 1);
  }
  return out;
}

/** Keras' categorical cross-entropy per image: probabilities clipped to [eps, 1 - eps], then -sum(y log p). */
function crossEntropyPerImage(probs: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor1D {
  const clipped = tf.clipByValue(probs, CROSS_ENTROPY_EPSILON, 1 - CROSS_ENTROPY_EPSILON);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.log(clipped)), -1)) as tf.Tensor1D;
}

export class Replica {
  readonly model: tfl.Sequential;
  /** Trainable weights in a fixed order: the layout of every flattened gradient and weight vector. */
  private readonly variables: tf.Variable[];
  private readonly optimizer: Adam;
  /** The variables' values, flattened in order: Adam updates these and the variables are assigned from them. */
  private readonly weights: Float32Array;
  readonly weightCount: number;

  constructor(
    private readonly recipe: Recipe,
    private readonly seed: number,
    private readonly data: ReplicaData,
    /** Apply the recipe's augmentation. Default true; the benchmark turns it off to time the same work as PyTorch. */
    private readonly augment = true,
  ) {
    this.model = buildModel(recipe, seed);
    if (this.model.nonTrainableWeights.length > 0) {
      throw new Error('data-parallel training supports models without non-trainable weights (no batch norm)');
    }
    this.variables = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.weightCount = this.variables.reduce((n, v) => n + v.size, 0);
    // Keras' Adam defaults (beta 0.9 / 0.999, epsilon 1e-7), as compile({optimizer: 'adam'}) would give.
    this.optimizer = new Adam(this.weightCount);
    this.weights = this.readWeights();
  }

  /** Inputs, one-hot labels and dropout masks for training images `indices` of `epoch`. */
  private batch(indices: Int32Array, epoch: number) {
    const n = indices.length;
    const xs = new Float32Array(n * IMAGE_PIXELS);
    const ys = new Float32Array(n * NUM_CLASSES);
    const scaled = new Float32Array(IMAGE_PIXELS);
    const { pixels, labels } = this.data.train;
    let labeled = 0;
    for (let i = 0; i < n; i++) {
      const k = indices[i];
      const out = xs.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
      // A negative index is outlier number -k - 1 (see addOutliers): a non-digit with the uniform distribution as its
      // target (outlier exposure, Hendrycks et al. 2019), so max-softmax is low on letters, blobs and noise.
      const isOutlier = k < 0;
      if (isOutlier) makeOutlier(new Random(imageSeed(this.seed, epoch, -k - 1, OUTLIER_STREAM)), undefined, scaled);
      else for (let p = 0; p < IMAGE_PIXELS; p++) scaled[p] = pixels[k * IMAGE_PIXELS + p] / PIXEL_SCALE;
      if (this.augment && this.recipe.augment) {
        augmentImage(scaled, new Random(imageSeed(this.seed, epoch, k, AUGMENT_STREAM)), this.recipe.augment, out);
      } else {
        out.set(scaled);
      }
      if (isOutlier) {
        ys.fill(1 / NUM_CLASSES, i * NUM_CLASSES, (i + 1) * NUM_CLASSES);
      } else {
        ys[i * NUM_CLASSES + labels[k]] = 1;
        labeled++;
      }
    }
    // One mask per Dropout layer, inverted dropout (kept units scaled by 1 / (1 - rate)), seeded per image.
    const masks = new Map<tfl.layers.Layer, Float32Array>();
    for (const [l, layer] of this.model.layers.entries()) {
      if (layer.getClassName() !== 'Dropout') continue;
      const rate = layer.getConfig().rate as number;
      const units = (layer.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1);
      const mask = new Float32Array(n * units);
      for (let i = 0; i < n; i++) {
        const random = new Random(imageSeed(this.seed, epoch, indices[i], DROPOUT_STREAM + l));
        for (let u = 0; u < units; u++) mask[i * units + u] = random.random() < rate ? 0 : 1 / (1 - rate);
      }
      masks.set(layer, mask);
    }
    return { xs, ys, masks, labeled };
  }

  /**
   * The forward pass layer by layer. Training (masks given): our seeded masks in place of tfjs's Dropout (which
   * draws from Math.random: not reproducible), and ReLU convolutions as one fused op with its own gradient.
   * Inference (no masks): exactly tfjs-layers' ops, so predictions match a model loaded from the saved files.
   */
  private forward(xs: tf.Tensor, masks?: Map<tfl.layers.Layer, tf.Tensor>): tf.Tensor2D {
    let x = xs;
    for (const [i, layer] of this.model.layers.entries()) {
      if (layer.getClassName() === 'Dropout') {
        const mask = masks?.get(layer);
        if (mask) x = tf.mul(x, mask);
        continue;
      }
      const config = layer.getConfig();
      if (masks && layer.getClassName() === 'Conv2D' && config.activation === 'relu' && config.useBias
        && (config.dilationRate as number[]).every((d) => d === 1)) {
        const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
        x = conv2dBiasRelu(x as tf.Tensor4D, kernel as tf.Tensor4D, bias as tf.Tensor1D, {
          strides: config.strides as [number, number],
          pad: config.padding as 'same' | 'valid',
          inputGradient: i > 0,
        });
        continue;
      }
      x = layer.apply(x) as tf.Tensor;
    }
    return x as tf.Tensor2D;
  }

  /** Gradients of the shard `indices` (part of a batch of `batchSize` images) at the current weights. */
  gradients(indices: Int32Array, epoch: number, batchSize: number): ShardResult {
    const n = indices.length;
    const { xs, ys, masks, labeled } = this.batch(indices, epoch);
    const flat = new Float32Array(this.weightCount);
    // The tidy returns two numbers, never the gradients: tidy walks its result looking for tensors, key by key,
    // and on a typed array of ~190,000 gradients that walk alone took ~110 ms a step.
    const stats = tf.tidy(() => {
      const x = tf.tensor4d(xs, [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const y = tf.tensor2d(ys, [n, NUM_CLASSES]);
      const m = new Map([...masks].map(([layer, mask]) => [layer, tf.tensor(mask, [n, mask.length / n])]));
      let lossSum: tf.Tensor | undefined;
      let predicted: tf.Tensor | undefined;
      const { grads } = tf.variableGrads(() => {
        const probs = this.forward(x, m);
        const losses = crossEntropyPerImage(probs, y);
        lossSum = tf.keep(tf.sum(losses));
        predicted = tf.keep(tf.argMax(probs, -1));
        // Sum over the shard / the whole batch's size: the shards' gradients then simply add up to the batch mean.
        return tf.div(tf.sum(losses), batchSize) as tf.Scalar;
      }, this.variables);
      let offset = 0;
      for (const v of this.variables) {
        flat.set(grads[v.name].dataSync() as Float32Array, offset);
        offset += v.size;
      }
      const labels = predicted!.dataSync();
      let correct = 0;
      for (let i = 0; i < n; i++) if (ys[i * NUM_CLASSES + labels[i]] === 1) correct++;
      const loss = lossSum!.dataSync()[0];
      tf.dispose([lossSum!, predicted!]); // kept past variableGrads' own tidy, so ours does not own them
      return { lossSum: loss, correct };
    });
    return { grads: flat, ...stats, labeled };
  }

  /** One Adam step with the batch's gradient (the sum of the shards'); identical on every replica. */
  apply(grads: Float32Array, learningRate: number): void {
    if (grads.length !== this.weightCount) throw new Error(`expected ${this.weightCount} gradients, got ${grads.length}`);
    this.optimizer.step(this.weights, grads, learningRate);
    this.assignWeights();
  }

  /** Copies `weights` into the variables (new tensors: tfjs caches packed filters under a tensor's id). */
  private assignWeights(): void {
    let offset = 0;
    for (const v of this.variables) {
      tf.tidy(() => v.assign(tf.tensor(this.weights.subarray(offset, offset + v.size), v.shape)));
      offset += v.size;
    }
  }

  private readWeights(): Float32Array {
    const flat = new Float32Array(this.weightCount);
    let offset = 0;
    for (const v of this.variables) {
      flat.set(v.dataSync() as Float32Array, offset);
      offset += v.size;
    }
    return flat;
  }

  /** Softmax outputs for images start .. start+count-1 of a set, row-major [count, 10]. */
  predict(set: SetName, start: number, count: number, chunk = 500): Float32Array {
    const { pixels } = this.data[set];
    const out = new Float32Array(count * NUM_CLASSES);
    for (let s = 0; s < count; s += chunk) {
      const n = Math.min(chunk, count - s);
      const bytes = pixels.subarray((start + s) * IMAGE_PIXELS, (start + s + n) * IMAGE_PIXELS);
      const xs = new Float32Array(n * IMAGE_PIXELS);
      for (let p = 0; p < xs.length; p++) xs[p] = bytes[p] / PIXEL_SCALE;
      const probs = tf.tidy(() => this.forward(tf.tensor4d(xs, [n, IMAGE_SIZE, IMAGE_SIZE, 1])));
      out.set(probs.dataSync(), s * NUM_CLASSES);
      probs.dispose();
    }
    return out;
  }

  getWeights(): Float32Array {
    return this.readWeights();
  }

  setWeights(values: Float32Array): void {
    if (values.length !== this.weightCount) throw new Error(`expected ${this.weightCount} weights, got ${values.length}`);
    this.weights.set(values);
    this.assignWeights();
  }

  dispose(): void {
    this.model.dispose();
  }
}
