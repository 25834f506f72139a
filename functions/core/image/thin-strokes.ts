// Thinning of strokes wider than MNIST's (a marker, a fat brush): grey erosion by a disc in a 2x finer frame.
import { resample } from './resize';
import type { Raster } from './stroke-width';

/** Supersampling factor of the frame in which strokes are eroded; radii between its pixels are interpolated. */
const FINE = 2;

/**
 * Redraws the fitted digit (dw x dh, read from the crop through `get`) with strokes `currentWidth - maxWidth`
 * thinner (strokeWidth, the 20-px box scale), as a thinner pen would have drawn them: the mirror of
 * thickenStrokes. The crop is resampled to a frame 2x finer than the fit, eroded with a disc whose diameter is
 * the excess (grey min, so an anti-aliased edge moves by a fraction of a pixel), and its 2x2 blocks averaged
 * back down. Erosion undoes the dilation a thick pen adds to a thin pen's trace.
 *
 * One erosion by the measured excess, not a search for the exact target: the estimate falls by less than the
 * erosion (the strokes get shorter too, and a digit whose estimate is high for a filled loop or merged strokes
 * rather than a fat pen responds less), so it lands between maxWidth and where it was, near maxWidth for long
 * strokes. Eroding further until the estimate reaches maxWidth erased the thin parts of such digits and cost
 * accuracy (measured while developing, maxWidth 2.9, 2,000 MNIST test digits dilated by
 * 3 px at 28x28: 95.95% unthinned, 97.9% with one erosion, 96.7% with a second, corrective one).
 *
 * The digit keeps its place and size (the box is not refitted: the thin pen's trace is the same skeleton).
 * `fit` is the dw x dh fit itself: a crop smaller than the fine frame is replicated from it rather than
 * enlarged bilinearly, which would blur it. Returns a new raster of the same size.
 */
export function thinStrokes(
  get: (x: number, y: number) => number,
  srcWidth: number,
  srcHeight: number,
  fit: Float32Array,
  dw: number,
  dh: number,
  maxWidth: number,
  currentWidth: number,
): Raster {
  const fw = dw * FINE;
  const fh = dh * FINE;
  const fine = srcWidth >= fw && srcHeight >= fh ? resample(get, srcWidth, srcHeight, fw, fh) : replicate(fit, dw, dh);
  const radius = (FINE * Math.max(0, currentWidth - maxWidth)) / 2;
  return { values: blockAverage(erode(fine, fw, fh, radius), fw, fh), width: dw, height: dh };
}

/**
 * Grey erosion (min) with a disc of fractional `radius` pixels, linear between the discs of floor(radius) and
 * floor(radius) + 1; outside the frame is paper (0). A disc is a stack of horizontal runs, and the mins over
 * runs of every half-length come from growing them a pixel a side at a time, so the cost is O(radius) per
 * pixel, not O(radius^2). Returns a new array.
 */
export function erode(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const r0 = Math.floor(radius);
  const t = radius - r0;
  if (radius <= 0) return src.slice();
  const r1 = r0 + 1;
  // runs[h][i]: min over row y of columns x-h..x+h (paper outside the frame).
  const runs: Float32Array[] = [src];
  for (let h = 1; h <= r1; h++) {
    const prev = runs[h - 1];
    const run = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        let m = prev[row + x];
        const left = x - h >= 0 ? src[row + x - h] : 0;
        const right = x + h < width ? src[row + x + h] : 0;
        if (left < m) m = left;
        if (right < m) m = right;
        run[row + x] = m;
      }
    }
    runs.push(run);
  }
  // Half-lengths of the rows of the two discs (-1: the row is beyond that disc's radius).
  const half0 = new Int32Array(r1 + 1);
  const half1 = new Int32Array(r1 + 1);
  for (let j = 0; j <= r1; j++) {
    half0[j] = j <= r0 ? Math.floor(Math.sqrt(r0 * r0 - j * j)) : -1;
    half1[j] = Math.floor(Math.sqrt(r1 * r1 - j * j));
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let a = runs[half0[0]][i];
      let b = runs[half1[0]][i];
      for (let j = 1; j <= r1; j++) {
        const run1 = runs[half1[j]];
        const run0 = half0[j] >= 0 ? runs[half0[j]] : undefined;
        if (y - j < 0 || y + j >= height) {
          // The disc reaches past the frame: paper.
          b = 0;
          if (run0) a = 0;
          break;
        }
        const up = i - j * width;
        const down = i + j * width;
        if (run1[up] < b) b = run1[up];
        if (run1[down] < b) b = run1[down];
        if (run0) {
          if (run0[up] < a) a = run0[up];
          if (run0[down] < a) a = run0[down];
        }
      }
      out[i] = a + t * (b - a);
    }
  }
  return out;
}

/** Each fit pixel repeated over its FINE x FINE block. */
function replicate(fit: Float32Array, dw: number, dh: number): Float32Array {
  const fw = dw * FINE;
  const out = new Float32Array(fw * dh * FINE);
  for (let y = 0; y < dh * FINE; y++) {
    const from = Math.floor(y / FINE) * dw;
    for (let x = 0; x < fw; x++) out[y * fw + x] = fit[from + Math.floor(x / FINE)];
  }
  return out;
}

/** Mean of each FINE x FINE block: the fine frame back at the fit's size. */
function blockAverage(fine: Float32Array, fw: number, fh: number): Float32Array {
  const dw = fw / FINE;
  const out = new Float32Array(dw * (fh / FINE));
  for (let y = 0; y < fh; y++) {
    const row = Math.floor(y / FINE) * dw;
    for (let x = 0; x < fw; x++) out[row + Math.floor(x / FINE)] += fine[y * fw + x];
  }
  for (let i = 0; i < out.length; i++) out[i] /= FINE * FINE;
  return out;
}
