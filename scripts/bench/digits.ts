// Bench section `digits`: the served `default` model against `reference`, each in its own workerd, in one run:
// one 28x28 MNIST PNG end to end, a batch of 100 in one request, WASM-SIMD vs tfjs's `cpu`, cold start of a
// fresh isolate and the gzipped bundle. `npm run bench -- --only digits`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { bundleSize, type BundleSize } from './digits-bundle';
import { coldStart, type ColdSample } from './digits-cold';
import { benchDigits, multipartBody } from './digits-input';
import { benchFetch, MODELS, startBenchWorker, type BenchWorker, type ModelName } from './digits-models';
import { report } from './digits-report';
import { quietWrangler } from '../lib/wrangler-dev';

type Task = 'infer' | 'infer-batch' | 'pipeline' | 'route' | 'decode' | 'preprocess';
type Backend = 'wasm' | 'cpu';

const SAMPLES = 21;
/** local workerd's clock moves in whole milliseconds: each sample runs long enough for a <3% rounding error. */
const SAMPLE_MS = 40;
/** MAX_IMAGES_PER_REQUEST in wrangler.toml. */
const BATCH = 100;
/** Fresh isolates per model. */
const COLD_STARTS = 9;

const wranglerEnv = { ...process.env, ...quietWrangler };

/** One measured combination: a task on a backend with a body, on each model in `models`. */
interface Combo {
  key: string;
  task: Task;
  backend: Backend;
  body: Uint8Array;
  contentType: string;
  /** The digits each answer must hold (checked on every sample, so the figures are of correct work). */
  expected: number[];
  models: readonly ModelName[];
}

/** A long-lived bench Worker, checked to serve `model` on the wasm backend. */
async function servingWorker(model: ModelName): Promise<BenchWorker> {
  const worker = await startBenchWorker(model);
  try {
    const info = (await (await benchFetch(worker, 'http://localhost/api/bench')).json()) as { recipe: string; backend: string };
    if (info.recipe !== model || info.backend !== 'wasm') throw new Error(`bench Worker for ${model}: ${JSON.stringify(info)}`);
    return worker;
  } catch (err) {
    await worker.dispose(); // not yet in the caller's list, so nothing else would stop its workerd
    throw err;
  }
}

async function sample(worker: BenchWorker, combo: Combo, iterations: number) {
  const url = `http://localhost/api/bench?task=${combo.task}&backend=${combo.backend}&iterations=${iterations}`;
  const res = await benchFetch(worker, url, { method: 'POST', headers: { 'content-type': combo.contentType }, body: combo.body });
  if (!res.ok) throw new Error(`bench worker: ${res.status} ${await res.text()}`);
  const out = (await res.json()) as { ms: number; backend: string; digits: number[]; answerBytes?: number };
  if (out.backend !== combo.backend) throw new Error(`${combo.key}: asked for ${combo.backend}, ran on ${out.backend}`);
  return out;
}

