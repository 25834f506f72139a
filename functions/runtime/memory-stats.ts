// Read-only memory figures of this isolate's inference runtime, for tests that look for leaks; never served over HTTP.
import { engine } from '@tensorflow/tfjs-core';
import { pngHeapBytes } from './png-decoder';
import { BACKEND_NAME } from './tf-backend';

export interface MemoryStats {
  /** Live tensors in tfjs's engine (the model's weights stay; anything above them is a leak). */
  numTensors: number;
  /** Bytes those tensors hold. */
  tensorBytes: number;
  /** Data buffers the WASM backend still tracks (a tensor disposed in tfjs but not in the backend would show here). */
  backendDataIds: number;
  /** Size of tfjs's WASM memory; 0 before the backend starts. WASM memory only grows, so growth is the signal. */
  tfWasmHeapBytes: number;
  /** Size of the PNG decoder's WASM memory; 0 before the first PNG. */
  pngWasmHeapBytes: number;
}

/** What we read of BackendWasm (its module type needs @types/emscripten, which we don't install). */
interface WasmBackendView {
  numDataIds(): number;
  wasm: { HEAPU8: Uint8Array } | null;
}

export function memoryStats(): MemoryStats {
  // Read the engine's state and registry directly: tf.memory() and findBackend() would start a backend as a side
  // effect, so a reading taken before the first request would change what it measures.
  const { state, registry } = engine();
  const backend = registry[BACKEND_NAME] as unknown as WasmBackendView | undefined;
  return {
    numTensors: state.numTensors,
    tensorBytes: state.numBytes,
    backendDataIds: backend?.numDataIds() ?? 0,
    tfWasmHeapBytes: backend?.wasm?.HEAPU8.buffer.byteLength ?? 0,
    pngWasmHeapBytes: pngHeapBytes(),
  };
}
