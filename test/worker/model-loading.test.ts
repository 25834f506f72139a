// Model loading in workerd: a bad model.json/weights.bin fails with a reason, once; the bundled one loads.
import { dispose, io, memory } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import pixels from '../fixtures/digits/pixels.json';
import reference from '../../model/reference/model.json';
import { classifierLoader, createClassifier } from '../../functions/runtime/classifier';
import { planFromModelJson } from '../../functions/runtime/model-plan';
import { widenFloat16 } from '../../functions/runtime/widen-float16';
import { servedModel as good } from '../../functions/runtime/served-model';

const { weights, metrics } = good;

/** A deep copy of model.json with one layer changed. */
function withLayer(index: number, change: (layer: { class_name: string; config: Record<string, unknown> }) => void) {
  const copy = structuredClone(reference) as typeof reference;
  change(copy.modelTopology.config.layers[index] as { class_name: string; config: Record<string, unknown> });
  return copy;
}

describe('planFromModelJson', () => {
  it('reads the reference model as conv, conv, flatten, dense', () => {
    const plan = planFromModelJson(reference);
    expect(plan.inputShape).toEqual([28, 28, 1]);
    expect(plan.steps.map((s) => s.op)).toEqual(['conv2d', 'conv2d', 'flatten', 'dense']);
    expect(plan.steps.map((s) => ('activation' in s ? s.activation : null))).toEqual(['relu', 'relu', null, 'softmax']);
  });

  it('refuses a layer type it cannot run, naming it', () => {
    const lstm = withLayer(1, (l) => (l.class_name = 'LSTM'));
    expect(() => planFromModelJson(lstm)).toThrow(/layers\.1\.class_name/);
  });

  it('refuses channels_first convolutions', () => {
    const cf = withLayer(0, (l) => (l.config.data_format = 'channels_first'));
    expect(() => planFromModelJson(cf)).toThrow(/data_format/);
  });

  it('refuses a layer whose weights are missing from the manifest', () => {
    const renamed = withLayer(3, (l) => (l.config.name = 'renamed'));
    expect(() => planFromModelJson(renamed)).toThrow('layer renamed has no weight renamed/kernel in the manifest');
  });
});

describe('createClassifier', () => {
  it('rejects truncated weights', async () => {
    await expect(createClassifier({ ...good, weights: weights.slice(0, weights.byteLength - 40) })).rejects.toThrow(
      /should have \d+ values but has \d+/,
    );
  });

  it('rejects metrics.json without test scores', async () => {
    const { test: _dropped, ...partial } = metrics;
    await expect(createClassifier({ ...good, metrics: partial })).rejects.toThrow(/metrics\.json is malformed: test/);
  });

  it('batches: three images give three distributions over ten digits', async () => {
    const classifier = await createClassifier(good);
    const images = [0, 1, 2].map((k) => new Float32Array(784).map((_, i) => ((i * (k + 3)) % 17) / 16));
    const predictions = classifier.classify(images);
    expect(predictions).toHaveLength(3);
    for (const p of predictions) {
      expect(p.probabilities).toHaveLength(10);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.confidence).toBe(Math.max(...p.probabilities));
      expect(p.probabilities[p.digit]).toBe(p.confidence);
    }
    // Every intermediate tensor is disposed: classifying again leaves the count where it was.
    const before = memory().numTensors;
    classifier.classify(images);
    expect(memory().numTensors).toBe(before);
    // Batched and one-by-one inference agree.
    const single = classifier.classify([images[1]])[0];
    for (let d = 0; d < 10; d++) expect(predictions[1].probabilities[d]).toBeCloseTo(single.probabilities[d], 6);
  });
});

describe('uncertain flag', () => {
  // Real MNIST test digits (confident) and half-and-half blends of two of them (ambiguous on purpose), so the
  // confidences spread out. Patterned noise would not do: the default model, trained with outlier exposure,
  // gives every such image the same near-uniform answer.
  const digits = (pixels as { pixels: number[] }[]).slice(0, 12).map((d) => Float32Array.from(d.pixels, (v) => v / 255));
  const images = [...digits, ...digits.slice(0, 6).map((a, i) => a.map((v, j) => (v + digits[i + 6][j]) / 2))];

  it('is absent when metrics.json defines no uncertainThreshold', async () => {
    const { uncertainThreshold: _none, ...withoutThreshold } = metrics as typeof metrics & { uncertainThreshold?: number };
    const classifier = await createClassifier({ ...good, metrics: withoutThreshold });
    for (const p of classifier.classify(images)) expect(p).not.toHaveProperty('uncertain');
  });

  it('flags exactly the predictions whose confidence is below the threshold', async () => {
    const plain = await createClassifier({ ...good, metrics: { ...metrics, uncertainThreshold: 0 } });
    const distinct = [...new Set(plain.classify(images).map((p) => p.confidence))].sort((a, b) => a - b);
    expect(distinct.length).toBeGreaterThanOrEqual(4);
    // A threshold between two neighbouring confidences in the middle: some flagged, some not.
    const mid = distinct.length >> 1;
    const threshold = (distinct[mid - 1] + distinct[mid]) / 2;
    const classifier = await createClassifier({ ...good, metrics: { ...metrics, uncertainThreshold: threshold } });
    const predictions = classifier.classify(images);
    for (const p of predictions) expect(p.uncertain).toBe(p.confidence < threshold);
    const flagged = predictions.filter((p) => p.uncertain).length;
    expect(flagged).toBeGreaterThanOrEqual(mid);
    expect(flagged).toBeLessThan(images.length);
  });
});

