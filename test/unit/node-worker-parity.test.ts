// Node and the Worker agree: tfjs-layers on Node's WASM backend vs our interpreter on WASM-SIMD in workerd,
// same model files, same preprocessing, 20 real MNIST test digits. Both sides run live, so no fixture can go stale.
// Plus our interpreter against tfjs-layers on the pooled `default` architecture, in Node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_startWorker } from 'wrangler';
import { IMAGE_PIXELS, NUM_CLASSES } from '../../functions/core/digit-contract';
import { preprocessPixels } from '../../functions/core/image/preprocess';
import { planFromModelJson } from '../../functions/runtime/model-plan';
import { SequentialModel } from '../../functions/runtime/sequential-model';
import { SERVED_MODEL_DIR } from '../../functions/runtime/served-model-dir';
import { parseIdxImages, parseIdxLabels } from '../../functions/core/mnist/idx';
import { useWasmBackend } from '../../scripts/train/backend';
import { MNIST_FILES, mnistDataDir, TEST_COUNT } from '../../scripts/train/data';
import { quantizeFloat16 } from '../../scripts/train/float16';
import { loadModelFromDir } from '../../scripts/train/load';
import { buildModel, RECIPES } from '../../scripts/train/model';

const ROOT = join(import.meta.dirname, '../..');
/** Spread over the test set rather than the first 20, so every digit appears. */
const INDICES = Array.from({ length: 20 }, (_, i) => i * 499);
const TOLERANCE = 1e-4;

const images = parseIdxImages(readFileSync(join(mnistDataDir(), MNIST_FILES.testImages)), TEST_COUNT).pixels;
const labels = parseIdxLabels(readFileSync(join(mnistDataDir(), MNIST_FILES.testLabels)), TEST_COUNT).labels;
const digits = INDICES.map((i) => ({ label: labels[i], pixels: images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS) }));

interface WorkerPrediction {
  digit: number;
  probabilities: number[];
  preprocessed: number[];
}

let worker: Awaited<ReturnType<typeof unstable_startWorker>>;

beforeAll(async () => {
  Object.assign(process.env, {
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
  });
  worker = await unstable_startWorker({
    config: join(ROOT, 'wrangler.toml'),
    dev: { server: { port: 0 }, inspector: false, watch: false, logLevel: 'warn' },
  });
  await worker.ready;
});

afterAll(async () => {
  await worker?.dispose();
});

describe('Node (tfjs-layers, wasm) vs Worker (workerd, WASM-SIMD)', () => {
  it(`compares the same model: the Worker serves ${SERVED_MODEL_DIR}`, async () => {
    const res = await worker.fetch('http://localhost/api/model');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(readFileSync(join(ROOT, SERVED_MODEL_DIR, 'metrics.json'), 'utf8')));
  });

  it('gives the same probabilities for 20 MNIST test digits, to 1e-4', async () => {
    await useWasmBackend();
    const model = await loadModelFromDir(join(ROOT, SERVED_MODEL_DIR));
    const inputs = digits.map((d) => preprocessPixels(d.pixels));
    const batch = new Float32Array(inputs.length * IMAGE_PIXELS);
    inputs.forEach((x, i) => batch.set(x, i * IMAGE_PIXELS));
    const nodeProbabilities = tf.tidy(() => {
      const out = model.predict(tf.tensor4d(batch, [inputs.length, 28, 28, 1])) as tf.Tensor;
      return out.arraySync() as number[][];
    });
    model.dispose();

    for (const [i, digit] of digits.entries()) {
      const res = await worker.fetch('http://localhost/api/digits/classify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pixels: Array.from(digit.pixels) }),
      });
      expect(res.status).toBe(200);
      const fromWorker = (await res.json()) as WorkerPrediction;
      const context = `test image ${INDICES[i]} (a ${digit.label})`;

      // Same preprocessing on both sides (the Worker rounds to 4 decimals).
      fromWorker.preprocessed.forEach((v, p) => expect(Math.abs(v - inputs[i][p]), context).toBeLessThanOrEqual(5e-5));
      expect(fromWorker.probabilities).toHaveLength(NUM_CLASSES);
      fromWorker.probabilities.forEach((v, d) =>
        expect(Math.abs(v - nodeProbabilities[i][d]), `${context}, p(${d})`).toBeLessThanOrEqual(TOLERANCE),
      );
      expect(fromWorker.digit, context).toBe(nodeProbabilities[i].indexOf(Math.max(...nodeProbabilities[i])));
    }
  });

  it("runs the pooled 'default' recipe (same padding, max-pooling, dropout, float16 weights) as tfjs-layers does", async () => {
    await useWasmBackend();
    // Untrained but seeded: what matters is that our interpreter and tfjs-layers compute the same function.
    const model = buildModel(RECIPES.default, 7);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const float32 = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts!.weightData!));
    const { weights, specs } = quantizeFloat16(float32, artifacts!.weightSpecs!);
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
    const layers = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: artifacts!.modelTopology, weightSpecs: specs, weightData }),
    );
    const ours = new SequentialModel(
      planFromModelJson({ modelTopology: artifacts!.modelTopology, weightsManifest: [{ paths: ['./weights.bin'], weights: specs }] }),
      weightData,
    );
    expect(ours.plan.steps.map((s) => s.op)).toEqual(['conv2d', 'maxPool', 'conv2d', 'maxPool', 'conv2d', 'maxPool', 'flatten', 'dense', 'dense']);

    const inputs = digits.slice(0, 8).map((d) => preprocessPixels(d.pixels));
    const batch = new Float32Array(inputs.length * IMAGE_PIXELS);
    inputs.forEach((x, i) => batch.set(x, i * IMAGE_PIXELS));
    const expected = tf.tidy(() => (layers.predict(tf.tensor4d(batch, [inputs.length, 28, 28, 1])) as tf.Tensor).dataSync());
    const actual = ours.predict(batch, inputs.length);
    expect(actual.outputs).toBe(NUM_CLASSES);
    actual.values.forEach((v, k) => expect(Math.abs(v - expected[k]), `value ${k}`).toBeLessThanOrEqual(1e-6));
    ours.dispose();
    layers.dispose();
    model.dispose();
  });
});
