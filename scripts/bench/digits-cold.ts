// Cold start for the digits bench: a fresh workerd (so a fresh isolate) per sample. Inside the isolate: module
// evaluation at start-up plus the first classify request; from Node: that first answer against the warm one.
import { benchFetch, startBenchWorker, type ModelName } from './digits-models';

export interface ColdSample {
  /** In-isolate: evaluating the product's modules when the isolate starts (Date clock, whole ms). */
  evalMs: number;
  /** In-isolate: the isolate's first POST /api/digits/classify, request in -> answer ready. */
  firstRequestMs: number;
  /** In-isolate, part of firstRequestMs: backend init + model load + probe pass (the classifier's `loadMs`). */
  loadMs: number;
  /** evalMs + firstRequestMs: a fresh isolate to its first answer. */
  isolateMs: number;
  /** Node-timed, through wrangler's local proxy: the first classify answer (workerd already woken by a ping). */
  nodeFirstMs: number;
  /** Node-timed median of the same request once warm, same path. */
  nodeWarmMs: number;
}

const WARM_REQUESTS = 7;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, performance.now() - started];
}

export async function coldStart(model: ModelName, png: Uint8Array, expectedDigit: number): Promise<ColdSample> {
  const worker = await startBenchWorker(model);
  try {
    // `ready` comes before workerd is up; this answers once it is, without touching the product or the model.
    const ping = (await (await benchFetch(worker, 'http://localhost/api/bench?ping')).json()) as { firstRequest?: unknown };
    if (ping.firstRequest) throw new Error(`${model}: the isolate served the product before the first classify`);
    const classify = async () => {
      const res = await benchFetch(worker, 'http://localhost/api/digits/classify', {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: png,
      });
      const answer = (await res.json()) as { digit: number };
      if (res.status !== 200 || answer.digit !== expectedDigit) {
        throw new Error(`${model}: cold answer ${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
      }
    };
    const [, nodeFirstMs] = await timed(classify);
    const warm: number[] = [];
    for (let i = 0; i < WARM_REQUESTS; i++) warm.push((await timed(classify))[1]);
    const info = (await (await benchFetch(worker, 'http://localhost/api/bench')).json()) as {
      evalMs: number;
      firstRequest: { path: string; ms: number };
      loadMs: number;
      recipe: string;
    };
    if (info.recipe !== model) throw new Error(`asked for a Worker serving ${model}, it serves ${info.recipe}`);
    if (info.firstRequest.path !== '/api/digits/classify') throw new Error(`${model}: first request ${info.firstRequest.path}`);
    return {
      evalMs: info.evalMs,
      firstRequestMs: info.firstRequest.ms,
      loadMs: info.loadMs,
      isolateMs: info.evalMs + info.firstRequest.ms,
      nodeFirstMs,
      nodeWarmMs: warm.sort((a, b) => a - b)[WARM_REQUESTS >> 1],
    };
  } finally {
    await worker.dispose();
  }
}
