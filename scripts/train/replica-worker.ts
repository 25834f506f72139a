// worker_threads entry: one Replica on its own WASM backend, answering the pool's requests in order.
import { parentPort, workerData } from 'node:worker_threads';
import { useWasmBackend } from './backend';
import { RECIPES } from './model';
import { Replica } from './replica';
import type { WorkerInit, WorkerReply, WorkerRequest } from './replica-protocol';

const port = parentPort;
if (!port) throw new Error('replica-worker.ts runs as a worker thread only');
const init = workerData as WorkerInit;

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

try {
  await useWasmBackend();
  const replica = new Replica(RECIPES[init.recipe], init.seed, init.data, init.augment);
  const weightCount = replica.weightCount;
  let slots: Float32Array | undefined;
  const slot = (parity: number, index: number) =>
    slots!.subarray((parity * init.threads + index) * weightCount, (parity * init.threads + index + 1) * weightCount);
  const sum = new Float32Array(weightCount);
  // Requests are handled synchronously one at a time, so replies come back in request order.
  port.on('message', (request: WorkerRequest) => {
    try {
      switch (request.op) {
        case 'share':
          slots = request.slots;
          reply({ op: 'share' });
          break;
        case 'gradients': {
          const { grads, ...stats } = replica.gradients(request.indices, request.epoch, request.batchSize);
          slot(request.parity, init.index).set(grads);
          reply({ op: 'gradients', ...stats });
          break;
        }
        case 'apply': {
          // The batch's gradient: the shards' added in shard order from zero, in float32, the same bytes everywhere.
          sum.fill(0);
          for (const shard of request.shards) {
            const g = slot(request.parity, shard);
            for (let i = 0; i < weightCount; i++) sum[i] += g[i];
          }
          replica.apply(sum, request.learningRate);
          reply({ op: 'apply' });
          break;
        }
        case 'predict': {
          const probs = replica.predict(request.set, request.start, request.count);
          reply({ op: 'predict', probs }, [probs.buffer as ArrayBuffer]);
          break;
        }
        case 'getWeights': {
          const weights = replica.getWeights();
          reply({ op: 'getWeights', weights }, [weights.buffer as ArrayBuffer]);
          break;
        }
        case 'setWeights':
          replica.setWeights(request.weights);
          reply({ op: 'setWeights' });
          break;
        case 'close':
          replica.dispose();
          port.close();
          break;
      }
    } catch (error) {
      reply({ op: 'error', message: `replica ${init.index}: ${(error as Error).stack ?? String(error)}` });
    }
  });
  reply({ op: 'ready', weightCount: replica.weightCount });
} catch (error) {
  reply({ op: 'error', message: `replica ${init.index} failed to start: ${(error as Error).stack ?? String(error)}` });
}
