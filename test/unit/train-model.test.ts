// The recipe table and model factory: the reference architecture, and seeded (reproducible) weight init.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../scripts/train/backend';
import { createModel, isRecipeName, RECIPES } from '../../scripts/train/model';
import { flopsPerImage, summarizeLayers } from '../../scripts/train/summary';

beforeAll(async () => {
  await useWasmBackend();
});

function weights(seed: number): Float32Array[] {
  const model = createModel(RECIPES.reference, { seed });
  const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return values;
}

describe('reference recipe', () => {
  it('builds Conv2D(60) -> Conv2D(30) -> Flatten -> Dense(10) with 189,640 parameters', () => {
    const model = createModel(RECIPES.reference, { seed: 0 });
    expect(summarizeLayers(model)).toEqual([
      { name: 'conv1', type: 'Conv2D', outputShape: [null, 26, 26, 60], params: 600 },
      { name: 'conv2', type: 'Conv2D', outputShape: [null, 24, 24, 30], params: 16_230 },
      { name: 'flatten', type: 'Flatten', outputShape: [null, 17_280], params: 0 },
      { name: 'output', type: 'Dense', outputShape: [null, 10], params: 172_810 },
    ]);
    expect(model.countParams()).toBe(189_640);
    expect(flopsPerImage(model)).toBe(19_738_080);
    expect(model.optimizer.getClassName()).toBe('Adam');
    model.dispose();
  });

  it('initialises weights from the seed: same seed same weights, another seed different ones', () => {
    const a = weights(42);
    const b = weights(42);
    const c = weights(43);
    expect(a.map((w) => Array.from(w))).toEqual(b.map((w) => Array.from(w)));
    expect(Array.from(a[0])).not.toEqual(Array.from(c[0]));
    // Glorot-uniform bound for conv1: sqrt(6 / (fanIn + fanOut)) = sqrt(6 / (9 + 540)).
    const bound = Math.sqrt(6 / (9 + 540));
    expect(Math.max(...Array.from(a[0], Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(a[0], Math.abs))).toBeGreaterThan(bound * 0.9);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it('knows its recipe names', () => {
    expect(isRecipeName('reference')).toBe(true);
    expect(isRecipeName('toString')).toBe(false);
  });
});
