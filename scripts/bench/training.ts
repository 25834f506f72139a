// Benchmark: ms per training step (batch 128) and seconds per epoch, tfjs WASM in Node (1 and 2 threads) vs PyTorch.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useWasmBackend } from '../train/backend';
import { mnistDataDir, TRAIN_COUNT } from '../train/data';
import { buildModel, RECIPES, type Recipe, type RecipeName } from '../train/model';
import { loadRawMnist } from '../train/raw-data';
import type { ReplicaData } from '../train/replica';
import { createReplicaPool } from '../train/replica-pool';
import { flopsPerImage } from '../train/summary';
import { median } from '../lib/stats';
import { measureSimdPeak } from './wasm-simd-peak';

export interface TrainingBenchOptions {
  /** Untimed steps first (XNNPACK operator set-up, allocator growth, worker start). Default 3. */
  warmup?: number;
  /** Timed steps; the median is reported. Default 20. */
  batches?: number;
  /** Default 128, both recipes' batch size. */
  batchSize?: number;
  /** tfjs thread counts. Default [1, 2]. */
  tfjsThreads?: number[];
  /** PyTorch thread counts. Default [2, 1]: the brief's 2, and 1 to match a single tfjs thread. */
  torchThreads?: number[];
  /** Recipes to time. Default both. */
  recipes?: RecipeName[];
  /** Alternating rounds the timed steps are split into. Default 2. */
  rounds?: number;
}

const TORCH_SCRIPT = fileURLToPath(new URL('./torch-train.py', import.meta.url));
const PYTHON = '/usr/bin/python3'; // Debian's, which has python3-torch
/** How the peak loop is described in the report. */
const CHAINS_NOTE = 'independent 4-lane multiply-add chains';
/** The ratio the issue asks for: tfjs with both cores at most 1.5x PyTorch with both cores. */
const TARGET_RATIO = 1.5;

