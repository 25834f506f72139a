// Faster tfjs WASM kernels for the backward pass (measured in Node, CPU time of training steps).
//
// Two costs shape them: the stock BatchMatMul is XNNPACK only for one untransposed batch, and it packs its right
// operand at several ns a float (a scalar gather) whenever it meets a tensor id it has not packed (every step's
// operands are fresh tensors, so in training: every call); our JS loops over the heap run at ~1-3 ns a float.
// - MaxPoolGrad: the stock WASM kernel took 23 ms for [128,28,28,16]; this plain loop over the heap takes a few.
//   Same semantics as the cpu backend: each window's gradient goes to its first maximum (row-major, strict >).
// - BatchMatMul with a transposed operand (Dense's weight and input gradients): the stock transposed paths are a
//   scalar loop; we transpose in JS (blocked) and multiply untransposed.
// - Conv2DBackpropFilter, when the patch matrix is at most 16M floats (all the default recipe's convolutions and the
//   reference's first, any stride and padding): transposed im2col and GEMMs a few images at a time, dy the packed
//   operand. The forward-convolution form in wasm-grad-kernels.ts takes the larger cases.
// - Sum over leading axes (every bias gradient): a JS loop instead of the stock transpose-then-reduce.
// - Identity: shares the input's data instead of copying it (the engine clones every tensor saved for a gradient).
import {
  backend_util,
  BatchMatMul,
  Conv2DBackpropFilter,
  getKernel,
  Identity,
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
import { im2colColumns, transpose2d, type PatchGeometry } from './im2col';

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

/** A float32 view of the whole WASM heap and the float offset of t in it (refetch after any allocation). */
function heapOf(backend: WasmHeapBackend, t: TensorInfo): { heap: Float32Array; at: number } {
  const view = backend.typedArrayFromHeap(t);
  return { heap: new Float32Array(view.buffer), at: view.byteOffset >> 2 };
}

/** The transpose of the last two axes, by a blocked loop over the heap (~3x faster than the stock Transpose here). */
function transposeLastTwo(backend: object, t: TensorInfo): TensorInfo {
  const heapBackend = backend as unknown as WasmHeapBackend;
  const [rows, cols] = t.shape.slice(-2);
  const out = heapBackend.makeOutput([...t.shape.slice(0, -2), cols, rows], 'float32');
  const { heap, at: dst } = heapOf(heapBackend, out);
  const src = heapOf(heapBackend, t).at;
  for (let i = 0, size = rows * cols; i < util.sizeFromShape(t.shape) / size; i++) {
    transpose2d(heap, src + i * size, dst + i * size, rows, cols);
  }
  return out;
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

/** Patches per GEMM: fewer than a few thousand and per-call costs show, more and its operand leaves the caches. */
const CHUNK_PATCHES = 3072;
/**
 * Above this many patch-matrix floats over the whole batch the strided im2col walk (~2.3 ns a float in JS) costs more
 * than the forward-convolution form saves: the reference's second layer (40M floats) goes there, ~20% faster.
 */
const IM2COL_MAX_FLOATS = 16 * 1024 * 1024;
let fallbackBackpropFilter: KernelConfig | undefined;

/**
 * dW[fh, fw, ci, co] = sum over patches p of x[p's window at (fh, fw), ci] * dy[p, co]: with the transposed patch
 * matrix A^T[(fh, fw, ci), p] that is A^T dy, done by XNNPACK's GEMM a few images at a time and summed here.
 * Chunks matter: the stock GEMM packs its right operand (here dy) for every call at ~4 ns a float and, with a
 * reduction dimension of ~100,000, streams it from memory for every row tile (the reference's first-layer filter
 * gradient took 37 ms in one GEMM, 28 ms in chunks). dy is the right operand because it is the smaller one.
 */
const conv2dBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const [fh, fw, ci, co] = filterShape;
  const k = fh * fw * ci;
  const perImage = info.outHeight * info.outWidth;
  if (dataFormat !== 'NHWC' || x.dtype !== 'float32' || dy.dtype !== 'float32' || info.batchSize * perImage * k > IM2COL_MAX_FLOATS) {
    return fallbackBackpropFilter!.kernelFunc(args);
  }
  const g: PatchGeometry = {
    inHeight: info.inHeight, inWidth: info.inWidth, inChannels: ci, outHeight: info.outHeight, outWidth: info.outWidth,
    filterHeight: fh, filterWidth: fw, strideHeight: info.strideHeight, strideWidth: info.strideWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
  const { backend } = args;
  const heapBackend = backend as unknown as WasmHeapBackend;
  const imagesPerChunk = Math.max(1, Math.round(CHUNK_PATCHES / perImage));
  const acc = new Float64Array(k * co); // the chunks' sum, rounded to float32 once
  for (let n0 = 0; n0 < info.batchSize; n0 += imagesPerChunk) {
    const n1 = Math.min(info.batchSize, n0 + imagesPerChunk);
    const patches = (n1 - n0) * perImage;
    // b is a fresh tensor each chunk: the stock kernel caches its packed copy under b's tensor id.
    const a = heapBackend.makeOutput([k, patches], 'float32');
    const b = heapBackend.makeOutput([patches, co], 'float32');
    const { heap, at: aAt } = heapOf(heapBackend, a); // after both allocations: growing the heap detaches views
    const dyAt = heapOf(heapBackend, dy).at + n0 * perImage * co;
    im2colColumns(heap, heapOf(heapBackend, x).at, aAt, g, n0, n1, patches);
    heap.copyWithin(heapOf(heapBackend, b).at, dyAt, dyAt + patches * co);
    const c = stockBatchMatMul!.kernelFunc({
      inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } as unknown as NamedAttrMap,
    }) as TensorInfo;
    const cv = heapBackend.typedArrayFromHeap(c);
    for (let i = 0; i < acc.length; i++) acc[i] += cv[i];
    for (const t of [a, b, c]) heapBackend.disposeData(t.dataId);
  }
  const out = heapBackend.makeOutput(filterShape, 'float32');
  heapBackend.typedArrayFromHeap(out).set(acc);
  return out;
};

let stockSum: KernelConfig | undefined;

/** acc[c] += sum over rows r of xs[r * cols + c], four rows at a time (half the time of one at a time). */
function sumRows(xs: Float32Array, rows: number, cols: number, acc: Float64Array): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    for (let c = 0, i = r * cols; c < cols; c++, i++) acc[c] += xs[i] + xs[i + cols] + (xs[i + 2 * cols] + xs[i + 3 * cols]);
  }
  for (; r < rows; r++) for (let c = 0, i = r * cols; c < cols; c++, i++) acc[c] += xs[i];
}

