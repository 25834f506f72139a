// One run of Lloyd's K-Means from given centres, step for step as scikit-learn's `_kmeans_single_lloyd`.
import { assignLabels, averageCenters, inertiaOf, relocateEmptyClusters, stepBuffers } from './kmeans-step';
import type { Points } from './points';

export interface SingleRunResult {
  labels: Int32Array;
  /** k x d, row-major. */
  centers: Float64Array;
  inertia: number;
  nIter: number;
}

/**
 * Iterates E-step (nearest centre) and M-step (mean of members, empty clusters relocated) until the
 * labels stop changing ("strict convergence") or the centres move less than `tol` in total squared
 * distance, at most `maxIter` times; then, unless strictly converged, relabels against the final centres
 * so labels and centres agree.
 */
export function lloydSingle(x: Points, init: Float64Array, k: number, maxIter: number, tol: number): SingleRunResult {
  const { data, n, d } = x;
  let centers = Float64Array.from(init);
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n).fill(-1);
  const buffers = stepBuffers(k, d);
  const { sums, counts } = buffers;
  let strict = false;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    sums.fill(0);
    counts.fill(0);
    let changed = false;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let best = Infinity;
      let bestJ = 0;
      if (d === 2) {
        const x0 = data[row];
        const x1 = data[row + 1];
        for (let j = 0; j < k; j++) {
          const a = x0 - centers[2 * j];
          const b = x1 - centers[2 * j + 1];
          const s = a * a + b * b;
          if (s < best) {
            best = s;
            bestJ = j;
          }
        }
      } else {
        for (let j = 0; j < k; j++) {
          let s = 0;
          const c = j * d;
          for (let t = 0; t < d; t++) {
            const diff = data[row + t] - centers[c + t];
            s += diff * diff;
          }
          if (s < best) {
            best = s;
            bestJ = j;
          }
        }
      }
      if (labels[i] !== bestJ) {
        changed = true;
        labels[i] = bestJ;
      }
      counts[bestJ] += 1;
      const c = bestJ * d;
      if (d === 2) {
        sums[c] += data[row];
        sums[c + 1] += data[row + 1];
      } else {
        for (let t = 0; t < d; t++) sums[c + t] += data[row + t];
      }
    }
    relocateEmptyClusters(x, centers, labels, buffers, k);
    const shiftTotal = averageCenters(buffers, centers, next, k, d);
    const swap = centers;
    centers = next;
    next = swap;
    if (!changed) {
      strict = true;
      break;
    }
    if (shiftTotal <= tol) break;
  }
  const nIter = Math.min(iter + 1, maxIter);
  if (!strict) assignLabels(x, centers, k, labels);
  return { labels, centers, inertia: inertiaOf(x, centers, labels), nIter };
}