/** Wall and process CPU (all threads: the replicas are worker threads of this process) ms of each timed step. */
interface Timings {
  times: number[];
  cpuTimes: number[];
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Steps of the training loop itself (replica pool: shards, gradient sum, Adam on every replica), no augmentation. */
async function timeTfjs(
  data: ReplicaData, recipe: RecipeName, threads: number, warmup: number, batches: number, batchSize: number,
): Promise<Timings> {
  const pool = await createReplicaPool({ recipe, seed: 42, threads, data, augment: false });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  try {
    for (let step = 0; step < warmup + batches; step++) {
      const indices = Int32Array.from({ length: batchSize }, (_, i) => step * batchSize + i);
      const t0 = performance.now();
      const c0 = cpuMs();
      await pool.step(indices, 1, RECIPES[recipe].learningRate); // returns after the gradients are summed
      const ms = performance.now() - t0;
      if (step >= warmup) {
        times.push(ms);
        cpuTimes.push(cpuMs() - c0);
      }
    }
    await pool.getWeights(); // the last update has been applied on the replicas too
  } finally {
    await pool.close();
  }
  return { times, cpuTimes };
}

function timeTorch(
  recipe: RecipeName, threads: number, warmup: number, batches: number, batchSize: number,
): Timings & { version: string } {
  const out = execFileSync(PYTHON, [
    TORCH_SCRIPT, mnistDataDir(), '--arch', recipe, '--threads', String(threads), '--warmup', String(warmup + 2),
    '--batches', String(batches), '--batch-size', String(batchSize),
  ], {
    encoding: 'utf8',
    timeout: 600_000,
    // torch.set_num_threads alone leaves the OpenMP/BLAS pools at one thread per core: a "1 thread" run
    // then used ~2 cores of CPU time.
    env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
  });
  const parsed = JSON.parse(out) as { torch: string; msPerBatch: number[]; cpuMsPerBatch: number[] };
  return { version: parsed.torch, times: parsed.msPerBatch, cpuTimes: parsed.cpuMsPerBatch };
}

export async function bench(options: TrainingBenchOptions = {}): Promise<string> {
  const o = {
    warmup: 3, batches: 20, batchSize: 128, tfjsThreads: [1, 2], torchThreads: [2, 1],
    recipes: ['reference', 'default'] as RecipeName[], rounds: 2, ...options,
  };
  // First, alone on the machine: the best any WASM kernel could do on one core here.
  const peak = measureSimdPeak();
  await useWasmBackend();
  const data = loadRawMnist();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const loadBefore = loadavg()[0];
  // Every configuration is timed in `rounds` slices, alternating tfjs and PyTorch, so background load from other
  // processes hits all of them alike; "best" (the fastest step) is the figure least disturbed by it.
  const samples = new Map<string, { recipe: RecipeName; torch: boolean; threads: number } & Timings>();
  const add = (recipe: RecipeName, torch: boolean, threads: number, timings: Timings) => {
    const key = `${recipe}/${torch}/${threads}`;
    const entry = samples.get(key) ?? { recipe, torch, threads, times: [], cpuTimes: [] };
    entry.times.push(...timings.times);
    entry.cpuTimes.push(...timings.cpuTimes);
    samples.set(key, entry);
  };
  let torchVersion = '';
  for (let round = 0; round < o.rounds; round++) {
    const steps = Math.floor(o.batches / o.rounds) + (round < o.batches % o.rounds ? 1 : 0);
    for (const recipe of o.recipes) {
      for (const t of o.tfjsThreads) add(recipe, false, t, await timeTfjs(data, recipe, t, o.warmup, steps, o.batchSize));
      for (const t of o.torchThreads) {
        const { version, ...timings } = timeTorch(recipe, t, o.warmup, steps, o.batchSize);
        torchVersion = version;
        add(recipe, true, t, timings);
      }
    }
  }
  const loadAfter = loadavg()[0];

  const epochBatches = (recipe: RecipeName) =>
    Math.ceil((TRAIN_COUNT - ((RECIPES[recipe] as Recipe).validationImages ?? 0)) / o.batchSize);
  const lines: string[] = [];
  const verdicts: string[] = [];
  const rates: string[] = [];
  for (const recipe of o.recipes) {
    const rows = [...samples.values()].filter((r) => r.recipe === recipe)
      .sort((a, b) => Number(a.torch) - Number(b.torch) || a.threads - b.threads)
      .map((r) => ({ ...r, median: median(r.times), best: Math.min(...r.times), cpu: median(r.cpuTimes) }));
    const torch2 = rows.find((r) => r.torch && r.threads === 2);
    for (const r of rows) {
      const name = r.torch ? `PyTorch ${torchVersion}` : `tfjs ${tf.version_core} WASM${simd ? ' SIMD' : ''}`;
      const ratio = (x: number, y: number | undefined) => (y ? (x / y).toFixed(2) : 'n/a');
      lines.push(
        `| ${recipe} | ${name}, ${r.threads} thread${r.threads > 1 ? 's' : ''} | ${r.median.toFixed(0)} | ${r.best.toFixed(0)} | ` +
          `${((r.median * epochBatches(recipe)) / 1000).toFixed(0)} | ${ratio(r.median, torch2?.median)} | ${ratio(r.best, torch2?.best)} | ` +
          `${r.cpu.toFixed(0)} |`,
      );
    }
    const ours1 = rows.find((r) => !r.torch && r.threads === 1);
    const ours2 = rows.find((r) => !r.torch && r.threads === 2);
    if (ours1 && torch2) {
      // Forward, input gradient and weight gradient each cost about one forward pass (the first layer skips
      // its input gradient, so this slightly overstates the work).
      const model = buildModel(RECIPES[recipe] as Recipe, 0);
      const stepGflop = (3 * flopsPerImage(model) * o.batchSize) / 1e9;
      model.dispose();
      const rate = (ms: number) => stepGflop / (ms / 1000);
      const needed = rate(torch2.median * TARGET_RATIO) / 2;
      const share = (g: number, of: number | null) => (of ? `${((100 * g) / of).toFixed(0)}%` : 'n/a');
      rates.push(
        `${recipe}: about ${stepGflop.toFixed(2)} GFLOP a step. tfjs on one thread ran it at ` +
          `${rate(ours1.median).toFixed(1)} GFLOP/s (${share(rate(ours1.median), peak.separate)} of the SIMD128 peak), ` +
          `PyTorch on two at ${rate(torch2.median).toFixed(1)}; ${TARGET_RATIO}x PyTorch's time needs ` +
          `${needed.toFixed(1)} GFLOP/s on each core over the whole step: ${share(needed, peak.separate)} of the SIMD128 ` +
          `peak, ${share(needed, peak.fused)} of the fused one.`,
      );
    }
    if (ours2 && torch2) {
      // Medians, as the developer guide asks: the fastest step flatters whichever side had one lucky step.
      const med = ours2.median / torch2.median;
      const best = ours2.best / torch2.best;
      // Two threads slower than one means the other processes took the cores, and the 2-thread comparison is void.
      const torch1 = rows.find((r) => r.torch && r.threads === 1);
      const loaded = torch1 !== undefined && torch2.median > torch1.median;
      verdicts.push(
        `${recipe}: tfjs with 2 threads takes ${med.toFixed(2)}x PyTorch's time with 2 threads by medians ` +
          `(${best.toFixed(2)}x by fastest steps); target at most ${TARGET_RATIO}x: ` +
          (loaded
            ? `not judged: PyTorch with 2 threads (${torch2.median.toFixed(0)} ms) was slower than with 1 ` +
              `(${torch1.median.toFixed(0)} ms), so the machine was loaded; re-run on a quiet machine.`
            : `${med <= TARGET_RATIO ? 'met' : 'missed'}.`),
      );
    }
  }
  return [
    '## Training: one optimiser step, tfjs WASM (our data-parallel replicas) vs PyTorch, same architectures',
    '',
    `reference = Conv2D(60,3x3) -> Conv2D(30,3x3) -> Dense(10); default = Conv(16,5x5) -> pool -> Conv(32,3x3) -> pool ->`,
    `Conv(64,3x3) -> pool -> Dense(128) -> Dropout -> Dense(10). Adam, cross-entropy, batch ${o.batchSize} of real MNIST`,
    `images, no augmentation on either side. ${o.batches} timed steps per row (after ${o.warmup} warm-up steps), taken`,
    `in ${o.rounds} alternating rounds in the same run. tfjs with N threads = N worker threads, each a WASM backend`,
    `holding a replica (gradients summed every step). Seconds per epoch = median ms per batch x batches per epoch`,
    `(reference: 60,000 images, default: 55,000). PyTorch ${torchVersion} is Debian's python3-torch.`,
    `Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cpus().length} cores: with other`,
    'processes running, two-thread rows suffer most (each step waits for the slower thread). The verdicts compare medians.',
    'CPU ms = process CPU time per step over all threads (PyTorch\'s OpenMP threads count their spin-waits), the work',
    'done, which load disturbs far less than wall time; on one thread it is the figure to compare under load.',
    '',
    '| recipe | implementation | ms per batch, median | ms, best | s per epoch | / PyTorch 2 threads, median | / PyTorch 2 threads, best | CPU ms per batch, median |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...lines,
    '',
    ...verdicts,
    '',
    `What one core can do in WebAssembly here (\`scripts/bench/wasm-simd-peak.ts\`: ${CHAINS_NOTE}, one thread, median of`,
    `7 runs, measured first in this run): **${peak.separate.toFixed(1)} GFLOP/s** with SIMD128's separate multiply and add,`,
    `which is what tfjs ${tf.version_core}'s WASM build uses; ` +
      (peak.fused === null
        ? 'relaxed SIMD\'s fused multiply-add did not compile in this Node.'
        : `**${peak.fused.toFixed(1)} GFLOP/s** with relaxed SIMD's fused multiply-add (\`f32x4.relaxed_madd\`), which ` +
          `Node ${process.versions.node.split('.')[0]} compiles only behind \`--experimental-wasm-relaxed-simd\` and no tfjs kernel uses.`),
    '',
    ...rates,
    '',
    'Produced by `npm run bench -- --only training`.',
  ].join('\n');
}