/**
 * Sum over the leading axes of a float32 tensor (bias gradients: [N, H, W, C] -> [C]): a loop over the heap, summed
 * in float64. The stock kernel transposes first; a ones-vector GEMM has XNNPACK pack X at several ns a float (36 ms
 * for the reference's [128, 26, 26, 60] in a training step); this loop reads X once (~2 ns a float).
 */
const sum: KernelFunc = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as SumAttrs;
  const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((ax, i) => ax === i);
  if (x.dtype !== 'float32' || !leading) return stockSum!.kernelFunc(args);
  const heap = args.backend as unknown as WasmHeapBackend;
  const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
  const cols = util.sizeFromShape(x.shape.slice(axes.length));
  const outShape = keepDims ? x.shape.map((dim, i) => (i < axes.length ? 1 : dim)) : x.shape.slice(axes.length);
  const out = heap.makeOutput(outShape, 'float32');
  const acc = new Float64Array(cols);
  sumRows(heap.typedArrayFromHeap(x), rows, cols, acc);
  heap.typedArrayFromHeap(out).set(acc);
  return out;
};

let stockIdentity: KernelConfig | undefined;

/**
 * Identity without a copy: the output shares the input's data (reference counted, as Reshape does and as the cpu
 * backend's Identity does). tfjs tensors are immutable, so sharing is safe. The engine clones every tensor a kernel
 * saves for its gradient, so the stock copying Identity cost ~10 ms a step on the reference model.
 */
const identity: KernelFunc = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === 'string') return stockIdentity!.kernelFunc(args);
  (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** Replaces one kernel for 'wasm' unless ours is already there (keeping the stock one's setup if asked). */
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
  if (current(Identity).kernelFunc !== identity) stockIdentity = current(Identity);
  replace(BatchMatMul, batchMatMul, stockBatchMatMul);
  replace(Sum, sum, stockSum);
  replace(Conv2DBackpropFilter, conv2dBackpropFilter, fallbackBackpropFilter);
  replace(MaxPoolGrad, maxPoolGrad);
  replace(Identity, identity);
}

/** The names we register, for tests and logs. */
export const WASM_TRAIN_KERNELS = [MaxPoolGrad, BatchMatMul, Conv2DBackpropFilter, Sum, Identity] as const;
