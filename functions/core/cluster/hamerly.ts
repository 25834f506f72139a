// One K-Means run with Hamerly's bounds: the same iterations as Lloyd's, skipping distances that cannot matter.
import { averageCenters, inertiaOf, relocateEmptyClusters, stepBuffers } from './kmeans-step';
import type { SingleRunResult } from './lloyd';
import { type Points, squaredDistance } from './points';

/** Per-point bounds and per-cluster running sums, kept across iterations. */
interface State {
  labels: Int32Array;
  /** Upper bound on the distance from each point to its centre. */
  upper: Float64Array;
  /** Lower bound on the distance from each point to every other centre. */
  lower: Float64Array;
  /** Half the distance from each centre to its nearest other centre. */
  half: Float64Array;
  /** Coordinate sums and counts of each cluster's members, updated when a point moves. */
  sums: Float64Array;
  counts: Float64Array;
  /** How far each centre moved in the last M-step, the largest move and its centre, the second largest. */
  shift: Float64Array;
  maxShift: number;
  maxAt: number;
  secondShift: number;
}

/** Nearest and second-nearest centre of point i; moves it between clusters' sums; returns whether it moved. */
function scan(x: Points, centers: Float64Array, k: number, s: State, i: number, moveSums: boolean): boolean {
  const { data, d } = x;
  const row = i * d;
  let d1 = Infinity;
  let d2 = Infinity;
  let best = 0;
  for (let j = 0; j < k; j++) {
    const q = squaredDistance(data, i, centers, j, d);
    if (q < d1) {
      d2 = d1;
      d1 = q;
      best = j;
    } else if (q < d2) {
      d2 = q;
    }
  }
  s.upper[i] = Math.sqrt(d1);
  s.lower[i] = Math.sqrt(d2);
  const old = s.labels[i];
  if (old === best) return false;
  s.labels[i] = best;
  if (moveSums) {
    const { sums, counts } = s;
    counts[old] -= 1;
    counts[best] += 1;
    for (let t = 0; t < d; t++) {
      sums[old * d + t] -= data[row + t];
      sums[best * d + t] += data[row + t];
    }
  }
  return true;
}

/**
 * E-step with bounds: first each point's bounds follow the last M-step's centre moves (its centre's move
 * widens the upper bound, the largest other move narrows the lower one), then only points whose bounds
 * allow a closer centre are measured. One pass over the points. Returns whether any moved.
 */
function assign(x: Points, centers: Float64Array, k: number, s: State): boolean {
  const { data, n, d } = x;
  const { labels, upper, lower, half, shift, maxShift, maxAt, secondShift } = s;
  for (let a = 0; a < k; a++) {
    let m = Infinity;
    for (let b = 0; b < k; b++) {
      if (a === b) continue;
      const q = squaredDistance(centers, a, centers, b, d);
      if (q < m) m = q;
    }
    half[a] = 0.5 * Math.sqrt(m);
  }
  let changed = false;
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    const u = upper[i] + shift[a];
    const l = lower[i] - (a === maxAt ? secondShift : maxShift);
    lower[i] = l;
    const bound = half[a] > l ? half[a] : l;
    if (u <= bound) {
      upper[i] = u;
      continue;
    }
    const tight = Math.sqrt(squaredDistance(data, i, centers, a, d));
    upper[i] = tight;
    if (tight <= bound) continue;
    if (scan(x, centers, k, s, i, true)) changed = true;
  }
  return changed;
}

/**
 * Hamerly (2010), "Making k-means even faster". Each point keeps an upper bound on the distance to its
 * centre and one lower bound on the distance to every other centre; when the upper bound is below both
 * the lower bound and half the distance from its centre to the nearest other centre, the point cannot
 * change cluster and no distance is computed. Cluster sums are updated only for points that move.
 * Memory is O(n), unlike Elkan's O(n k) bounds, which matters in a 128 MB Worker. The iterations, M-step
 * (relocation of empty clusters included), stopping rules and final relabel are exactly those of
 * `lloydSingle` (scikit-learn's), so labels and centres are the same, up to exact floating-point ties and
 * the last bits of the running sums.
 */
export function hamerlySingle(x: Points, init: Float64Array, k: number, maxIter: number, tol: number): SingleRunResult {
  const { data, n, d } = x;
  let centers = Float64Array.from(init);
  let next = new Float64Array(k * d);
  const s: State = {
    labels: new Int32Array(n).fill(-1),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    half: new Float64Array(k),
    sums: new Float64Array(k * d),
    counts: new Float64Array(k),
    shift: new Float64Array(k),
    maxShift: 0,
    maxAt: -1,
    secondShift: 0,
  };
  const buffers = stepBuffers(k, d);
  const { shift } = buffers;
  s.shift = shift;
  const { labels } = s;

  // Iteration 0's E-step: every point measured against every centre (labels were -1: all "changed").
  for (let i = 0; i < n; i++) scan(x, centers, k, s, i, false);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    s.counts[l] += 1;
    for (let t = 0; t < d; t++) s.sums[l * d + t] += data[i * d + t];
  }

  let strict = false;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    const changed = iter === 0 || assign(x, centers, k, s);
    // The M-step works on copies: relocation moves a point between sums without relabelling it, and
    // (as in scikit-learn, which recomputes sums every iteration) that must not persist.
    buffers.sums.set(s.sums);
    buffers.counts.set(s.counts);
    relocateEmptyClusters(x, centers, labels, buffers, k);
    const shiftTotal = averageCenters(buffers, centers, next, k, d);
    const swap = centers;
    centers = next;
    next = swap;

    // The bounds follow these moves at the start of the next E-step (assign), in the same pass.
    s.maxShift = 0;
    s.secondShift = 0;
    s.maxAt = -1;
    for (let j = 0; j < k; j++) {
      if (shift[j] > s.maxShift) {
        s.secondShift = s.maxShift;
        s.maxShift = shift[j];
        s.maxAt = j;
      } else if (shift[j] > s.secondShift) {
        s.secondShift = shift[j];
      }
    }

    if (!changed) {
      strict = true;
      break;
    }
    if (shiftTotal <= tol) break;
  }
  const nIter = Math.min(iter + 1, maxIter);
  if (!strict) assign(x, centers, k, s);
  return { labels, centers, inertia: inertiaOf(x, centers, labels), nIter };
}
