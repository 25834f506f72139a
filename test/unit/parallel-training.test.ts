// Data-parallel training: 2 worker replicas give the single-thread gradients, stay bit-identical, and train end to end.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { loadModelFromDir } from '../../scripts/train/load';
import { train } from '../../scripts/train/main';
import { loadRawMnist } from '../../scripts/train/raw-data';
import { addOutliers } from '../../scripts/train/replica';
import { createReplicaPool, splitRange, type ReplicaPool } from '../../scripts/train/replica-pool';

const data = loadRawMnist();

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('addOutliers', () => {
  it('spreads outlier ids, written -(id + 1), evenly through a batch', () => {
    const batch = Int32Array.from({ length: 8 }, (_, i) => i);
    expect(Array.from(addOutliers(batch, 2, 10))).toEqual([0, 1, 2, 3, -11, 4, 5, 6, 7, -12]);
    expect(addOutliers(batch, 0, 0)).toBe(batch);
  });
});

describe('splitRange', () => {
  it('cuts a batch into contiguous shards whose sizes differ by at most one', () => {
    expect(splitRange(128, 2)).toEqual([{ start: 0, count: 64 }, { start: 64, count: 64 }]);
    expect(splitRange(5, 3)).toEqual([{ start: 0, count: 1 }, { start: 1, count: 2 }, { start: 3, count: 2 }]);
    expect(splitRange(1, 2)).toEqual([{ start: 0, count: 0 }, { start: 0, count: 1 }]);
  });
});

describe('2 worker replicas vs 1 in-process replica, default recipe (augmentation, outliers and dropout on)', () => {
  let single: ReplicaPool;
  let parallel: ReplicaPool;
  beforeAll(async () => {
    [single, parallel] = await Promise.all([
      createReplicaPool({ recipe: 'default', seed: 3, threads: 1, data }),
      createReplicaPool({ recipe: 'default', seed: 3, threads: 2, data }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([single?.close(), parallel?.close()]);
  });

  it('start from the same weights', async () => {
    expect(parallel.threads).toBe(2);
    expect(Array.from(await parallel.getWeights(1))).toEqual(Array.from(await single.getWeights()));
  });

  it('take the same steps: same losses and weights within float tolerance; the replicas stay bit-identical', async () => {
    const start = await single.getWeights();
    for (let step = 0; step < 4; step++) {
      // 96 scattered digits and 6 outliers, epoch 2 to exercise per-image seeding.
      const digits = Int32Array.from({ length: 96 }, (_, i) => (i * 613 + step * 97) % 55_000);
      const indices = addOutliers(digits, 6, step * 6);
      const a = await single.step(indices, 2, 0.002);
      const b = await parallel.step(indices, 2, 0.002);
      expect(b.correct).toBe(a.correct);
      expect(a.labeled).toBe(96);
      expect(b.labeled).toBe(96);
      expect(Math.abs(b.lossSum - a.lossSum)).toBeLessThan(1e-4 * Math.max(1, a.lossSum));
    }
    const w1 = await single.getWeights();
    const w2 = await parallel.getWeights(0);
    const w2b = await parallel.getWeights(1);
    expect(Array.from(w2b)).toEqual(Array.from(w2));
    // The weights moved (Adam's first steps are ~lr per weight), and the two runs moved them the same way.
    expect(maxAbsDiff(w1, start)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(w1, w2)).toBeLessThan(1e-5);
  });

  it('predict a set split over the replicas exactly as one replica does', async () => {
    const a = await single.predict('test', 100, 1001);
    const b = await parallel.predict('test', 100, 1001);
    expect(b.length).toBe(1001 * 10);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
  });

  it('set weights on every replica', async () => {
    const w = await single.getWeights();
    await parallel.setWeights(w);
    expect(Array.from(await parallel.getWeights(1))).toEqual(Array.from(w));
  });

  it('take a one-image step (one replica has no shard and only applies) the same way, twice in a row', async () => {
    const w = await single.getWeights();
    await parallel.setWeights(w);
    for (const index of [7, 11]) {
      const a = await single.step(Int32Array.of(index), 3, 0.002);
      const b = await parallel.step(Int32Array.of(index), 3, 0.002);
      expect(b.labeled).toBe(1);
      expect(Math.abs(b.lossSum - a.lossSum)).toBeLessThan(1e-5);
    }
    const w1 = await single.getWeights();
    const w2 = await parallel.getWeights(0);
    expect(Array.from(await parallel.getWeights(1))).toEqual(Array.from(w2));
    expect(maxAbsDiff(w1, w)).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(w1, w2)).toBeLessThan(1e-5);
  });
});

describe('train --recipe default --threads 2 on a small slice', () => {
  const out = mkdtempSync(join(tmpdir(), 'train-parallel-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('trains, picks a threshold on the validation images, and writes a float16 model that reloads exactly', async () => {
    // 32 steps of 32 images: most of the time goes to scoring the 5,000 validation images (twice) and the test set.
    const { metrics, model } = await train({
      recipe: 'default', limit: 1024, epochs: 1, batchSize: 32, threads: 2, seed: 1, out, log: false,
    });
    expect(metrics.training).toMatchObject({ threads: 2, trainImages: 1024, validationImages: 5000 });
    expect(metrics.versions.backend).toMatch(/2 worker threads, data-parallel/);
    expect(metrics.test.accuracy).toBeGreaterThan(0.4);
    expect(metrics.test.ece).toBeGreaterThanOrEqual(0);
    expect(metrics.test.ece).toBeLessThan(0.5);
    expect(metrics.validation?.images).toBe(5000);
    expect(metrics.uncertainThreshold).toBeGreaterThan(0.1);
    expect(metrics.uncertainThreshold).toBeLessThan(1);
    // By construction at most 0.5% of the right validation answers fall below the threshold.
    expect(metrics.uncertainty?.validation.flaggedShare).toBeGreaterThan(0);
    expect(metrics.training.selectedEpoch).toBe(1);

    for (const file of ['model.json', 'weights.bin', 'metrics.json']) expect(existsSync(join(out, file))).toBe(true);
    expect(metrics.weightDtype).toBe('float16');
    expect(statSync(join(out, 'weights.bin')).size).toBe(metrics.parameters * 2);
    const written = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as ModelMetrics;
    expect(written.uncertainThreshold).toBe(metrics.uncertainThreshold);

    const reloaded = await loadModelFromDir(out);
    const test = data.test.pixels.subarray(0, 40 * 784);
    const xs = tf.tensor4d(Float32Array.from(test, (v) => v / 255), [40, 28, 28, 1]);
    const a = (model.predict(xs) as tf.Tensor).dataSync();
    const b = (reloaded.predict(xs) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose([xs]);
    model.dispose();
    reloaded.dispose();
  }, 300_000);
});
