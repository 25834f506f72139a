// Runs tfjs on its WASM-SIMD backend inside workerd, where the package's own loader cannot, and says so honestly.
import {
  engine,
  findBackendFactory,
  getBackend,
  getKernel,
  registerBackend,
  registerKernel,
  removeBackend,
  setBackend,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
// The class only: the package's index would also register every kernel (bundle size) and its own `wasm`
// factory, which fetches the binary by URL and fails in workerd.
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js';
import { fusedConv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedConv2D.js';
import { maxPoolConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPool.js';
import { reshapeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape.js';
import { softmaxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Softmax.js';
import { _fusedMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/_FusedMatMul.js';
// The Emscripten glue works for both the plain and the SIMD binary; which one runs is decided by the module
// handed to `instantiateWasm` below.
import wasmFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js';
// wrangler compiles this at deploy time into a WebAssembly.Module: workerd refuses to compile from bytes.
import simdModule from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';

export const BACKEND_NAME = 'wasm';

/**
 * The kernels our model runs (measured by recording engine.runKernel during a forward pass), and nothing else:
 * the package's index registers ~200, whose code would only add bundle size. FusedConv2D and _FusedMatMul carry
 * bias and ReLU; MaxPool is for the pooled `default` recipe. If a model ever needs another, the classifier's probe
 * pass at load fails with the kernel's name.
 */
const kernels: KernelConfig[] = [fusedConv2DConfig, _fusedMatMulConfig, maxPoolConfig, reshapeConfig, softmaxConfig];

export interface BackendStatus {
  /** The backend tfjs actually uses; anything but `wasm` is unhealthy (tfjs would otherwise fall back silently). */
  backend: string | null;
  /** True when the SIMD build of the binary is the one instantiated. */
  simd: boolean;
  /** Milliseconds spent instantiating the module and initialising the backend. */
  initMs: number;
}

/** Emscripten's cwrap; its type lives in @types/emscripten, which the package's .d.ts assumes but we don't install. */
type Cwrap = (name: string, returnType: 'number' | null, argTypes: 'number'[]) => (...args: number[]) => any;

/** Instantiates the bundled module through the glue's `instantiateWasm` hook, then wraps it as tfjs does. */
async function createWasmBackend(): Promise<BackendWasm> {
  // The glue only learns of a failed instantiation through us; without this race its promise would never settle.
  let fail: (reason: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const wasm = (await Promise.race([
    wasmFactory({
      // The hook replaces the glue's fetch-and-compile: we already hold a compiled module.
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        WebAssembly.instantiate(simdModule, imports).then((instance) => receive(instance, simdModule), fail);
        return {}; // Emscripten's contract: the exports arrive later, through `receive`.
      },
      onAbort: (what: string) => fail(new Error(`tfjs wasm module aborted: ${what}`)),
      // Never used to fetch anything (the hook above does the loading), but the glue asks for it.
      locateFile: (path: string) => path,
    }),
    failed,
  ])) as Awaited<ReturnType<typeof wasmFactory>> & { cwrap: Cwrap };
  // Mirrors init() in @tensorflow/tfjs-backend-wasm 4.22.0 dist/backend_wasm.js: the JS<->WASM bridge that
  // BackendWasm's constructor and every kernel rely on, under the `tfjs` namespace.
  wasm.tfjs = {
    init: wasm.cwrap('init', null, []),
    initWithThreadsCount: wasm.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: wasm.cwrap('get_threads_count', 'number', []),
    registerTensor: wasm.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: wasm.cwrap('dispose_data', null, ['number']),
    dispose: wasm.cwrap('dispose', null, []),
  };
  return new BackendWasm(wasm);
}

let ready: Promise<BackendStatus> | undefined;

/**
 * Registers our `wasm` backend and makes it current, once per isolate. Resolves with what is really active;
 * rejects if tfjs refused it, so callers can report the reason instead of running on a fallback.
 */
export function initBackend(): Promise<BackendStatus> {
  ready ??= (async () => {
    const started = performance.now();
    // Kernels must be registered before the backend initialises: that is when their setup binds WASM exports.
    for (const kernel of kernels) {
      if (!getKernel(kernel.kernelName, BACKEND_NAME)) registerKernel({ ...kernel, backendName: BACKEND_NAME });
    }
    // If anything imported the package's index, its fetch-based factory holds the name; ours must replace it.
    if (findBackendFactory(BACKEND_NAME)) removeBackend(BACKEND_NAME);
    // tfjs catches a failing factory, logs it and answers `false`: keep the cause for the error message.
    let cause: unknown;
    registerBackend(BACKEND_NAME, () => createWasmBackend().catch((err: unknown) => Promise.reject((cause = err))), 2);
    const ok = await setBackend(BACKEND_NAME);
    const backend = activeBackend();
    if (!ok || backend !== BACKEND_NAME) {
      const why = cause instanceof Error ? cause.message : cause === undefined ? `active backend: ${backend ?? 'none'}` : String(cause);
      throw new Error(`tfjs could not start the ${BACKEND_NAME} backend: ${why}`);
    }
    return { backend, simd: true, initMs: performance.now() - started };
  })();
  return ready;
}

/**
 * The backend tfjs would run the next op on right now; null before any is set, and null when the one set failed
 * to start (tfjs records the name before initialising it, so getBackend() alone would still say `wasm`).
 */
export function activeBackend(): string | null {
  const name = getBackend();
  return name && engine().registry[name] ? name : null;
}
