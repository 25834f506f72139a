// Benchmark: ms per training step (batch 128) and seconds per epoch, tfjs WASM in Node (1 and 2 threads) vs PyTorch.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useWasmBackend } from '../train/backend';
import { mnistDataDir, TRAIN_COUNT } from '../train/data';
import { RECIPES, type Recipe, type RecipeName } from '../train/model';
import { loadRawMnist } from '../train/raw-data';
import type { ReplicaData } from '../train/replica';
import { createReplicaPool } from '../train/replica-pool';

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
}

const TORCH_SCRIPT = fileURLToPath(new URL('./torch-train.py', import.meta.url));
const PYTHON = '/usr/bin/python3'; // Debian's, which has python3-torch
/** The ratio the issue asks for: tfjs with both cores at most 1.5x PyTorch with both cores. */
const TARGET_RATIO = 1.5;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Steps of the training loop itself (replica pool: shards, gradient sum, Adam on every replica), no augmentation. */
async function timeTfjs(
  data: ReplicaData, recipe: RecipeName, threads: number, warmup: number, batches: number, batchSize: number,
): Promise<number[]> {
  const pool = await createReplicaPool({ recipe, seed: 42, threads, data, augment: false });
  const times: number[] = [];
  try {
    for (let step = 0; step < warmup + batches; step++) {
      const indices = Int32Array.from({ length: batchSize }, (_, i) => step * batchSize + i);
      const t0 = performance.now();
      await pool.step(indices, 1, RECIPES[recipe].learningRate); // returns after the gradients are summed
      const ms = performance.now() - t0;
      if (step >= warmup) times.push(ms);
    }
    await pool.getWeights(); // the last update has been applied on the replicas too
  } finally {
    await pool.close();
  }
  return times;
}

function timeTorch(
  recipe: RecipeName, threads: number, warmup: number, batches: number, batchSize: number,
): { version: string; times: number[] } {
  const out = execFileSync(PYTHON, [
    TORCH_SCRIPT, mnistDataDir(), '--arch', recipe, '--threads', String(threads), '--warmup', String(warmup + 2),
    '--batches', String(batches), '--batch-size', String(batchSize),
  ], { encoding: 'utf8' });
  const parsed = JSON.parse(out) as { torch: string; msPerBatch: number[] };
  return { version: parsed.torch, times: parsed.msPerBatch };
}

interface Row {
  recipe: RecipeName;
  label: string;
  threads: number;
  ms: number;
  torch: boolean;
}

export async function bench(options: TrainingBenchOptions = {}): Promise<string> {
  const o = {
    warmup: 3, batches: 20, batchSize: 128, tfjsThreads: [1, 2], torchThreads: [2, 1],
    recipes: ['reference', 'default'] as RecipeName[], ...options,
  };
  await useWasmBackend();
  const data = loadRawMnist();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const rows: Row[] = [];
  let torchVersion = '';
  for (const recipe of o.recipes) {
    // Interleave: tfjs, PyTorch, tfjs again, so a burst of load from other processes hits both sides.
    const half = Math.floor(o.batches / 2);
    const first = new Map<number, number[]>();
    for (const t of o.tfjsThreads) first.set(t, await timeTfjs(data, recipe, t, o.warmup, half, o.batchSize));
    for (const t of o.torchThreads) {
      const { version, times } = timeTorch(recipe, t, o.warmup, o.batches, o.batchSize);
      torchVersion = version;
      rows.push({ recipe, label: `PyTorch ${version}`, threads: t, ms: median(times), torch: true });
    }
    for (const t of o.tfjsThreads) {
      const second = await timeTfjs(data, recipe, t, o.warmup, o.batches - half, o.batchSize);
      rows.push({
        recipe, label: `tfjs ${tf.version_core} WASM${simd ? ' SIMD' : ''}`, threads: t,
        ms: median([...first.get(t)!, ...second]), torch: false,
      });
    }
  }

  const epochBatches = (recipe: RecipeName) =>
    Math.ceil((TRAIN_COUNT - ((RECIPES[recipe] as Recipe).validationImages ?? 0)) / o.batchSize);
  const lines: string[] = [];
  const verdicts: string[] = [];
  for (const recipe of o.recipes) {
    const torch2 = rows.find((r) => r.recipe === recipe && r.torch && r.threads === 2);
    for (const r of rows.filter((x) => x.recipe === recipe).sort((a, b) => Number(a.torch) - Number(b.torch) || a.threads - b.threads)) {
      const ratio = torch2 ? (r.ms / torch2.ms).toFixed(2) : 'n/a';
      const epoch = (r.ms * epochBatches(recipe)) / 1000;
      lines.push(
        `| ${recipe} | ${r.label}, ${r.threads} thread${r.threads > 1 ? 's' : ''} | ${r.ms.toFixed(0)} | ${epoch.toFixed(0)} | ${ratio} |`,
      );
    }
    const ours2 = rows.find((r) => r.recipe === recipe && !r.torch && r.threads === 2);
    if (ours2 && torch2) {
      const ratio = ours2.ms / torch2.ms;
      verdicts.push(
        `${recipe}: tfjs with 2 threads takes ${ratio.toFixed(2)}x PyTorch's time with 2 threads ` +
          `(target at most ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'missed'}).`,
      );
    }
  }
  return [
    '## Training: one optimiser step, tfjs WASM (our data-parallel replicas) vs PyTorch, same architectures',
    '',
    `reference = Conv2D(60,3x3) -> Conv2D(30,3x3) -> Dense(10); default = Conv(16,5x5) -> pool -> Conv(32,3x3) -> pool ->`,
    `Conv(64,3x3) -> pool -> Dense(128) -> Dropout -> Dense(10). Adam, cross-entropy, batch ${o.batchSize} of real MNIST`,
    `images, no augmentation on either side. Median of ${o.batches} steps after ${o.warmup} warm-up steps, same run.`,
    `tfjs with N threads = N worker threads, each a WASM backend holding a replica (gradients summed every step).`,
    `Seconds per epoch = ms per batch x batches per epoch (reference: 60,000 images, default: 55,000).`,
    `PyTorch ${torchVersion} is Debian's python3-torch.`,
    '',
    '| recipe | implementation | ms per batch (median) | s per epoch (projected) | time / PyTorch 2 threads |',
    '|---|---|---:|---:|---:|',
    ...lines,
    '',
    ...verdicts,
    '',
    'Produced by `npm run bench -- --only training`.',
  ].join('\n');
}
