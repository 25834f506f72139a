// A short real training run in-process (2,000 images, one epoch): the pipeline end to end, in about 20 s.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { loadSplit } from '../../scripts/train/data';
import { loadModelFromDir } from '../../scripts/train/load';
import { DEFAULT_SEED, train } from '../../scripts/train/main';

describe('train --limit 2000 --epochs 1', () => {
  const out = mkdtempSync(join(tmpdir(), 'train-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('trains, scores > 85% on the 10,000 test images, and writes a loadable model', async () => {
    // Batch 32 instead of 128: 63 optimiser steps instead of 16 for the same CPU, so one short epoch learns enough.
    const { metrics, model } = await train({ limit: 2000, epochs: 1, batchSize: 32, seed: DEFAULT_SEED, out, log: false });
    expect(metrics.training.trainImages).toBe(2000);
    expect(metrics.history).toHaveLength(1);
    expect(metrics.history[0].loss).toBeGreaterThan(metrics.history[0].valLoss * 0.5);
    expect(metrics.test.images).toBe(10_000);
    expect(metrics.test.accuracy).toBeGreaterThan(0.85);
    expect(metrics.test.misclassified.length).toBe(Math.round((1 - metrics.test.accuracy) * 10_000));
    expect(metrics.training.msPerBatch).toBeGreaterThan(0);

    for (const file of ['model.json', 'weights.bin', 'metrics.json']) expect(existsSync(join(out, file))).toBe(true);
    const written = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as ModelMetrics;
    expect(written.test.accuracy).toBe(metrics.test.accuracy);

    // The saved files reproduce the in-memory model's outputs on a few test images.
    const reloaded = await loadModelFromDir(out);
    const test = loadSplit('test');
    const xs = tf.tensor4d(test.images.subarray(0, 50 * 784), [50, 28, 28, 1]);
    const a = (model.predict(xs) as tf.Tensor).dataSync();
    const b = (reloaded.predict(xs) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    xs.dispose();
    model.dispose();
    reloaded.dispose();
    // 27-48 s on a quiet 2-core machine; the headroom is for a loaded one (it timed out at 120 s under load).
  }, 300_000);
});
