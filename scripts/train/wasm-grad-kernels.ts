// Convolution gradient kernels for the tfjs WASM backend in Node, written as forward convolutions it already runs fast.
//
// The WASM backend (4.22.0) has no Conv2DBackpropFilter (model.fit throws "Kernel 'Conv2DBackpropFilter' not
// registered") and its Conv2DBackpropInput is slow (~1.3 s a call for our model). Both gradients are convolutions
// themselves, so we rewrite them as the backend's XNNPACK Conv2D plus cheap Transpose/Reshape/Pad/Slice/Reverse (the
// big transpose of x by a JS loop over the heap). wasm-train-kernels.ts replaces the filter gradient by im2col GEMMs
// where those are faster and falls back to this one.
//
// Supported: NHWC, any strides, 'same' / 'valid' / numeric / explicit padding, dilation 1 (tfjs's own conv2d gradient
// refuses dilation > 1 too). Not supported, and refused with a clear error: dataFormat 'NCHW', dilations > 1.
import {
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  getKernel,
  registerKernel,
  unregisterKernel,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { swapOuterAxes } from './im2col';

const BACKEND = 'wasm';

/** Runs another kernel of the WASM backend directly (no engine, no tape: we are already inside a kernel). */
function run(name: string, backend: KernelBackend, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
  const kernel = getKernel(name, BACKEND);
  if (!kernel) throw new Error(`wasm-grad-kernels: the wasm backend has no '${name}' kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
}

/** Keeps track of intermediate tensors so each kernel frees everything but its result. */
class Scratch {
  private readonly temps: TensorInfo[] = [];
  constructor(private readonly backend: KernelBackend) {}
  op(name: string, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
    const out = run(name, this.backend, inputs, attrs);
    this.temps.push(out);
    return out;
  }
  /**
   * [N, H, W, C] -> [C, H, W, N] by a blocked loop over the WASM heap (about half the stock Transpose's time on the
   * reference's [128, 26, 26, 60]).
   */
  swapOuterAxes(x: TensorInfo): TensorInfo {
    const heapBackend = this.backend as unknown as {
      makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
      typedArrayFromHeap(t: TensorInfo): Float32Array;
    };
    const [n, h, w, c] = x.shape;
    if (x.dtype !== 'float32') return this.op('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const out = heapBackend.makeOutput([c, h, w, n], 'float32');
    this.temps.push(out);
    const dst = heapBackend.typedArrayFromHeap(out); // after the allocation: growing the heap detaches views
    const src = heapBackend.typedArrayFromHeap(x);
    swapOuterAxes(new Float32Array(dst.buffer), src.byteOffset >> 2, dst.byteOffset >> 2, n, h * w, c);
    return out;
  }
  /** Frees every intermediate except `keep`. Reshape shares data by reference count, so this is safe. */
  release(keep: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    return keep;
  }
}

function checkSupported(kernel: string, dataFormat: string, dilations?: number | [number, number]): void {
  if (dataFormat !== 'NHWC') {
    throw new Error(`wasm-grad-kernels: ${kernel} supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  }
  const d = dilations === undefined ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (d[0] !== 1 || d[1] !== 1) {
    throw new Error(`wasm-grad-kernels: ${kernel} supports dilation 1 only, got [${d.join(', ')}]`);
  }
}

/**
 * Keeps rows [begin, begin + length) of axis 1 and columns of axis 2 likewise (a Slice), when that is not everything.
 */
function crop(s: Scratch, x: TensorInfo, top: number, rows: number, left: number, cols: number): TensorInfo {
  const [n, h, w, c] = x.shape;
  if (top === 0 && left === 0 && rows === h && cols === w) return x;
  return s.op('Slice', { x }, { begin: [0, top, left, 0], size: [n, rows, cols, c] });
}

/**
 * dW[fh, fw, ci, co] = sum over n, oh, ow of x[n, oh*s + fh - padTop, ow*s + fw - padLeft, ci] * dy[n, oh, ow, co].
 * That is a stride-1 convolution of x with in-channels as the batch and the batch as channels ([Cin, H, W, N]),
 * by dy as the filter ([OH, OW, N, Cout]) dilated by the forward stride; the result is [Cin, FH, FW, Cout].
 */
export const conv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  checkSupported(Conv2DBackpropFilter, dataFormat);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const s = new Scratch(backend as KernelBackend);
  const { top, left } = info.padInfo;
  // The conv reads rows -top .. -top + FH - 1 + (OH-1)*stride of x; pad or crop x's far edge to exactly that.
  const rowsUsed = info.filterHeight + (info.outHeight - 1) * info.strideHeight;
  const colsUsed = info.filterWidth + (info.outWidth - 1) * info.strideWidth;
  const bottom = rowsUsed - top - info.inHeight;
  const right = colsUsed - left - info.inWidth;
  let xc = crop(s, x, 0, info.inHeight + Math.min(0, bottom), 0, info.inWidth + Math.min(0, right));
  xc = s.swapOuterAxes(xc);
  const dyT = s.op('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = s.op('Conv2D', { x: xc, filter: dyT }, {
    strides: [1, 1],
    pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [info.strideHeight, info.strideWidth],
    dimRoundingMode: undefined,
  });
  return s.release(s.op('Transpose', { x: conv }, { perm: [1, 2, 0, 3] }));
};

