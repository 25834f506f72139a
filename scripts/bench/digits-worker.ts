// Bench-only Worker entry (started by scripts/bench/digits.ts, never deployed: wrangler.toml's main is
// functions/index.ts): times the digit pipeline inside workerd, on the WASM-SIMD backend and on tfjs's `cpu`.
// Every other request goes to the product's app, so a fresh isolate's first answer is the product's own.
// Which model it serves is decided at build time (digits-models.ts swaps served-model.ts for the reference).
// Import order matters: the two clock modules bracket the evaluation of the product's module graph (the app).
import { evalStart } from './digits-eval-start';
import { app } from '../../functions/app';
import { evalEnd } from './digits-eval-end';
import '@tensorflow/tfjs-backend-cpu';
import { getBackend, setBackend } from '@tensorflow/tfjs-core';
import { decodeImage } from '../../functions/core/image/decode';
import { preprocessImage } from '../../functions/core/image/preprocess';
import { loadClassifier } from '../../functions/runtime/classifier';
import { planFromModelJson } from '../../functions/runtime/model-plan';
import { decodePngWasm } from '../../functions/runtime/png-decoder';
import { servedModel } from '../../functions/runtime/served-model';
import { SequentialModel } from '../../functions/runtime/sequential-model';

type Backend = 'wasm' | 'cpu';
type Task = 'route' | 'pipeline' | 'infer' | 'infer-batch' | 'decode' | 'preprocess';
const TASKS: readonly Task[] = ['route', 'pipeline', 'infer', 'infer-batch', 'decode', 'preprocess'];
/** Images in one forward pass for `infer-batch`: MAX_IMAGES_PER_REQUEST, as in the batch request. */
const BATCH = 100;

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

const decodeOptions = { maxPixels: 4096 * 4096, png: decodePngWasm };

const argmax = (values: Float32Array) => values.indexOf(Math.max(...values));

interface Sample {
  ms: number;
  /** The digits of the last answer (route) or prediction, so the caller can check the right model ran. */
  digits: number[];
  /** Size of the route's JSON answer. */
  answerBytes?: number;
}

/** `route` replays the request's own body and Content-Type (one PNG, or a multipart batch) through the app. */
async function run(task: Task, backend: Backend, body: Uint8Array, contentType: string, iterations: number, env: object): Promise<Sample> {
  if (task === 'route') {
    await modelOn('wasm'); // a cpu sample may have switched this isolate's tfjs to `cpu`
    let last: { status: number; bytes: ArrayBuffer } | undefined;
    const started = performance.now();
    for (let i = 0; i < iterations; i++) {
      const res = await app.request('/api/digits/classify', { method: 'POST', headers: { 'content-type': contentType }, body }, env);
      last = { status: res.status, bytes: await res.arrayBuffer() }; // the bytes a client would receive
    }
    const ms = performance.now() - started;
    // Parsed after the clock stops: reading the answer is the client's work, not the Worker's.
    const answer = JSON.parse(new TextDecoder().decode(last!.bytes)) as { digit?: number; results?: { digit: number }[] };
    if (last!.status !== 200) throw new Error(`route answered ${last!.status}: ${JSON.stringify(answer)}`);
    const digits = answer.results ? answer.results.map((r) => r.digit) : [answer.digit!];
    return { ms, digits, answerBytes: last!.bytes.byteLength };
  }
  const model = await modelOn(backend);
  const decoded = await decodeImage(body, decodeOptions);
  const input = preprocessImage(decoded);
  const batch = new Float32Array(BATCH * input.length);
  for (let i = 0; i < BATCH; i++) batch.set(input, i * input.length);
  let sink = 0; // consumed below, so no work can be skipped
  let last = 0;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (task === 'decode') {
      sink += (await decodeImage(body, decodeOptions)).width;
    } else if (task === 'preprocess') {
      sink += preprocessImage(decoded)[400];
    } else if (task === 'infer-batch') {
      const { values } = model.predict(batch, BATCH);
      sink += values[0];
      if (i === iterations - 1) last = argmax(values.subarray(0, 10));
    } else {
      const x = task === 'infer' ? input : preprocessImage(await decodeImage(body, decodeOptions));
      const { values } = model.predict(x, 1);
      sink += values[0];
      if (i === iterations - 1) last = argmax(values);
    }
  }
  const ms = performance.now() - started;
  if (!Number.isFinite(sink)) throw new Error('no result');
  return { ms, digits: [last] };
}

/** The isolate's first request to the product app: request in -> answer ready, in-isolate milliseconds. */
let firstRequest: { path: string; ms: number } | undefined;

async function bench(request: Request, env: object): Promise<Response> {
  const url = new URL(request.url);
  // Global scope sees performance.now() frozen at 0 but Date.now() moving, so module evaluation is timed by Date.
  const evalMs = evalEnd.date - evalStart.date;
  if (request.method === 'GET' && url.searchParams.has('ping')) return Response.json({ evalMs, firstRequest });
  if (request.method === 'GET') {
    // After the first answer: the isolate's own figure for backend init + model load, and which model it serves.
    const classifier = await loadClassifier();
    return Response.json({ evalMs, firstRequest, loadMs: classifier.loadMs, recipe: classifier.metrics.recipe, backend: getBackend() });
  }
  const task = url.searchParams.get('task') as Task;
  const backend = url.searchParams.get('backend') as Backend;
  const iterations = Number(url.searchParams.get('iterations'));
  if (!TASKS.includes(task) || !['wasm', 'cpu'].includes(backend) || !(iterations > 0)) {
    return new Response('bad task/backend/iterations', { status: 400 });
  }
  if (!['pipeline', 'infer', 'infer-batch'].includes(task) && backend !== 'wasm') {
    return new Response('only inference and the pipeline run on both backends', { status: 400 });
  }
  const body = new Uint8Array(await request.arrayBuffer());
  const sample = await run(task, backend, body, request.headers.get('content-type') ?? 'image/png', iterations, env);
  const ranOn = getBackend(); // for the route too: the product's classify ran on whatever tfjs had current
  return Response.json({ ...sample, iterations, backend: ranOn, loadMs: (await loadClassifier()).loadMs });
}

export default {
  async fetch(request: Request, env: object, ctx: Parameters<typeof app.fetch>[2]): Promise<Response> {
    // Under /api/ because wrangler.toml's [assets] answers every other path before a Worker runs.
    const path = new URL(request.url).pathname;
    if (path !== '/api/bench') {
      const started = performance.now();
      const response = await app.fetch(request, env, ctx); // Hono's JSON answers are complete strings here
      firstRequest ??= { path, ms: performance.now() - started };
      return response;
    }
    try {
      return await bench(request, env);
    } catch (error) {
      return new Response(String(error instanceof Error ? error.stack : error), { status: 500 });
    }
  },
};