describe('classifierLoader', () => {
  it('remembers a failure instead of reloading on every call', async () => {
    let reads = 0;
    const files = {
      get modelJson() {
        reads++;
        return withLayer(0, (l) => (l.class_name = 'LSTM'));
      },
      weights,
      metrics,
    };
    const load = classifierLoader(files);
    const first = load();
    await expect(first).rejects.toThrow(/not a supported layers model/);
    expect(load()).toBe(first);
    await expect(load()).rejects.toThrow(/not a supported layers model/);
    expect(reads).toBe(1);
  });
});

describe('a pooled model in workerd', () => {
  it('runs Conv2D(same) -> MaxPooling2D -> Flatten -> Dense with the MaxPool kernel registered', async () => {
    // Conv kernel 0 and bias 1: every ReLU output is 1, so the 14x14x4 = 784 pooled values are all 1. The dense
    // layer gives digit 3 a weight of 0.01 per input: logit 3 = 7.84, every other logit 0.
    const topology = {
      class_name: 'Sequential',
      config: {
        name: 'pooled',
        layers: [
          { class_name: 'Conv2D', config: { name: 'c', filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'relu', batch_input_shape: [null, 28, 28, 1] } },
          { class_name: 'MaxPooling2D', config: { name: 'p', pool_size: [2, 2], strides: null, padding: 'valid' } },
          { class_name: 'Flatten', config: { name: 'f' } },
          { class_name: 'Dense', config: { name: 'd', units: 10, activation: 'softmax' } },
        ],
      },
    };
    const specs = [
      { name: 'c/kernel', shape: [3, 3, 1, 4], dtype: 'float32' },
      { name: 'c/bias', shape: [4], dtype: 'float32' },
      { name: 'd/kernel', shape: [784, 10], dtype: 'float32' },
      { name: 'd/bias', shape: [10], dtype: 'float32' },
    ];
    const values = new Float32Array(36 + 4 + 7840 + 10);
    values.fill(1, 36, 40);
    for (let i = 0; i < 784; i++) values[40 + i * 10 + 3] = 0.01;
    const classifier = await createClassifier({
      modelJson: { modelTopology: topology, weightsManifest: [{ paths: ['./weights.bin'], weights: specs }] },
      weights: values.buffer,
      metrics,
    });
    const [p] = classifier.classify([new Float32Array(784).fill(0.5)]);
    const e = Math.exp(7.84);
    expect(p.digit).toBe(3);
    expect(p.confidence).toBeCloseTo(e / (e + 9), 5);
    expect(p.probabilities[0]).toBeCloseTo(1 / (e + 9), 5);
  });
});

describe('widenFloat16 (native Float16Array in workerd)', () => {
  const specs = planFromModelJson(good.modelJson).weightSpecs;

  it('gives the served float16 model exactly the weights tfjs decodes', () => {
    const widened = widenFloat16(weights, specs);
    expect(widened).not.toBeNull();
    expect(widened!.specs.every((s) => s.quantization === undefined)).toBe(true);
    const ours = io.decodeWeights(widened!.data, widened!.specs as io.WeightsManifestEntry[]);
    const tfjs = io.decodeWeights(weights, specs as io.WeightsManifestEntry[]);
    expect(Object.keys(ours)).toEqual(Object.keys(tfjs));
    for (const name of Object.keys(tfjs)) {
      expect(ours[name].shape).toEqual(tfjs[name].shape);
      expect(ours[name].dataSync()).toEqual(tfjs[name].dataSync());
    }
    dispose([...Object.values(ours), ...Object.values(tfjs)]);
  });

  it('handles float32 entries between float16 ones, even at offsets that are not 4-aligned', () => {
    // workerd has Float16Array; this project's TypeScript lib does not declare it yet.
    const F16 = (globalThis as unknown as { Float16Array: new (values: number[]) => { buffer: ArrayBuffer } }).Float16Array;
    const halves = new F16([1.5, -2, 0.25]); // 3 halves: the float32 entry after them starts at byte 6
    const single = Float32Array.of(3.25, -7);
    const bytes = new Uint8Array(6 + 8 + 2);
    bytes.set(new Uint8Array(halves.buffer), 0);
    bytes.set(new Uint8Array(single.buffer), 6);
    bytes.set(new Uint8Array(new F16([65504]).buffer), 14);
    const half = { dtype: 'float32' as const, quantization: { dtype: 'float16' } };
    const mixed = [
      { name: 'a', shape: [3], ...half },
      { name: 'b', shape: [2], dtype: 'float32' as const },
      { name: 'c', shape: [1], ...half },
    ];
    const widened = widenFloat16(bytes.buffer, mixed);
    expect(Array.from(new Float32Array(widened!.data))).toEqual([1.5, -2, 0.25, 3.25, -7, 65504]);
  });

  it('leaves to tfjs what it does not know: no Float16Array, no float16, other quantization, a wrong size', () => {
    expect(widenFloat16(weights, specs, null)).toBeNull();
    expect(widenFloat16(new ArrayBuffer(4 * 10), [{ name: 'w', shape: [10], dtype: 'float32' }])).toBeNull();
    expect(widenFloat16(weights, [{ ...specs[0], quantization: { dtype: 'uint8', scale: 1, min: 0 } }, ...specs.slice(1)])).toBeNull();
    expect(widenFloat16(weights.slice(0, weights.byteLength - 2), specs)).toBeNull();
  });
});
