// Bench-only Worker entry (started by scripts/bench/digits.ts, never deployed: wrangler.toml's main is
// functions/index.ts): times the digit pipeline inside workerd, on the WASM-SIMD backend and on tfjs's `cpu`.
import '@tensorflow/tfjs-backend-cpu';
import { getBackend, setBackend } from '@tensorflow/tfjs-core';
import { app } from '../../functions/app';
import { IMAGE_PIXELS } from '../../functions/core/digit-contract';
import { decodeImage } from '../../functions/core/image/decode';
import { preprocessImage } from '../../functions/core/image/preprocess';
import { loadClassifier } from '../../functions/runtime/classifier';
import { planFromModelJson } from '../../functions/runtime/model-plan';
import { decodePngWasm } from '../../functions/runtime/png-decoder';
import { servedModel } from '../../functions/runtime/served-model';
import { SequentialModel } from '../../functions/runtime/sequential-model';

type Backend = 'wasm' | 'cpu';
type Task = 'route' | 'pipeline' | 'infer' | 'decode' | 'preprocess';

/** Each backend runs a model whose weights live on that backend, so no sample pays for moving tensors. */
const models = new Map<Backend, SequentialModel>();

async function modelOn(backend: Backend): Promise<SequentialModel> {
  if (backend === 'wasm') await loadClassifier(); // registers and initialises our wasm backend
  if (!(await setBackend(backend)) || getBackend() !== backend) throw new Error(`could not switch to ${backend}`);
  let model = models.get(backend);
  if (!model) {
    model = new SequentialModel(planFromModelJson(servedModel.modelJson), servedModel.weights);
    models.set(backend, model);
  }
  return model;
}

const limits = { maxImagePixels: 4096 * 4096 };

async function run(task: Task, backend: Backend, png: Uint8Array, iterations: number, env: object): Promise<number> {
  const model = await modelOn(backend);
  const decoded = await decodeImage(png, { maxPixels: limits.maxImagePixels, png: decodePngWasm });
  const input = preprocessImage(decoded);
  let sink = 0; // consumed below, so no work can be skipped
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (task === 'decode') {
      sink += (await decodeImage(png, { maxPixels: limits.maxImagePixels, png: decodePngWasm })).width;
    } else if (task === 'preprocess') {
      sink += preprocessImage(decoded)[400];
    } else if (task === 'route') {
      const res = await app.request(
        '/api/digits/classify',
        { method: 'POST', headers: { 'content-type': 'image/png' }, body: png },
        env,
      );
      sink += ((await res.json()) as { digit: number }).digit;
    } else {
      const x = task === 'infer' ? input : preprocessImage(await decodeImage(png, { maxPixels: limits.maxImagePixels, png: decodePngWasm }));
      sink += model.predict(x, 1).values[0];
    }
  }
  const ms = performance.now() - started;
  if (!Number.isFinite(sink)) throw new Error('no result');
  return ms;
}

export default {
  async fetch(request: Request, env: object): Promise<Response> {
    const url = new URL(request.url);
    // Under /api/ because wrangler.toml's [assets] answers every other path before a Worker runs.
    if (url.pathname !== '/api/bench' || request.method !== 'POST') return new Response('POST /api/bench', { status: 404 });
    const task = url.searchParams.get('task') as Task;
    const backend = url.searchParams.get('backend') as Backend;
    const iterations = Number(url.searchParams.get('iterations'));
    if (!['route', 'pipeline', 'infer', 'decode', 'preprocess'].includes(task) || !['wasm', 'cpu'].includes(backend) || !(iterations > 0)) {
      return new Response('bad task/backend/iterations', { status: 400 });
    }
    if (!['pipeline', 'infer'].includes(task) && backend !== 'wasm') {
      return new Response('only inference and the pipeline run on both backends', { status: 400 });
    }
    try {
      const png = new Uint8Array(await request.arrayBuffer());
      const ms = await run(task, backend, png, iterations, env);
      const classifier = await loadClassifier();
      return Response.json({ ms, iterations, backend: getBackend(), pixels: IMAGE_PIXELS, loadMs: classifier.loadMs });
    } catch (error) {
      return new Response(String(error instanceof Error ? error.stack : error), { status: 500 });
    }
  },
};
