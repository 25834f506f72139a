// Faster tfjs WASM kernels for the backward pass of pooling and dense layers (measured in Node, batch 128).
//
// - MaxPoolGrad: the stock WASM kernel took 23 ms for [128,28,28,16]; this plain loop over the heap takes a few.
//   Same semantics as the cpu backend: each window's gradient goes to its first maximum (row-major, strict >).
// - BatchMatMul with a transposed operand (Dense's weight and input gradients): the stock kernel's transposed paths
//   are ~7x slower than materialising the transpose and multiplying untransposed (12 ms vs 1.8 ms for 576x128x128).
import {
  backend_util,
  BatchMatMul,
  getKernel,
  MaxPoolGrad,
  registerKernel,
  unregisterKernel,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

const BACKEND = 'wasm';

/** The parts of tfjs's BackendWasm these kernels use (it is not exported as a type). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}

/** The common case, 2x2 windows with stride 2 all inside the input, unrolled: the same first-maximum rule. */
function maxPoolGrad2x2(
  x: Float32Array, g: Float32Array, dx: Float32Array,
  batch: number, inHeight: number, inWidth: number, c: number, outHeight: number, outWidth: number,
): void {
  const row = inWidth * c;
  let gi = 0;
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const base = n * inHeight * row + 2 * oy * row + 2 * ox * c;
        for (let ch = 0; ch < c; ch++, gi++) {
          const i00 = base + ch;
          let at = i00;
          let best = x[i00];
          if (x[i00 + c] > best) best = x[(at = i00 + c)];
          if (x[i00 + row] > best) best = x[(at = i00 + row)];
          if (x[i00 + row + c] > best) at = i00 + row + c;
          dx[at] += g[gi];
        }
      }
    }
  }
}

const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode,
  );
  const b = backend as unknown as WasmHeapBackend;
  const out = b.makeOutput(input.shape, 'float32');
  // Views after the allocation: growing WASM memory would detach earlier ones.
  const x = b.typedArrayFromHeap(input);
  const g = b.typedArrayFromHeap(dy);
  const dx = b.typedArrayFromHeap(out);
  dx.fill(0);
  const { inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const fh = info.effectiveFilterHeight;
  const fw = info.effectiveFilterWidth;
  const { top, left } = info.padInfo;
  const inside = 2 * outHeight <= inHeight && 2 * outWidth <= inWidth; // no window hangs over the bottom/right edge
  if (fh === 2 && fw === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0 && inside) {
    maxPoolGrad2x2(x, g, dx, info.batchSize, inHeight, inWidth, c, outHeight, outWidth);
    return out;
  }
  for (let n = 0; n < info.batchSize; n++) {
    const xBase = n * inHeight * inWidth * c;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = Math.max(0, oy * strideHeight - top);
      const y1 = Math.min(inHeight, oy * strideHeight - top + fh);
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = Math.max(0, ox * strideWidth - left);
        const x1 = Math.min(inWidth, ox * strideWidth - left + fw);
        const gBase = ((n * outHeight + oy) * outWidth + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let yy = y0; yy < y1; yy++) {
            for (let xx = x0; xx < x1; xx++) {
              const i = xBase + (yy * inWidth + xx) * c + ch;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += g[gBase + ch];
        }
      }
    }
  }
  return out;
};

let stockBatchMatMul: KernelConfig | undefined;

function transposeLastTwo(backend: object, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  const transpose = getKernel('Transpose', BACKEND)!;
  return transpose.kernelFunc({ inputs: { x: t }, backend, attrs: { perm } as unknown as NamedAttrMap }) as TensorInfo;
}

const batchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  const stock = stockBatchMatMul!.kernelFunc;
  if (!transposeA && !transposeB) return stock({ inputs, backend, attrs });
  const a2 = transposeA ? transposeLastTwo(backend, a) : a;
  const b2 = transposeB ? transposeLastTwo(backend, b) : b;
  const out = stock({ inputs: { a: a2, b: b2 }, backend, attrs: { transposeA: false, transposeB: false } as unknown as NamedAttrMap });
  const heap = backend as unknown as WasmHeapBackend;
  if (a2 !== a) heap.disposeData(a2.dataId);
  if (b2 !== b) heap.disposeData(b2.dataId);
  return out;
};

/**
 * Registers both for 'wasm'. Idempotent. Call before the backend initialises or after: our BatchMatMul keeps the
 * stock kernel's setup function (which binds the WASM function it calls) so either order works.
 */
export function registerWasmTrainKernels(): void {
  if (getKernel(MaxPoolGrad, BACKEND)?.kernelFunc === maxPoolGrad) return;
  stockBatchMatMul = getKernel(BatchMatMul, BACKEND);
  if (!stockBatchMatMul) throw new Error("wasm-train-kernels: the wasm backend has no 'BatchMatMul' kernel to wrap");
  unregisterKernel(BatchMatMul, BACKEND);
  registerKernel({ kernelName: BatchMatMul, backendName: BACKEND, setupFunc: stockBatchMatMul.setupFunc, kernelFunc: batchMatMul });
  if (getKernel(MaxPoolGrad, BACKEND)) unregisterKernel(MaxPoolGrad, BACKEND);
  registerKernel({ kernelName: MaxPoolGrad, backendName: BACKEND, kernelFunc: maxPoolGrad });
}

/** The names we register, for tests and logs. */
export const WASM_TRAIN_KERNELS = [MaxPoolGrad, BatchMatMul] as const;
