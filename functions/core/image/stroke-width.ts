// Stroke width of an ink image, and thickening of strokes thinner than MNIST's (a thin pen on a big canvas).
import { resample } from './resize';

/**
 * Mean stroke width in pixels, 2 x ink area / ink outline length: a stroke of width w and length L has area wL and
 * outline 2L. The outline is the total variation (sum of gradient magnitudes, edges padded with zero), so
 * anti-aliased and grey ink count fractionally. MNIST test digits (28x28): 2nd percentile 1.53 px, median 2.40,
 * 98th percentile 4.11.
 */
export function strokeWidth(values: ArrayLike<number>, width: number, height: number): number {
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < width && y < height ? values[y * width + x] : 0);
  let area = 0;
  let outline = 0;
  // From -1 so the outline also counts the steps from the zero padding into the top and left edges.
  for (let y = -1; y < height; y++) {
    for (let x = -1; x < width; x++) {
      const c = at(x, y);
      area += c;
      const dx = at(x + 1, y) - c;
      const dy = at(x, y + 1) - c;
      outline += Math.sqrt(dx * dx + dy * dy); // not Math.hypot: several times slower in V8
    }
  }
  return outline > 0 ? (2 * area) / outline : 0;
}

/** Supersampling factor of the frame in which thin strokes are dilated (radius steps of 1/4 px). */
const FINE = 4;
/** Widening rounds: the width estimate grows less than the dilation for sub-pixel strokes, so measure and repeat. */
const ROUNDS = 4;

export interface Raster {
  values: Float32Array;
  width: number;
  height: number;
}

/**
 * Redraws the crop at dw x dh with strokes at least `minWidth` wide (strokeWidth at the output scale): resample
 * to a frame 8x finer, dilate with a disc (grey max), average 4x4 blocks back down, measure, and widen further if
 * still short (the estimate of a faint sub-pixel stroke grows slower than its true width). The digit grows by
 * the same margin on every side, so the result is returned with its new size.
 */
export function thickenStrokes(
  get: (x: number, y: number) => number,
  srcWidth: number,
  srcHeight: number,
  dw: number,
  dh: number,
  minWidth: number,
  currentWidth: number,
): Raster {
  const fine = resample(get, srcWidth, srcHeight, dw * FINE, dh * FINE);
  let by = minWidth - currentWidth;
  let result = dilateDown(fine, dw, dh, by);
  for (let round = 1; round < ROUNDS; round++) {
    const width = strokeWidth(result.values, result.width, result.height);
    if (width >= minWidth - 0.05) break;
    // Secant step from the start (the remaining deficit times the dilation it took per pixel gained), at most
    // doubling per round and never wider than the target itself: the widening cost grows with its square.
    const gained = width - currentWidth;
    const step = gained > 0 ? ((minWidth - width) * by) / gained : minWidth - width;
    by = Math.min(by + step, 2 * by, minWidth);
    result = dilateDown(fine, dw, dh, by);
  }
  return result;
}

/** Dilates the fine frame by `by` output pixels in total width (radius 4 * by / 2), then averages 4x4 blocks. */
function dilateDown(fine: Float32Array, dw: number, dh: number, by: number): Raster {
  const radius = (FINE * by) / 2;
  const margin = Math.ceil(by / 2); // output pixels added on each side
  const fw = dw * FINE;
  const fh = dh * FINE;
  const width = dw + 2 * margin;
  const height = dh + 2 * margin;
  const pad = margin * FINE;
  const r = Math.ceil(radius);
  const disc: number[] = [];
  for (let j = -r; j <= r; j++) for (let i = -r; i <= r; i++) if (i * i + j * j <= radius * radius) disc.push(i, j);
  const values = new Float32Array(width * height);
  for (let y = 0; y < height * FINE; y++) {
    for (let x = 0; x < width * FINE; x++) {
      let max = 0;
      for (let k = 0; k < disc.length; k += 2) {
        const sx = x - pad + disc[k];
        const sy = y - pad + disc[k + 1];
        if (sx >= 0 && sy >= 0 && sx < fw && sy < fh && fine[sy * fw + sx] > max) max = fine[sy * fw + sx];
      }
      values[Math.floor(y / FINE) * width + Math.floor(x / FINE)] += max / (FINE * FINE);
    }
  }
  return { values, width, height };
}