export async function bench(): Promise<string> {
  Object.assign(process.env, wranglerEnv);
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const loadBefore = loadavg();
  const { pngs, labels } = benchDigits(BATCH);
  const png = pngs[0];
  const batch = await multipartBody(pngs);

  // Cold starts first, alternating which model goes first, before the long-lived Workers exist.
  const cold = new Map<ModelName, ColdSample[]>(MODELS.map((m) => [m, []]));
  for (let i = 0; i < COLD_STARTS; i++) {
    for (const model of i % 2 ? [...MODELS].reverse() : MODELS) cold.get(model)!.push(await coldStart(model, png, labels[0]));
  }

  const single = { body: png, contentType: 'image/png', expected: [labels[0]] };
  const both = MODELS;
  const plan: Combo[] = [
    { key: 'route', task: 'route', backend: 'wasm', ...single, models: both },
    { key: 'batch', task: 'route', backend: 'wasm', ...batch, expected: labels, models: both },
    { key: 'pipeline/wasm', task: 'pipeline', backend: 'wasm', ...single, models: both },
    { key: 'pipeline/cpu', task: 'pipeline', backend: 'cpu', ...single, models: both },
    { key: 'infer/wasm', task: 'infer', backend: 'wasm', ...single, models: both },
    { key: 'infer/cpu', task: 'infer', backend: 'cpu', ...single, models: both },
    // One forward pass over 100 copies of image 0: how much of the batch request is inference.
    { key: 'infer-batch', task: 'infer-batch', backend: 'wasm', ...single, models: both },
    // Not tfjs, so the same for either model: measured once to show where the pipeline's time goes.
    { key: 'decode', task: 'decode', backend: 'wasm', ...single, expected: [], models: ['default'] },
    { key: 'preprocess', task: 'preprocess', backend: 'wasm', ...single, expected: [], models: ['default'] },
  ];
  const workers = new Map<ModelName, BenchWorker>();
  const iterations = new Map<string, number>();
  const results = new Map<string, number[]>();
  /** Right answers in the batch, per model (every sample must agree: the same model, the same input). */
  const batchRight = new Map<ModelName, number>();
  /** Bytes of the route's JSON answer, per combination (the same on every sample). */
  const answerBytes = new Map<string, number>();
  try {
    for (const model of MODELS) workers.set(model, await servingWorker(model));
    const measure = async (combo: Combo, model: ModelName, iterations: number) => {
      const out = await sample(workers.get(model)!, combo, iterations);
      if (out.answerBytes !== undefined) answerBytes.set(combo.key, out.answerBytes);
      if (combo.key === 'batch') {
        const right = out.digits.filter((d, i) => d === labels[i]).length;
        if (out.digits.length !== BATCH || (batchRight.has(model) && batchRight.get(model) !== right)) {
          throw new Error(`${model}: batch answered ${out.digits.length} digits, ${right} right`);
        }
        batchRight.set(model, right);
      } else if (combo.expected.length > 0 && out.digits[0] !== combo.expected[0]) {
        throw new Error(`${model} ${combo.key}: answered ${out.digits[0]}, the digit is ${combo.expected[0]}`);
      }
      return out.ms;
    };
    // Warm up each combination, then size its iterations so one sample lasts about SAMPLE_MS.
    for (const combo of plan) {
      for (const model of combo.models) {
        await measure(combo, model, 1);
        const probe = (await measure(combo, model, 3)) / 3;
        iterations.set(`${model}/${combo.key}`, Math.max(1, Math.ceil(SAMPLE_MS / Math.max(probe, 0.05))));
      }
    }
    // Interleaved, alternating the model that goes first, so a burst of load hits every combination alike.
    for (let s = 0; s < SAMPLES; s++) {
      for (const combo of plan) {
        for (const model of s % 2 ? [...combo.models].reverse() : combo.models) {
          const key = `${model}/${combo.key}`;
          const n = iterations.get(key)!;
          results.set(key, [...(results.get(key) ?? []), (await measure(combo, model, n)) / n]);
        }
      }
    }
  } finally {
    for (const worker of workers.values()) await worker.dispose();
  }
  const sizes = new Map<ModelName, BundleSize>(MODELS.map((m) => [m, bundleSize(m, wranglerEnv)]));
  const loadAfter = loadavg();
  // Every sample, for anyone who wants more than the medians (bench-output/ is not committed).
  mkdirSync('bench-output', { recursive: true });
  const samples = { date, iterations: Object.fromEntries(iterations), results: Object.fromEntries(results), cold: Object.fromEntries(cold) };
  writeFileSync('bench-output/digits-samples.json', `${JSON.stringify(samples, null, 1)}\n`);
  return report({
    date,
    loadBefore,
    loadAfter,
    results,
    cold,
    sizes,
    batchRight,
    answerBytes,
    firstLabel: labels[0],
    samples: SAMPLES,
    sampleMs: SAMPLE_MS,
    batch: BATCH,
    coldStarts: COLD_STARTS,
  });
}
