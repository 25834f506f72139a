// Data-parallel training over N replicas: each computes its shard's gradients, all apply the same summed update.
//
// tfjs's WASM backend runs one thread in Node, so we run one backend per worker thread. Every step each worker
// gets a contiguous shard of the batch and writes the gradient of (its shard's summed loss / batch size) to shared
// memory; then every worker adds the shards' gradients in the same fixed order (so the result is the batch mean)
// and takes the same Adam step, which keeps the replicas bit-identical. With one thread the replica runs
// in-process and the maths is the same minus the split.
import { Worker } from 'node:worker_threads';
import { NUM_CLASSES } from '../../functions/core/digit-contract';
import { useWasmBackend } from './backend';
import { RECIPES, type RecipeName } from './model';
import { Replica, type ReplicaData, type SetName } from './replica';
import type { WorkerInit, WorkerReply, WorkerRequest } from './replica-protocol';

export interface StepResult {
  /** Sum over the batch's images of the cross-entropy. */
  lossSum: number;
  /** Images of the batch predicted right. */
  correct: number;
  /** Images of the batch that are digits (not outliers). */
  labeled: number;
}

export interface ReplicaPool {
  readonly threads: number;
  readonly weightCount: number;
  /** One optimiser step on training images `indices` of `epoch` (1-based, seeds augmentation and dropout). */
  step(indices: Int32Array, epoch: number, learningRate: number): Promise<StepResult>;
  /** Softmax outputs [count, 10] of images start .. start+count-1 of a set, split over the replicas. */
  predict(set: SetName, start: number, count: number): Promise<Float32Array>;
  /** The flattened trainable weights of one replica (all are identical; tests check that). */
  getWeights(replica?: number): Promise<Float32Array>;
  setWeights(weights: Float32Array): Promise<void>;
  close(): Promise<void>;
}

export interface ReplicaPoolOptions {
  recipe: RecipeName;
  seed: number;
  /** Default 1 (in-process). */
  threads?: number;
  data: ReplicaData;
  /** Apply the recipe's augmentation. Default true. */
  augment?: boolean;
}

/** Splits 0..n into `parts` contiguous ranges whose sizes differ by at most one. */
export function splitRange(n: number, parts: number): { start: number; count: number }[] {
  return Array.from({ length: parts }, (_, i) => {
    const start = Math.floor((i * n) / parts);
    return { start, count: Math.floor(((i + 1) * n) / parts) - start };
  });
}

class LocalPool implements ReplicaPool {
  readonly threads = 1;
  constructor(private readonly replica: Replica) {}
  get weightCount() {
    return this.replica.weightCount;
  }
  async step(indices: Int32Array, epoch: number, learningRate: number): Promise<StepResult> {
    const { grads, lossSum, correct, labeled } = this.replica.gradients(indices, epoch, indices.length);
    this.replica.apply(grads, learningRate);
    return { lossSum, correct, labeled };
  }
  async predict(set: SetName, start: number, count: number) {
    return this.replica.predict(set, start, count);
  }
  async getWeights() {
    return this.replica.getWeights();
  }
  async setWeights(weights: Float32Array) {
    this.replica.setWeights(weights);
  }
  async close() {
    this.replica.dispose();
  }
}

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };

/** One worker thread and the FIFO of its unanswered requests (a worker answers in order). */
class ReplicaThread {
  private readonly pending: Pending[] = [];
  private failure: Error | undefined;
  readonly ready: Promise<WorkerReply>;

  constructor(readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
    worker.on('message', (reply: WorkerReply) => {
      const head = this.pending.shift();
      if (reply.op === 'error') this.fail(new Error(reply.message), head);
      else head?.resolve(reply);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`replica worker exited with code ${code}`)));
  }

  private fail(error: Error, head?: Pending): void {
    this.failure ??= error;
    head?.reject(error);
    for (const p of this.pending.splice(0)) p.reject(error);
  }

  request(message: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage(message, transfer);
    });
  }
}

