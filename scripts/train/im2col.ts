// Patch matrices (im2col) and a blocked transpose over one Float32Array: the loops behind our WASM gradient kernels.
//
// Everything works on offsets into one array (in the kernels: the whole WASM heap, so nothing is copied in or out)
// and nothing here knows tfjs.

/** Where a convolution reads: NHWC input, filter size, strides and the top/left padding (bottom/right follow). */
export interface PatchGeometry {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * The transposed patch matrix of images [n0, n1): row (ty, tx, c), `cols` floats long (cols >= the chunk's patch
 * count), holds x[n, oy*sh + ty - top, ox*sw + tx - left, c] for every patch p = (n, oy, ox) in order, 0 outside the
 * image. Each row is a strided walk over x.
 */
export function im2colColumns(
  heap: Float32Array, x: number, out: number, g: PatchGeometry, n0: number, n1: number, cols: number,
): void {
  const { inHeight, inWidth, inChannels: ci, outHeight, outWidth, filterHeight: fh, filterWidth: fw } = g;
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  for (let ty = 0; ty < fh; ty++) {
    for (let tx = 0; tx < fw; tx++) {
      // Output columns whose source column is inside the image: ox in [ox0, ox1).
      const ox0 = Math.min(outWidth, Math.max(0, Math.ceil((g.padLeft - tx) / sw)));
      const ox1 = Math.max(ox0, Math.min(outWidth, Math.ceil((inWidth + g.padLeft - tx) / sw)));
      for (let c = 0; c < ci; c++) {
        let p = out + ((ty * fw + tx) * ci + c) * cols;
        for (let n = n0; n < n1; n++) {
          for (let oy = 0; oy < outHeight; oy++) {
            const iy = oy * sh + ty - g.padTop;
            if (iy < 0 || iy >= inHeight) {
              heap.fill(0, p, p + outWidth);
              p += outWidth;
              continue;
            }
            const base = x + ((n * inHeight + iy) * inWidth + tx - g.padLeft) * ci + c;
            const step = sw * ci;
            for (let ox = 0; ox < ox0; ox++) heap[p++] = 0;
            // Unrolled by 4: the loop's own overhead is most of the cost (1.8 -> 1.1-1.3 ns a float).
            let ox = ox0;
            let s = base + ox0 * step;
            for (; ox + 4 <= ox1; ox += 4, p += 4, s += 4 * step) {
              heap[p] = heap[s];
              heap[p + 1] = heap[s + step];
              heap[p + 2] = heap[s + 2 * step];
              heap[p + 3] = heap[s + 3 * step];
            }
            for (; ox < ox1; ox++, s += step) heap[p++] = heap[s];
            for (let ox = ox1; ox < outWidth; ox++) heap[p++] = 0;
          }
        }
      }
    }
  }
}

/** Transposes move BLOCK x BLOCK tiles, so the rows read and the rows written both stay in cache. */
const BLOCK = 16;

/** dst[c * rows + r] = src[r * cols + c] for a rows x cols matrix: swapOuterAxes with a middle axis of 1. */
export function transpose2d(heap: Float32Array, src: number, dst: number, rows: number, cols: number): void {
  swapOuterAxes(heap, src, dst, rows, 1, cols);
}

/**
 * Swaps the first and last axes of an [n, m, c] array: dst[(k * m + j) * n + i] = src[(i * m + j) * c + k], as m
 * blocked 2D transposes of n x c (the batch-as-channels layout of the forward-convolution filter gradient).
 */
export function swapOuterAxes(heap: Float32Array, src: number, dst: number, n: number, m: number, c: number): void {
  const srcRow = m * c;
  const dstRow = m * n;
  for (let j = 0; j < m; j++) {
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const i1 = Math.min(n, i0 + BLOCK);
      for (let k0 = 0; k0 < c; k0 += BLOCK) {
        const k1 = Math.min(c, k0 + BLOCK);
        for (let i = i0; i < i1; i++) {
          let s = src + i * srcRow + j * c + k0;
          let d = dst + k0 * dstRow + j * n + i;
          let k = k0;
          for (; k + 4 <= k1; k += 4, s += 4, d += 4 * dstRow) {
            heap[d] = heap[s];
            heap[d + dstRow] = heap[s + 1];
            heap[d + 2 * dstRow] = heap[s + 2];
            heap[d + 3 * dstRow] = heap[s + 3];
          }
          for (; k < k1; k++, d += dstRow) heap[d] = heap[s++];
        }
      }
    }
  }
}
