// Messages between the replica pool (main thread) and each replica worker.
import type { RecipeName } from './model';
import type { ReplicaData, SetName } from './replica';

export interface WorkerInit {
  index: number;
  /** Replicas in the pool. */
  threads: number;
  recipe: RecipeName;
  seed: number;
  augment: boolean;
  /** Views on SharedArrayBuffers: every worker reads the same bytes, none copies them. */
  data: ReplicaData;
}

/**
 * Gradients travel through shared memory, not messages: 2 x threads slots of weightCount floats. A replica writes its
 * shard's gradient into slot (parity * threads + index) and every replica sums the listed slots itself, in the same
 * order (so all stay bit-identical). Two parities: a fast replica may already write step t+1's gradient while a slow
 * one still reads step t's. Step t+2, which writes step t's parity again, is only asked for once every replica has
 * answered step t's 'apply' (the pool awaits those replies with step t+1's gradients): that is the barrier. Memory
 * visibility rides on message order (postMessage), not Atomics, which is enough in Node.
 */
export type WorkerRequest =
  | { op: 'share'; slots: Float32Array }
  | { op: 'gradients'; indices: Int32Array; epoch: number; batchSize: number; parity: number }
  | { op: 'apply'; parity: number; shards: number[]; learningRate: number }
  | { op: 'predict'; set: SetName; start: number; count: number }
  | { op: 'getWeights' }
  | { op: 'setWeights'; weights: Float32Array }
  | { op: 'close' };

export type WorkerReply =
  | { op: 'ready'; weightCount: number }
  | { op: 'share' }
  | { op: 'gradients'; lossSum: number; correct: number; labeled: number }
  | { op: 'apply' }
  | { op: 'predict'; probs: Float32Array }
  | { op: 'getWeights'; weights: Float32Array }
  | { op: 'setWeights' }
  | { op: 'error'; message: string };
