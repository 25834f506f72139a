// The training entry point: loads MNIST, trains a recipe data-parallel over worker threads, evaluates, writes files.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { defaultAugmentOptions } from '../../functions/core/augment';
import { argmax } from '../../functions/core/classification-metrics';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../functions/core/digit-contract';
import type { EpochRecord, ModelMetrics } from '../../functions/core/model-metrics';
import { makeOutlier, OUTLIER_KINDS } from '../../functions/core/outliers';
import { Random } from '../../functions/core/random';
import { useWasmBackend } from './backend';
import { confidences, expectedCalibrationError, thresholdReport, uncertaintyThreshold } from './calibration';
import { TEST_COUNT, TRAIN_COUNT } from './data';
import { scoreProbabilities, type Evaluation } from './evaluate';
import { roundTripFloat16 } from './float16';
import { buildModel, LOSS, OPTIMIZER, RECIPES, type Recipe, type RecipeName } from './model';
import { epochProgress } from './progress';
import { loadRawMnist } from './raw-data';
import { addOutliers, type SetName } from './replica';
import { packMisclassified, writeMisclassified } from './misclassified';
import { createReplicaPool, type ReplicaPool } from './replica-pool';
import { saveMetrics, saveModel } from './save';
import { learningRateSchedule } from './schedule';
import { uploadKindsReport } from './upload-kinds';
import { flopsPerImage, summarizeLayers } from './summary';
import { median } from '../lib/stats';

export interface TrainOptions {
  /** Which entry of RECIPES. Default 'reference'. */
  recipe?: RecipeName;
  /** Default: the recipe's. */
  epochs?: number;
  /** Default: the recipe's. */
  batchSize?: number;
  /** Weight init, shuffling, augmentation and dropout. Default 42. */
  seed?: number;
  /** Train on the first N training images only (smoke runs). Default: all not held out for validation. */
  limit?: number;
  /** Data-parallel worker threads; 1 trains in-process. Default: the number of cores. */
  threads?: number;
  /** Where model.json, weights.bin and metrics.json go. Default `model/<recipe>`. */
  out?: string;
  /** Progress bar and per-epoch lines. Default true. */
  log?: boolean;
}

export const DEFAULT_SEED = 42;
/** Share of correct validation predictions the uncertainty threshold must keep (see calibration.ts). */
export const KEEP_CORRECT = 0.995;
const ECE_BINS = 15;

export interface TrainResult {
  metrics: ModelMetrics;
  /** The saved model, in this thread, with the weights as stored (float16-rounded when the recipe says so). */
  model: tfl.LayersModel;
  out: string;
}

function describeSchedule(recipe: Recipe): string {
  const s = recipe.schedule;
  if (!s || s.kind === 'constant') return `constant ${recipe.learningRate}`;
  const warmup = s.warmupEpochs ? ` after ${s.warmupEpochs} warm-up epoch${s.warmupEpochs === 1 ? '' : 's'}` : '';
  return `cosine from ${recipe.learningRate} to ${s.finalLearningRate ?? 0}${warmup}`;
}

/** Per kind, this many synthetic non-digits are scored against the threshold. */
const OUTLIERS_PER_KIND = 200;
/** Seed of the scored outliers: training draws its outliers from per-image seeds, never this generator state. */
const OUTLIER_SEED = 0x6f757473;

