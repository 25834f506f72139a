// im2col and the blocked transposes against plain loops, at sizes that cross the 16-wide blocks and the unrolling.
import { describe, expect, it } from 'vitest';
import { im2colColumns, swapOuterAxes, transpose2d, type PatchGeometry } from '../../scripts/train/im2col';
import { Random } from '../../functions/core/random';

/** A heap with `offset` floats of padding before the data, so offsets are exercised too. */
function heapWith(values: Float32Array, offset: number, extra: number): Float32Array {
  const heap = new Float32Array(offset + values.length + extra).fill(-7);
  heap.set(values, offset);
  return heap;
}

function randomValues(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.random() * 2 - 1);
}

describe('transpose2d', () => {
  it.each([[37, 45], [16, 16], [1, 9], [9, 1], [17, 3]])('transposes %i x %i', (rows, cols) => {
    const src = randomValues(rows * cols, rows * 100 + cols);
    const heap = heapWith(src, 5, rows * cols + 3);
    const dst = 5 + rows * cols;
    transpose2d(heap, 5, dst, rows, cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(heap[dst + c * rows + r]).toBe(src[r * cols + c]);
    expect(heap[dst + rows * cols]).toBe(-7); // nothing written past the end
  });
});

describe('swapOuterAxes', () => {
  it.each([[19, 5, 21], [3, 7, 4], [33, 2, 17]])('swaps the outer axes of [%i, %i, %i]', (n, m, c) => {
    const src = randomValues(n * m * c, n + m + c);
    const heap = heapWith(src, 3, n * m * c);
    const dst = 3 + n * m * c;
    swapOuterAxes(heap, 3, dst, n, m, c);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        for (let k = 0; k < c; k++) expect(heap[dst + (k * m + j) * n + i]).toBe(src[(i * m + j) * c + k]);
      }
    }
  });
});

describe('im2colColumns', () => {
  const cases: [string, PatchGeometry, number][] = [
    ['valid, stride 1', { inHeight: 6, inWidth: 7, inChannels: 2, outHeight: 4, outWidth: 5, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0 }, 3],
    ['same, stride 2', { inHeight: 9, inWidth: 11, inChannels: 3, outHeight: 5, outWidth: 6, filterHeight: 3, filterWidth: 3, strideHeight: 2, strideWidth: 2, padTop: 1, padLeft: 1 }, 2],
    ['5x5, padding 2, wide rows', { inHeight: 5, inWidth: 13, inChannels: 1, outHeight: 5, outWidth: 13, filterHeight: 5, filterWidth: 5, strideHeight: 1, strideWidth: 1, padTop: 2, padLeft: 2 }, 2],
  ];
  it.each(cases)('%s matches a plain loop, leaving columns past the patches alone', (_, g, images) => {
    const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = g;
    const x = randomValues(images * H * W * C, H * W);
    const n0 = 1;
    const n1 = images;
    const patches = (n1 - n0) * OH * OW;
    const cols = patches + 3;
    const heap = heapWith(x, 2, FH * FW * C * cols);
    const out = 2 + x.length;
    im2colColumns(heap, 2, out, g, n0, n1, cols);
    for (let ty = 0; ty < FH; ty++) {
      for (let tx = 0; tx < FW; tx++) {
        for (let c = 0; c < C; c++) {
          const row = out + ((ty * FW + tx) * C + c) * cols;
          let p = 0;
          for (let n = n0; n < n1; n++) {
            for (let oy = 0; oy < OH; oy++) {
              for (let ox = 0; ox < OW; ox++, p++) {
                const iy = oy * g.strideHeight + ty - g.padTop;
                const ix = ox * g.strideWidth + tx - g.padLeft;
                const want = iy < 0 || iy >= H || ix < 0 || ix >= W ? 0 : x[((n * H + iy) * W + ix) * C + c];
                expect(heap[row + p]).toBe(want);
              }
            }
          }
          for (let q = patches; q < cols; q++) expect(heap[row + q]).toBe(-7);
        }
      }
    }
  });
});
