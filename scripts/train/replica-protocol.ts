// Messages between the replica pool (main thread) and each replica worker.
import type { RecipeName } from './model';
import type { ReplicaData, SetName } from './replica';

export interface WorkerInit {
  index: number;
  recipe: RecipeName;
  seed: number;
  augment: boolean;
  /** Views on SharedArrayBuffers: every worker reads the same bytes, none copies them. */
  data: ReplicaData;
}

export type WorkerRequest =
  | { op: 'gradients'; indices: Int32Array; epoch: number; batchSize: number }
  | { op: 'apply'; grads: Float32Array; learningRate: number }
  | { op: 'predict'; set: SetName; start: number; count: number }
  | { op: 'getWeights' }
  | { op: 'setWeights'; weights: Float32Array }
  | { op: 'close' };

export type WorkerReply =
  | { op: 'ready'; weightCount: number }
  | { op: 'gradients'; grads: Float32Array; lossSum: number; correct: number; labeled: number }
  | { op: 'apply' }
  | { op: 'predict'; probs: Float32Array }
  | { op: 'getWeights'; weights: Float32Array }
  | { op: 'setWeights' }
  | { op: 'error'; message: string };
