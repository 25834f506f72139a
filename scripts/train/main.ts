// The training entry point: loads MNIST, trains a recipe with a seeded loop, evaluates, writes model + metrics.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../functions/core/digit-contract';
import type { EpochRecord, ModelMetrics } from '../../functions/core/model-metrics';
import { Random } from '../../functions/core/random';
import { useWasmBackend } from './backend';
import { loadSplit, type MnistSplit } from './data';
import { evaluateModel, type Evaluation } from './evaluate';
import { createModel, LOSS, OPTIMIZER, RECIPES, type RecipeName } from './model';
import { epochProgress } from './progress';
import { saveMetrics, saveModel } from './save';
import { flopsPerImage, summarizeLayers } from './summary';

export interface TrainOptions {
  /** Which entry of RECIPES. Default 'reference'. */
  recipe?: RecipeName;
  /** Default: the recipe's. */
  epochs?: number;
  /** Default: the recipe's. */
  batchSize?: number;
  /** Weight init and shuffling. Default 42. */
  seed?: number;
  /** Train on the first N training images only (smoke runs). Default: all 60,000. */
  limit?: number;
  /** Where model.json, weights.bin and metrics.json go. Default `model/<recipe>`. */
  out?: string;
  /** Progress bar and per-epoch lines. Default true. */
  log?: boolean;
}

export const DEFAULT_SEED = 42;

export interface TrainResult {
  metrics: ModelMetrics;
  model: tfl.LayersModel;
  out: string;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Copies the images at `indices` into one batch tensor pair (inputs, one-hot labels). */
function makeBatch(split: MnistSplit, indices: Int32Array): [tf.Tensor4D, tf.Tensor2D] {
  const n = indices.length;
  const xs = new Float32Array(n * IMAGE_PIXELS);
  const ys = new Float32Array(n * NUM_CLASSES);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    xs.set(split.images.subarray(k * IMAGE_PIXELS, (k + 1) * IMAGE_PIXELS), i * IMAGE_PIXELS);
    ys[i * NUM_CLASSES + split.labels[k]] = 1;
  }
  return [tf.tensor4d(xs, [n, IMAGE_SIZE, IMAGE_SIZE, 1]), tf.tensor2d(ys, [n, NUM_CLASSES])];
}

export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const recipeName = options.recipe ?? 'reference';
  const recipe = RECIPES[recipeName];
  const opts = {
    epochs: options.epochs ?? recipe.epochs,
    batchSize: options.batchSize ?? recipe.batchSize,
    seed: options.seed ?? DEFAULT_SEED,
    out: options.out ?? `model/${recipeName}`,
    log: options.log ?? true,
  };
  const say = (line: string) => opts.log && console.log(line);
  const started = performance.now();

  await useWasmBackend();
  const trainSet = loadSplit('train', { limit: options.limit });
  const testSet = loadSplit('test');
  say(`recipe ${recipeName}: ${recipe.description}`);
  say(`${trainSet.count} training images, ${testSet.count} test images, seed ${opts.seed}, backend ${tf.getBackend()}`);

  const model = createModel(recipe, { seed: opts.seed });
  const random = new Random(opts.seed);
  const history: EpochRecord[] = [];
  const stepMs: number[] = [];
  let lastEval: Evaluation | undefined;

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const epochStart = performance.now();
    const order = random.permutation(trainSet.count);
    const batches = Math.ceil(trainSet.count / opts.batchSize);
    const bar = opts.log ? epochProgress(epoch, opts.epochs, batches) : undefined;
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    for (let b = 0; b < batches; b++) {
      const indices = order.subarray(b * opts.batchSize, Math.min((b + 1) * opts.batchSize, trainSet.count));
      const [xs, ys] = makeBatch(trainSet, indices);
      const t0 = performance.now();
      const [loss, acc] = (await model.trainOnBatch(xs, ys)) as number[];
      const ms = performance.now() - t0;
      if (indices.length === opts.batchSize) stepMs.push(ms);
      xs.dispose();
      ys.dispose();
      // Keras-style epoch figures: the mean over the epoch's samples of each batch's loss and accuracy.
      lossSum += loss * indices.length;
      accSum += acc * indices.length;
      seen += indices.length;
      bar?.update(b + 1, lossSum / seen, accSum / seen);
      // trainOnBatch resolves through microtasks only; yield a macrotask so timers (the bar's redraws) can run.
      if (bar) await new Promise((resolve) => setImmediate(resolve));
    }
    bar?.stop();
    lastEval = evaluateModel(model, testSet);
    const record: EpochRecord = {
      epoch,
      loss: lossSum / seen,
      accuracy: accSum / seen,
      valLoss: lastEval.loss,
      valAccuracy: lastEval.accuracy,
      seconds: (performance.now() - epochStart) / 1000,
    };
    history.push(record);
    say(
      `epoch ${epoch}/${opts.epochs}: loss ${record.loss.toFixed(4)} accuracy ${record.accuracy.toFixed(4)} ` +
        `val loss ${record.valLoss.toFixed(4)} val accuracy ${record.valAccuracy.toFixed(4)} ${record.seconds.toFixed(1)} s`,
    );
  }
  // The test figures are the last epoch's validation pass: same model, same 10,000 images.
  const test = lastEval ?? evaluateModel(model, testSet);
  const { weightBytes } = await saveModel(model, opts.out);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const metrics: ModelMetrics = {
    recipe: recipeName,
    createdAt: new Date().toISOString(),
    versions: { tfjs: tf.version_core, node: process.version, backend: `wasm${simd ? ' (SIMD)' : ''}, 1 thread` },
    architecture: { layers: summarizeLayers(model) },
    parameters: model.countParams(),
    flopsPerImage: flopsPerImage(model),
    weightBytes,
    training: {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      learningRate: recipe.learningRate,
      optimizer: OPTIMIZER,
      loss: LOSS,
      seed: opts.seed,
      trainImages: trainSet.count,
      seconds: (performance.now() - started) / 1000,
      msPerBatch: stepMs.length > 0 ? median(stepMs) : NaN,
    },
    history,
    test: {
      images: testSet.count,
      accuracy: test.accuracy,
      loss: test.loss,
      confusionMatrix: test.confusionMatrix,
      perClass: test.perClass,
      misclassified: test.misclassified,
    },
  };
  saveMetrics(metrics, opts.out);
  say(`test accuracy ${(test.accuracy * 100).toFixed(2)}% (${test.misclassified.length} of ${testSet.count} wrong); wrote ${opts.out}`);
  return { metrics, model, out: opts.out };
}
