// The committed default model, loaded as the files are: budgets from the files, accuracy on all 10,000 test images.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_PIXELS, NUM_CLASSES } from '../../functions/core/digit-contract';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { useWasmBackend } from '../../scripts/train/backend';
import { confidences, expectedCalibrationError, thresholdReport, uncertaintyThreshold } from '../../scripts/train/calibration';
import { loadSplit, TRAIN_COUNT, type MnistSplit } from '../../scripts/train/data';
import { predictProbabilities, scoreProbabilities } from '../../scripts/train/evaluate';
import { loadModelFromDir } from '../../scripts/train/load';
import { KEEP_CORRECT, outlierReport } from '../../scripts/train/main';
import { flopsPerImage } from '../../scripts/train/summary';

const DIR = join(import.meta.dirname, '../../model/default');
/** The budgets. */
const MAX_PARAMETERS = 200_000;
const MAX_FLOPS = 5_000_000;
const MAX_WEIGHT_BYTES = 250_000;
const REQUIRED_ACCURACY = 0.995;

const metrics = JSON.parse(readFileSync(join(DIR, 'metrics.json'), 'utf8')) as ModelMetrics;
const modelJson = JSON.parse(readFileSync(join(DIR, 'model.json'), 'utf8'));

beforeAll(async () => {
  await useWasmBackend();
});

describe('model/default: budgets, from the files', () => {
  const specs = modelJson.weightsManifest.flatMap((g: { weights: { shape: number[]; dtype: string; quantization?: { dtype: string } }[] }) => g.weights);
  const parameters = specs.reduce((n: number, s: { shape: number[] }) => n + s.shape.reduce((a, b) => a * b, 1), 0);

  it(`has at most ${MAX_PARAMETERS.toLocaleString('en')} parameters (counted from model.json's weight shapes)`, () => {
    expect(parameters).toBeLessThanOrEqual(MAX_PARAMETERS);
    expect(parameters).toBe(metrics.parameters);
  });

  it(`stores them in at most ${MAX_WEIGHT_BYTES.toLocaleString('en')} bytes: weights.bin is float16, as the manifest declares`, () => {
    const bytes = statSync(join(DIR, 'weights.bin')).size;
    expect(bytes).toBeLessThanOrEqual(MAX_WEIGHT_BYTES);
    expect(specs.every((s: { dtype: string; quantization?: { dtype: string } }) => s.dtype === 'float32' && s.quantization?.dtype === 'float16')).toBe(true);
    expect(bytes).toBe(parameters * 2);
    expect(metrics.weightBytes).toBe(bytes);
    expect(metrics.weightDtype).toBe('float16');
  });

  it(`costs at most ${MAX_FLOPS.toLocaleString('en')} FLOPs per image (2 x multiply-adds of the loaded model's layers)`, async () => {
    const model = await loadModelFromDir(DIR);
    const flops = flopsPerImage(model);
    expect(model.countParams()).toBe(parameters);
    model.dispose();
    expect(flops).toBeLessThanOrEqual(MAX_FLOPS);
    expect(flops).toBe(metrics.flopsPerImage);
    // Conv(16,5x5)@28x28 + Conv(32,3x3)@14x14 + Conv(64,3x3)@7x7 + Dense(576->128) + Dense(128->10).
    expect(flops).toBe(2 * (28 * 28 * 16 * 25 + 14 * 14 * 32 * 9 * 16 + 7 * 7 * 64 * 9 * 32 + 576 * 128 + 128 * 10));
  });
});

describe('model/default: accuracy and confidence, recomputed from the files', () => {
  it(`scores >= ${REQUIRED_ACCURACY * 100}% on all 10,000 test images, exactly as metrics.json says, with its ECE`, async () => {
    const model = await loadModelFromDir(DIR);
    const test = loadSplit('test');
    const probs = predictProbabilities(model, test);
    const result = scoreProbabilities(probs, test.labels);
    model.dispose();
    expect(test.count).toBe(10_000);
    expect(result.accuracy).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
    expect(result.accuracy).toBe(metrics.test.accuracy);
    expect(result.misclassified).toEqual(metrics.test.misclassified);
    expect(result.confusionMatrix).toEqual(metrics.test.confusionMatrix);
    expect(result.loss).toBeCloseTo(metrics.test.loss, 6);
    const { confidence, correct } = confidences(probs, test.labels, NUM_CLASSES);
    expect(expectedCalibrationError(confidence, correct, 15)).toBeCloseTo(metrics.test.ece!, 9);
    expect(thresholdReport(confidence, correct, metrics.uncertainThreshold!)).toEqual(metrics.uncertainty!.test);
  });

  it('chose its uncertainty threshold on the 5,000 held-out training images, by the documented rule', async () => {
    const model = await loadModelFromDir(DIR);
    const all = loadSplit('train');
    const start = TRAIN_COUNT - 5000;
    const validation: MnistSplit = {
      count: 5000,
      images: all.images.subarray(start * IMAGE_PIXELS),
      labels: all.labels.subarray(start),
    };
    const probs = predictProbabilities(model, validation);
    const result = scoreProbabilities(probs, validation.labels);
    model.dispose();
    expect(metrics.training.validationImages).toBe(5000);
    expect(metrics.training.trainImages).toBe(55_000);
    expect(result.accuracy).toBe(metrics.validation!.accuracy);
    const { confidence, correct } = confidences(probs, validation.labels, NUM_CLASSES);
    const { threshold } = uncertaintyThreshold(confidence, correct, KEEP_CORRECT);
    expect(threshold).toBe(metrics.uncertainThreshold);
    expect(threshold).toBeGreaterThan(0.2);
    expect(threshold).toBeLessThan(1);
    expect(thresholdReport(confidence, correct, threshold)).toEqual(metrics.uncertainty!.validation);
  });

  it('flags most synthetic non-digits (letters, blobs, noise, grids, blocks) as uncertain, as metrics.json says', async () => {
    const model = await loadModelFromDir(DIR);
    const report = outlierReport(model, metrics.uncertainThreshold!);
    model.dispose();
    expect(report).toEqual(metrics.uncertainty!.outliers);
    expect(report.flaggedShare).toBeGreaterThan(0.9);
    for (const share of Object.values(report.flaggedShareByKind)) expect(share).toBeGreaterThan(0.75);
  });
});