/**
 * dx = the stride-1 convolution of dy, dilated by the forward stride (stride-1 zeros between its pixels) and padded
 * by FH - 1 - padTop at the top (and whatever makes the output H tall at the bottom), with the filter rotated 180
 * degrees and its in/out channels swapped.
 */
const conv2dBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  checkSupported(Conv2DBackpropInput, dataFormat);
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
    'channelsLast',
  );
  const s = new Scratch(backend as KernelBackend);
  const [n, oh, ow, cOut] = dy.shape;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  let d = dy;
  if (sh > 1 || sw > 1) {
    // Dilate: [N, OH, 1, OW, 1, C] padded to [N, OH, sh, OW, sw, C] is [N, OH*sh, OW*sw, C] with zeros between pixels.
    const r = s.op('Reshape', { x: dy }, { shape: [n, oh, 1, ow, 1, cOut] });
    const p = s.op('PadV2', { x: r }, {
      paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]],
      constantValue: 0,
    });
    d = s.op('Reshape', { x: p }, { shape: [n, oh * sh, ow * sw, cOut] });
  }
  // Output row h sums d rows h - top' .. h - top' + FH - 1, top' = FH - 1 - padTop; negative pads become crops.
  const fh = info.filterHeight;
  const fw = info.filterWidth;
  let top = fh - 1 - info.padInfo.top;
  let left = fw - 1 - info.padInfo.left;
  const cropTop = Math.max(0, -top);
  const cropLeft = Math.max(0, -left);
  top = Math.max(0, top);
  left = Math.max(0, left);
  let rows = d.shape[1] - cropTop;
  let cols = d.shape[2] - cropLeft;
  const bottom = info.inHeight + fh - 1 - top - rows;
  const right = info.inWidth + fw - 1 - left - cols;
  rows += Math.min(0, bottom);
  cols += Math.min(0, right);
  d = crop(s, d, cropTop, rows, cropLeft, cols);
  const flipped = s.op('Reverse', { x: filter }, { dims: [0, 1] });
  const rotated = s.op('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  return s.release(s.op('Conv2D', { x: d, filter: rotated }, {
    strides: [1, 1],
    pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: undefined,
  }));
};

/** Registers both kernels for 'wasm', replacing the stock Conv2DBackpropInput. Idempotent. */
export function registerWasmGradKernels(): void {
  if (getKernel(Conv2DBackpropFilter, BACKEND)?.kernelFunc === conv2dBackpropFilter) return;
  if (getKernel(Conv2DBackpropInput, BACKEND)) unregisterKernel(Conv2DBackpropInput, BACKEND);
  if (getKernel(Conv2DBackpropFilter, BACKEND)) unregisterKernel(Conv2DBackpropFilter, BACKEND);
  registerKernel({ kernelName: Conv2DBackpropFilter, backendName: BACKEND, kernelFunc: conv2dBackpropFilter });
  registerKernel({ kernelName: Conv2DBackpropInput, backendName: BACKEND, kernelFunc: conv2dBackpropInput });
}

/** The names we register, for tests and logs. */
export const WASM_GRAD_KERNELS = [Conv2DBackpropFilter, Conv2DBackpropInput] as const;