class WorkerPool implements ReplicaPool {
  /**
   * Replies to the update posted last. The next step awaits them with its gradients: the barrier that keeps the
   * step after it from overwriting slots a replica may still be summing (a replica with no shard in the next step
   * would otherwise not be waited for at all). See replica-protocol.ts; do not drop it.
   */
  private applied: Promise<unknown>[] = [];
  /** Which half of the shared gradient slots this step uses (see replica-protocol.ts). */
  private parity = 0;
  constructor(
    private readonly replicas: ReplicaThread[],
    readonly weightCount: number,
  ) {}
  get threads() {
    return this.replicas.length;
  }

  async step(indices: Int32Array, epoch: number, learningRate: number): Promise<StepResult> {
    // A batch smaller than the pool (a tiny last batch) leaves some replicas without a shard: they only apply.
    const shards = splitRange(indices.length, this.replicas.length).map((shard, i) => ({ ...shard, index: i }))
      .filter((shard) => shard.count > 0);
    const parity = this.parity;
    this.parity ^= 1;
    const replies = (await Promise.all([
      ...this.applied,
      ...shards.map(({ start, count, index }) => this.replicas[index].request({
        op: 'gradients', indices: indices.slice(start, start + count), epoch, batchSize: indices.length, parity,
      })),
    ])).slice(this.applied.length) as Extract<WorkerReply, { op: 'gradients' }>[];
    let lossSum = 0;
    let correct = 0;
    let labeled = 0;
    for (const r of replies) {
      lossSum += r.lossSum;
      correct += r.correct;
      labeled += r.labeled;
    }
    // Each replica adds the shards' gradients from shared memory itself, in this order: no 0.4-0.8 MB copies per
    // step and no summing on a third thread competing for the two cores.
    const order = shards.map((shard) => shard.index);
    this.applied = this.replicas.map((r) => {
      const applied = r.request({ op: 'apply', parity, shards: order, learningRate });
      applied.catch(() => {}); // handled: the next call awaits it and rethrows
      return applied;
    });
    return { lossSum, correct, labeled };
  }

  async predict(set: SetName, start: number, count: number): Promise<Float32Array> {
    const parts = splitRange(count, this.replicas.length);
    const replies = await Promise.all(
      parts.map((p, i) => this.replicas[i].request({ op: 'predict', set, start: start + p.start, count: p.count })),
    );
    const out = new Float32Array(count * NUM_CLASSES);
    replies.forEach((r, i) => out.set((r as Extract<WorkerReply, { op: 'predict' }>).probs, parts[i].start * NUM_CLASSES));
    return out;
  }

  async getWeights(replica = 0): Promise<Float32Array> {
    const reply = await this.replicas[replica].request({ op: 'getWeights' });
    return (reply as Extract<WorkerReply, { op: 'getWeights' }>).weights;
  }

  async setWeights(weights: Float32Array): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.request({ op: 'setWeights', weights })));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.applied);
    await Promise.all(this.replicas.map((r) => r.worker.terminate()));
  }
}

/** Starts `threads` replicas with identical initial weights (same recipe, same seed). */
export async function createReplicaPool(options: ReplicaPoolOptions): Promise<ReplicaPool> {
  const threads = options.threads ?? 1;
  const augment = options.augment ?? true;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (threads === 1) {
    await useWasmBackend();
    return new LocalPool(new Replica(RECIPES[options.recipe], options.seed, options.data, augment));
  }
  // A plain .mjs entry that registers tsx in the thread, so the .ts worker runs under tsx, the CLI and vitest alike.
  const entry = new URL('./replica-worker-boot.mjs', import.meta.url);
  const replicas = Array.from({ length: threads }, (_, index) => {
    const workerData: WorkerInit = { index, threads, recipe: options.recipe, seed: options.seed, augment, data: options.data };
    return new ReplicaThread(new Worker(entry, { workerData, execArgv: [] }));
  });
  try {
    const ready = (await Promise.all(replicas.map((r) => r.ready))) as Extract<WorkerReply, { op: 'ready' }>[];
    const { weightCount } = ready[0];
    const slots = new Float32Array(new SharedArrayBuffer(2 * threads * weightCount * Float32Array.BYTES_PER_ELEMENT));
    await Promise.all(replicas.map((r) => r.request({ op: 'share', slots })));
    return new WorkerPool(replicas, weightCount);
  } catch (error) {
    await Promise.all(replicas.map((r) => r.worker.terminate()));
    throw error;
  }
}
