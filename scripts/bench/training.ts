// Benchmark: ms per training step (batch 128) of the reference CNN, tfjs WASM in Node (our kernels) vs PyTorch.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useWasmBackend } from '../train/backend';
import { loadSplit, mnistDataDir } from '../train/data';
import { createModel, RECIPES } from '../train/model';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../functions/core/digit-contract';

export interface TrainingBenchOptions {
  /** Untimed steps first (XNNPACK operator set-up, allocator growth). Default 3. */
  warmup?: number;
  /** Timed steps; the median is reported. Default 20. */
  batches?: number;
  /** Default: the reference recipe's, 128. */
  batchSize?: number;
  /** PyTorch thread counts to compare with. Default [2, 1]: the brief's 2, and 1 to match tfjs's single thread. */
  torchThreads?: number[];
}

const TORCH_SCRIPT = fileURLToPath(new URL('./torch-train.py', import.meta.url));
const PYTHON = '/usr/bin/python3'; // Debian's, which has python3-torch

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timeTfjs(warmup: number, batches: number, batchSize: number): Promise<number[]> {
  await useWasmBackend();
  const train = loadSplit('train', { limit: (warmup + batches) * batchSize });
  const model = createModel(RECIPES.reference, { seed: 42 });
  const times: number[] = [];
  for (let step = 0; step < warmup + batches; step++) {
    const start = step * batchSize;
    const labels = new Float32Array(batchSize * NUM_CLASSES);
    for (let i = 0; i < batchSize; i++) labels[i * NUM_CLASSES + train.labels[start + i]] = 1;
    const xs = tf.tensor4d(train.images.slice(start * IMAGE_PIXELS, (start + batchSize) * IMAGE_PIXELS), [batchSize, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const ys = tf.tensor2d(labels, [batchSize, NUM_CLASSES]);
    const t0 = performance.now();
    await model.trainOnBatch(xs, ys); // reads loss and accuracy back, so the step has finished
    const ms = performance.now() - t0;
    if (step >= warmup) times.push(ms);
    xs.dispose();
    ys.dispose();
  }
  model.dispose();
  return times;
}

function timeTorch(threads: number, warmup: number, batches: number, batchSize: number): { version: string; times: number[] } {
  const out = execFileSync(PYTHON, [
    TORCH_SCRIPT, mnistDataDir(), '--threads', String(threads), '--warmup', String(warmup + 2),
    '--batches', String(batches), '--batch-size', String(batchSize),
  ], { encoding: 'utf8' });
  const parsed = JSON.parse(out) as { torch: string; msPerBatch: number[] };
  return { version: parsed.torch, times: parsed.msPerBatch };
}

export async function bench(options: TrainingBenchOptions = {}): Promise<string> {
  const o = { warmup: 3, batches: 20, batchSize: RECIPES.reference.batchSize, torchThreads: [2, 1], ...options };
  // Interleave: tfjs, torch, tfjs again, so a burst of load from other processes hits both sides.
  const tfjsA = await timeTfjs(o.warmup, Math.floor(o.batches / 2), o.batchSize);
  const torch = o.torchThreads.map((threads) => ({ threads, ...timeTorch(threads, o.warmup, o.batches, o.batchSize) }));
  const tfjsB = await timeTfjs(o.warmup, o.batches - Math.floor(o.batches / 2), o.batchSize);
  const ours = median([...tfjsA, ...tfjsB]);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const rows = [
    `| tfjs ${tf.version_core} WASM${simd ? ' SIMD' : ''} (Node ${process.version}, 1 thread, our gradient kernels) | ${ours.toFixed(0)} | 1.00 |`,
    ...torch.map(
      (t) => `| PyTorch ${t.version} (Debian python3-torch, ${t.threads} thread${t.threads > 1 ? 's' : ''}) | ${median(t.times).toFixed(0)} | ${(median(t.times) / ours).toFixed(2)} |`,
    ),
  ];
  const torch2 = torch[0];
  const ratio = ours / median(torch2.times);
  const verdict = ratio > 1
    ? `PyTorch (${torch2.threads} threads) is faster: ${ratio.toFixed(1)}x fewer ms per batch than tfjs WASM.`
    : `tfjs WASM is faster: ${(1 / ratio).toFixed(1)}x fewer ms per batch than PyTorch (${torch2.threads} threads).`;
  return [
    '## Training: one optimiser step of the reference CNN',
    '',
    `Conv2D(60,3x3,relu) -> Conv2D(30,3x3,relu) -> Flatten -> Dense(10,softmax), Adam, categorical cross-entropy,`,
    `batch ${o.batchSize} of real MNIST images. Median of ${o.batches} steps after ${o.warmup} warm-up steps per side, same run.`,
    '',
    '| implementation | ms per batch (median) | time relative to tfjs |',
    '|---|---:|---:|',
    ...rows,
    '',
    verdict,
    '',
    'Produced by `npm run bench -- --only training`.',
  ].join('\n');
}