/** Share of synthetic non-digits whose max-softmax falls below the threshold, overall and per kind. */
export function outlierReport(model: tfl.LayersModel, threshold: number) {
  const random = new Random(OUTLIER_SEED);
  const byKind: Record<string, number> = {};
  let flagged = 0;
  for (const kind of OUTLIER_KINDS) {
    const xs = new Float32Array(OUTLIERS_PER_KIND * IMAGE_PIXELS);
    for (let i = 0; i < OUTLIERS_PER_KIND; i++) makeOutlier(random, kind, xs.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS));
    const probs = tf.tidy(() => (model.predict(tf.tensor4d(xs, [OUTLIERS_PER_KIND, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).dataSync());
    let n = 0;
    for (let i = 0; i < OUTLIERS_PER_KIND; i++) {
      if (probs[i * NUM_CLASSES + argmax(probs, i * NUM_CLASSES, NUM_CLASSES)] < threshold) n++;
    }
    byKind[kind] = n / OUTLIERS_PER_KIND;
    flagged += n;
  }
  const images = OUTLIERS_PER_KIND * OUTLIER_KINDS.length;
  return { images, flaggedShare: flagged / images, flaggedShareByKind: byKind };
}

interface Scored extends Evaluation {
  confidence: Float64Array;
  correct: Uint8Array;
  ece: number;
}

/** Predicts images start .. start+count-1 of a set on the replicas and scores them. */
async function score(pool: ReplicaPool, set: SetName, start: number, count: number, labels: Uint8Array): Promise<Scored> {
  const probs = await pool.predict(set, start, count);
  const truth = labels.subarray(start, start + count);
  const evaluation = scoreProbabilities(probs, truth);
  const { confidence, correct } = confidences(probs, truth, NUM_CLASSES);
  return { ...evaluation, confidence, correct, ece: expectedCalibrationError(confidence, correct, ECE_BINS) };
}

export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const recipeName = options.recipe ?? 'reference';
  const recipe: Recipe = RECIPES[recipeName];
  const opts = {
    epochs: options.epochs ?? recipe.epochs,
    batchSize: options.batchSize ?? recipe.batchSize,
    seed: options.seed ?? DEFAULT_SEED,
    threads: options.threads ?? availableParallelism(),
    out: options.out ?? `model/${recipeName}`,
    log: options.log ?? true,
  };
  const say = (line: string) => opts.log && console.log(line);
  const started = performance.now();

  await useWasmBackend();
  const data = loadRawMnist();
  const validationImages = recipe.validationImages ?? 0;
  const trainable = TRAIN_COUNT - validationImages;
  const trainCount = Math.min(options.limit ?? trainable, trainable);
  const validationStart = TRAIN_COUNT - validationImages;
  say(`recipe ${recipeName}: ${recipe.description}`);
  say(
    `${trainCount} training images, ${validationImages} validation images, ${TEST_COUNT} test images, ` +
      `seed ${opts.seed}, backend ${tf.getBackend()}, ${opts.threads} thread${opts.threads === 1 ? '' : 's'}`,
  );

  const pool = await createReplicaPool({ recipe: recipeName, seed: opts.seed, threads: opts.threads, data });
  try {
    const random = new Random(opts.seed);
    const batches = Math.ceil(trainCount / opts.batchSize);
    const learningRate = learningRateSchedule(recipe.learningRate, opts.epochs * batches, batches, recipe.schedule);
    const outliersPerBatch = Math.round((recipe.outliers ?? 0) * opts.batchSize);
    const history: EpochRecord[] = [];
    const stepMs: number[] = [];
    let step = 0;
    let best: { epoch: number; accuracy: number; loss: number; weights: Float32Array } | undefined;
    let lastTest: Scored | undefined;

    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const epochStart = performance.now();
      const order = random.permutation(trainCount);
      const bar = opts.log ? epochProgress(epoch, opts.epochs, batches) : undefined;
      let lossSum = 0;
      let correct = 0;
      let labeled = 0;
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        const digits = order.subarray(b * opts.batchSize, Math.min((b + 1) * opts.batchSize, trainCount));
        const indices = addOutliers(digits, outliersPerBatch, b * outliersPerBatch);
        const t0 = performance.now();
        const result = await pool.step(indices, epoch, learningRate(step++));
        if (digits.length === opts.batchSize) stepMs.push(performance.now() - t0);
        lossSum += result.lossSum;
        correct += result.correct;
        labeled += result.labeled;
        seen += indices.length;
        bar?.update(b + 1, lossSum / seen, correct / Math.max(1, labeled));
        // With one thread a step resolves through microtasks only; a macrotask lets the bar's timer redraw.
        if (bar && pool.threads === 1) await new Promise((resolve) => setImmediate(resolve));
      }
      bar?.stop();
      // Without a validation split the test set is scored each epoch, as the reference always did.
      const scored = validationImages > 0
        ? await score(pool, 'train', validationStart, validationImages, data.train.labels)
        : (lastTest = await score(pool, 'test', 0, TEST_COUNT, data.test.labels));
      const record: EpochRecord = {
        epoch,
        loss: lossSum / seen,
        accuracy: correct / Math.max(1, labeled),
        valLoss: scored.loss,
        valAccuracy: scored.accuracy,
        seconds: (performance.now() - epochStart) / 1000,
      };
      history.push(record);
      if (validationImages > 0 && (!best || scored.accuracy > best.accuracy || (scored.accuracy === best.accuracy && scored.loss < best.loss))) {
        best = { epoch, accuracy: scored.accuracy, loss: scored.loss, weights: await pool.getWeights() };
      }
      say(
        `epoch ${epoch}/${opts.epochs}: loss ${record.loss.toFixed(4)} accuracy ${record.accuracy.toFixed(4)} ` +
          `val loss ${record.valLoss.toFixed(4)} val accuracy ${record.valAccuracy.toFixed(4)} ${record.seconds.toFixed(1)} s`,
      );
    }

    // The weights kept: the best validation epoch, rounded to the stored precision; every figure below is of them.
    const selectedEpoch = best?.epoch ?? opts.epochs;
    let weights = best?.weights ?? (await pool.getWeights());
    const weightDtype = recipe.weightDtype ?? 'float32';
    const changed = weightDtype === 'float16' || selectedEpoch !== opts.epochs;
    if (weightDtype === 'float16') weights = roundTripFloat16(weights);
    if (changed) await pool.setWeights(weights);
    const test = !changed && lastTest ? lastTest : await score(pool, 'test', 0, TEST_COUNT, data.test.labels);
    const validation = validationImages > 0
      ? await score(pool, 'train', validationStart, validationImages, data.train.labels)
      : undefined;

    const model = buildModel(recipe, opts.seed);
    let offset = 0;
    model.setWeights(model.trainableWeights.map((w) => {
      const shape = w.shape as number[];
      const t = tf.tensor(weights.subarray(offset, offset + tf.util.sizeFromShape(shape)), shape);
      offset += t.size;
      return t;
    }));
    const { weightBytes } = await saveModel(model, opts.out, { weightDtype });

    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threadsText = opts.threads === 1 ? '1 thread' : `${opts.threads} worker threads, data-parallel`;
    const metrics: ModelMetrics = {
      recipe: recipeName,
      createdAt: new Date().toISOString(),
      versions: { tfjs: tf.version_core, node: process.version, backend: `wasm${simd ? ' (SIMD)' : ''}, ${threadsText}` },
      architecture: { layers: summarizeLayers(model) },
      parameters: model.countParams(),
      flopsPerImage: flopsPerImage(model),
      weightBytes,
      weightDtype,
      training: {
        epochs: opts.epochs,
        batchSize: opts.batchSize,
        learningRate: recipe.learningRate,
        optimizer: OPTIMIZER,
        loss: LOSS,
        seed: opts.seed,
        trainImages: trainCount,
        seconds: (performance.now() - started) / 1000,
        msPerBatch: stepMs.length > 0 ? median(stepMs) : NaN,
        threads: opts.threads,
        validationImages,
        selectedEpoch,
        schedule: describeSchedule(recipe),
        augmentation: recipe.augment ? { ...defaultAugmentOptions, ...recipe.augment } : null,
      },
      history,
      test: {
        images: TEST_COUNT,
        accuracy: test.accuracy,
        loss: test.loss,
        confusionMatrix: test.confusionMatrix,
        perClass: test.perClass,
        misclassified: test.misclassified,
        ece: test.ece,
      },
    };
    if (validation) {
      const { threshold } = uncertaintyThreshold(validation.confidence, validation.correct, KEEP_CORRECT);
      metrics.validation = { images: validationImages, accuracy: validation.accuracy, loss: validation.loss, ece: validation.ece };
      metrics.uncertainThreshold = threshold;
      metrics.uncertainty = {
        rule:
          `the largest max-softmax threshold that keeps ${KEEP_CORRECT * 100}% of the correct predictions on the ` +
          `${validationImages} validation images at or above it`,
        keepCorrect: KEEP_CORRECT,
        validation: thresholdReport(validation.confidence, validation.correct, threshold),
        test: thresholdReport(test.confidence, test.correct, threshold),
        outliers: outlierReport(model, threshold),
      };
    }
    // Full runs only: rendering 8,000 uploads takes minutes (cached after the first run), too long for smoke runs.
    if (options.limit === undefined) metrics.uploadKinds = await uploadKindsReport(model);
    saveMetrics(metrics, opts.out);
    writeMisclassified(opts.out, packMisclassified(data.test, test.misclassified, test.predicted, test.confidence, recipeName));
    say(
      `test accuracy ${(test.accuracy * 100).toFixed(2)}% (${test.misclassified.length} of ${TEST_COUNT} wrong), ` +
        `ECE ${test.ece.toFixed(4)}` +
        (metrics.uncertainThreshold === undefined ? '' : `, uncertain below ${metrics.uncertainThreshold.toFixed(4)}`) +
        `, epoch ${selectedEpoch} kept; wrote ${opts.out}`,
    );
    return { metrics, model, out: opts.out };
  } finally {
    await pool.close();
  }
}
