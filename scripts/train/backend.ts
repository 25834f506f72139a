// Puts tfjs on the WASM backend in Node (one thread: tfjs turns WASM threads off in Node) with our gradient kernels.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradKernels } from './wasm-grad-kernels';
import { registerWasmTrainKernels } from './wasm-train-kernels';

/** Switches to 'wasm' and fails loudly instead of letting tfjs fall back silently to another backend. */
export async function useWasmBackend(): Promise<void> {
  registerWasmGradKernels();
  registerWasmTrainKernels();
  if (tf.getBackend() === 'wasm') return;
  const ok = await tf.setBackend('wasm');
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new Error(`could not start the tfjs wasm backend (active backend: ${tf.getBackend()})`);
  }
  await tf.ready();
}
