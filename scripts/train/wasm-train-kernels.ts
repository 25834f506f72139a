// Faster tfjs WASM kernels for the backward pass (measured in Node, CPU time of one 64-image step, default recipe).
//
// - MaxPoolGrad: the stock WASM kernel took 23 ms for [128,28,28,16]; this plain loop over the heap takes a few.
//   Same semantics as the cpu backend: each window's gradient goes to its first maximum (row-major, strict >).
// - BatchMatMul with a transposed operand (Dense's weight and input gradients): the stock kernel's transposed paths
//   are ~7x slower than materialising the transpose and multiplying untransposed (12 ms vs 1.8 ms for 576x128x128).
// - Conv2DBackpropFilter, stride 1, when the patch matrix is small (the default recipe's three convolutions and the
//   reference's first): im2col (a loop over the heap) and one GEMM. The forward-convolution form in
//   wasm-grad-kernels.ts runs a convolution whose "filter" is the whole dy image, which XNNPACK handles poorly when
//   channels are few (1.3 GMAC/s for a 1-channel input); larger cases still go there.
// - Sum over leading axes (every bias gradient): a ones-vector GEMV instead of the stock transpose-then-reduce.
import {
  backend_util,
  BatchMatMul,
  Conv2DBackpropFilter,
  getKernel,
  MaxPoolGrad,
  Sum,
  util,
  registerKernel,
  unregisterKernel,
  type BatchMatMulAttrs,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type NamedAttrMap,
  type SumAttrs,
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

/** Runs another WASM kernel directly (we are inside a kernel: no engine, no tape). */
function run(name: string, backend: object, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object): TensorInfo {
  const kernel = getKernel(name, BACKEND);
  if (!kernel) throw new Error(`wasm-train-kernels: the wasm backend has no '${name}' kernel`);
  return kernel.kernelFunc({ inputs: inputs as never, backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
}

/**
 * Writes the transposed patch matrix A^T[(ty, tx, c), p] = x[n, oy + ty - top, ox + tx - left, c] (0 outside the
 * image), p = (n, oy, ox), stride 1. A plain loop: the Slice kernel copies a 1-channel window element by element,
 * which made 25 slices cost more than the whole GEMM.
 */
function im2colTransposed(
  x: Float32Array, out: Float32Array, info: backend_util.Conv2DInfo, fh: number, fw: number, ci: number,
): void {
  const { batchSize, inHeight, inWidth, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  const patches = batchSize * outHeight * outWidth;
  for (let ty = 0; ty < fh; ty++) {
    for (let tx = 0; tx < fw; tx++) {
      // Output columns whose source column is inside the image: ox in [ox0, ox1).
      const ox0 = Math.max(0, left - tx);
      const ox1 = Math.min(outWidth, inWidth + left - tx);
      for (let c = 0; c < ci; c++) {
        const row = ((ty * fw + tx) * ci + c) * patches;
        let p = row;
        for (let n = 0; n < batchSize; n++) {
          for (let oy = 0; oy < outHeight; oy++) {
            const iy = oy + ty - top;
            if (iy < 0 || iy >= inHeight) {
              out.fill(0, p, p + outWidth);
              p += outWidth;
              continue;
            }
            const base = ((n * inHeight + iy) * inWidth + tx - left) * ci + c;
            for (let ox = 0; ox < ox0; ox++) out[p++] = 0;
            for (let ox = ox0; ox < ox1; ox++) out[p++] = x[base + ox * ci];
            for (let ox = ox1; ox < outWidth; ox++) out[p++] = 0;
          }
        }
      }
    }
  }
}

/** Above this many patch-matrix floats (64 MB), im2col costs more memory traffic than it saves. */
const IM2COL_MAX_FLOATS = 16 * 1024 * 1024;
let fallbackBackpropFilter: KernelConfig | undefined;

/**
 * dW[fh, fw, ci, co] = sum over pixels p of x[p shifted by (fh, fw), ci] * dy[p, co]: with the patch matrix
 * A[p, (fh, fw, ci)] that is one matrix product, A^T dy, in HWIO order, done by XNNPACK's GEMM.
 */
const conv2dBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const [fh, fw, ci, co] = filterShape;
  const patches = info.batchSize * info.outHeight * info.outWidth;
  if (dataFormat !== 'NHWC' || info.strideHeight !== 1 || info.strideWidth !== 1 || patches * fh * fw * ci > IM2COL_MAX_FLOATS) {
    return fallbackBackpropFilter!.kernelFunc(args);
  }
  const { backend } = args;
  const heap = backend as unknown as WasmHeapBackend;
  const k = fh * fw * ci;
  const aT = heap.makeOutput([k, patches], 'float32');
  im2colTransposed(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(aT), info, fh, fw, ci);
  const d = run('Reshape', backend, { x: dy }, { shape: [patches, co] });
  const dw = run(BatchMatMul, backend, { a: aT, b: d }, { transposeA: false, transposeB: false });
  const out = run('Reshape', backend, { x: dw }, { shape: filterShape });
  // Reshape shares data by reference count, so disposing the intermediates leaves out's data alive.
  for (const t of [aT, d, dw]) heap.disposeData(t.dataId);
  return out;
};

let stockSum: KernelConfig | undefined;

/** Sum over the leading axes of a float32 tensor (bias gradients: [N, H, W, C] -> [C]) as ones[1, R] x X[R, C]. */
const sum: KernelFunc = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as SumAttrs;
  const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((ax, i) => ax === i);
  if (x.dtype !== 'float32' || !leading) return stockSum!.kernelFunc(args);
  const heap = args.backend as unknown as WasmHeapBackend;
  const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
  const cols = util.sizeFromShape(x.shape.slice(axes.length));
  const ones = heap.makeOutput([1, rows], 'float32');
  heap.typedArrayFromHeap(ones).fill(1);
  const x2 = run('Reshape', args.backend, { x }, { shape: [rows, cols] });
  const s = stockBatchMatMul!.kernelFunc({
    inputs: { a: ones, b: x2 }, backend: args.backend, attrs: { transposeA: false, transposeB: false } as unknown as NamedAttrMap,
  }) as TensorInfo;
  const outShape = keepDims ? x.shape.map((dim, i) => (i < axes.length ? 1 : dim)) : x.shape.slice(axes.length);
  const out = run('Reshape', args.backend, { x: s }, { shape: outShape });
  for (const t of [ones, x2, s]) heap.disposeData(t.dataId);
  return out;
};

/** Replaces one kernel for 'wasm' unless ours is already there; returns the one it replaced. */
function replace(name: string, kernelFunc: KernelFunc, keepSetupOf?: KernelConfig): void {
  if (getKernel(name, BACKEND)?.kernelFunc === kernelFunc) return;
  if (getKernel(name, BACKEND)) unregisterKernel(name, BACKEND);
  registerKernel({ kernelName: name, backendName: BACKEND, setupFunc: keepSetupOf?.setupFunc, kernelFunc });
}

/**
 * Registers our kernels for 'wasm'; idempotent, and safe to call after registerWasmGradKernels (whose
 * Conv2DBackpropFilter ours falls back to). Call before the backend initialises or after: wrapped stock kernels keep
 * their setup functions (which bind the WASM functions they call), so either order works.
 */
export function registerWasmTrainKernels(): void {
  const current = (name: string) => {
    const k = getKernel(name, BACKEND);
    if (!k) throw new Error(`wasm-train-kernels: the wasm backend has no '${name}' kernel to wrap`);
    return k;
  };
  if (current(BatchMatMul).kernelFunc !== batchMatMul) stockBatchMatMul = current(BatchMatMul);
  if (current(Sum).kernelFunc !== sum) stockSum = current(Sum);
  if (current(Conv2DBackpropFilter).kernelFunc !== conv2dBackpropFilter) fallbackBackpropFilter = current(Conv2DBackpropFilter);
  replace(BatchMatMul, batchMatMul, stockBatchMatMul);
  replace(Sum, sum, stockSum);
  replace(Conv2DBackpropFilter, conv2dBackpropFilter, fallbackBackpropFilter);
  replace(MaxPoolGrad, maxPoolGrad);
}

/** The names we register, for tests and logs. */
export const WASM_TRAIN_KERNELS = [MaxPoolGrad, BatchMatMul, Conv2DBackpropFilter, Sum] as const;
