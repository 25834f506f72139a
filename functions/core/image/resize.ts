// Separable resampling: area averaging (box filter) when shrinking, bilinear when enlarging.

/** For each output index, the source indices it reads and their weights (summing to 1). */
interface Taps {
  index: Int32Array[];
  weight: Float32Array[];
}

/**
 * Shrinking: output pixel i covers the source interval [i*s, (i+1)*s) with s = src/dst and averages what it
 * covers, weighting partly covered pixels by the covered fraction (no aliasing: every source pixel counts).
 * Enlarging (or equal): bilinear between pixel centres, x_src = (i + 0.5) / scale - 0.5, clamped at the edges;
 * at equal sizes this is the identity.
 */
export function taps(src: number, dst: number): Taps {
  const index: Int32Array[] = [];
  const weight: Float32Array[] = [];
  const s = src / dst;
  for (let i = 0; i < dst; i++) {
    if (dst < src) {
      const from = i * s;
      const to = (i + 1) * s;
      const first = Math.floor(from);
      const last = Math.min(src - 1, Math.ceil(to) - 1);
      const idx: number[] = [];
      const w: number[] = [];
      for (let k = first; k <= last; k++) {
        const covered = Math.min(to, k + 1) - Math.max(from, k);
        if (covered > 0) {
          idx.push(k);
          w.push(covered / s);
        }
      }
      index.push(Int32Array.from(idx));
      weight.push(Float32Array.from(w));
    } else {
      const x = Math.min(src - 1, Math.max(0, (i + 0.5) * s - 0.5));
      const left = Math.floor(x);
      const frac = x - left;
      const right = Math.min(src - 1, left + 1);
      index.push(Int32Array.of(left, right));
      weight.push(Float32Array.of(1 - frac, frac));
    }
  }
  return { index, weight };
}

/**
 * Resamples a (srcWidth x srcHeight) image read through `get(x, y)` to dstWidth x dstHeight, rows first.
 * The source is read through a function so a crop of a large image need not be copied first.
 */
export function resample(
  get: (x: number, y: number) => number,
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
): Float32Array {
  const h = taps(srcWidth, dstWidth);
  const rows = new Float32Array(dstWidth * srcHeight);
  for (let y = 0; y < srcHeight; y++) {
    for (let i = 0; i < dstWidth; i++) {
      const idx = h.index[i];
      const w = h.weight[i];
      let sum = 0;
      for (let k = 0; k < idx.length; k++) sum += w[k] * get(idx[k], y);
      rows[y * dstWidth + i] = sum;
    }
  }
  const v = taps(srcHeight, dstHeight);
  const out = new Float32Array(dstWidth * dstHeight);
  for (let j = 0; j < dstHeight; j++) {
    const idx = v.index[j];
    const w = v.weight[j];
    for (let i = 0; i < dstWidth; i++) {
      let sum = 0;
      for (let k = 0; k < idx.length; k++) sum += w[k] * rows[idx[k] * dstWidth + i];
      out[j * dstWidth + i] = sum;
    }
  }
  return out;
}
