// The M-step shared by every exact K-Means variant: empty-cluster relocation, averaging, centre shifts, inertia.
import { type Points, squaredDistance } from './points';

/**
 * Scratch buffers for one K-Means run, allocated once (no allocation inside iterations).
 * `sums` holds per-cluster coordinate sums after the E-step; `counts` the number of points in each.
 */
export interface StepBuffers {
  sums: Float64Array;
  counts: Float64Array;
  shift: Float64Array;
}

export function stepBuffers(k: number, d: number): StepBuffers {
  return { sums: new Float64Array(k * d), counts: new Float64Array(k), shift: new Float64Array(k) };
}

/**
 * scikit-learn's `_relocate_empty_clusters_dense`: each empty cluster takes one of the points farthest from
 * their current centre (farthest first), and that point leaves its old cluster's sums. Labels are not
 * changed; the next E-step reassigns. If every point sits exactly on its centre (fewer distinct points than
 * clusters), relocating is pointless and nothing moves: later scikit-learn releases have that check; 1.2.1
 * moves a zero-distance point instead, which puts the empty centre on the same spot.
 */
export function relocateEmptyClusters(
  x: Points,
  oldCenters: Float64Array,
  labels: Int32Array,
  buffers: StepBuffers,
  k: number,
): void {
  const { sums, counts } = buffers;
  let nEmpty = 0;
  for (let j = 0; j < k; j++) if (counts[j] === 0) nEmpty++;
  if (nEmpty === 0) return;
  const { data, n, d } = x;
  // The nEmpty largest distances, kept sorted descending in a small array (nEmpty <= k).
  const farIdx = new Int32Array(nEmpty).fill(-1);
  const farDist = new Float64Array(nEmpty).fill(-1);
  let maxDist = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const c = labels[i] * d;
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t] - oldCenters[c + t];
      s += diff * diff;
    }
    if (s > maxDist) maxDist = s;
    if (s > farDist[nEmpty - 1]) {
      let p = nEmpty - 1;
      while (p > 0 && farDist[p - 1] < s) {
        farDist[p] = farDist[p - 1];
        farIdx[p] = farIdx[p - 1];
        p--;
      }
      farDist[p] = s;
      farIdx[p] = i;
    }
  }
  if (maxDist === 0) return;
  let e = 0;
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    const far = farIdx[e++];
    if (far < 0) break; // fewer points than empty clusters: cannot happen when n >= k
    const old = labels[far];
    for (let t = 0; t < d; t++) {
      const v = data[far * d + t];
      sums[old * d + t] -= v;
      sums[j * d + t] = v;
    }
    counts[j] = 1;
    counts[old] -= 1;
  }
}

/**
 * Divides sums by counts into `out`; a cluster still empty (relocation was pointless) is placed on the
 * centre of the largest cluster, as scikit-learn's `_average_centers` does. Then fills `shift[j]`
 * (Euclidean distance each centre moved) and returns the sum of squared shifts.
 */
export function averageCenters(buffers: StepBuffers, oldCenters: Float64Array, out: Float64Array, k: number, d: number): number {
  const { sums, counts, shift } = buffers;
  let biggest = 0;
  for (let j = 1; j < k; j++) if (counts[j] > counts[biggest]) biggest = j;
  for (let j = 0; j < k; j++) {
    if (counts[j] > 0) {
      const alpha = 1 / counts[j];
      for (let t = 0; t < d; t++) out[j * d + t] = sums[j * d + t] * alpha;
    }
  }
  let total = 0;
  for (let j = 0; j < k; j++) {
    if (!(counts[j] > 0)) for (let t = 0; t < d; t++) out[j * d + t] = out[biggest * d + t];
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = out[j * d + t] - oldCenters[j * d + t];
      s += diff * diff;
    }
    shift[j] = Math.sqrt(s);
    total += s;
  }
  return total;
}

/** Sum of squared distances from each point to its labelled centre (labels < 0 are skipped). */
export function inertiaOf(x: Points, centers: Float64Array, labels: Int32Array): number {
  const { data, n, d } = x;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l < 0) continue;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t] - centers[l * d + t];
      s += diff * diff;
    }
    total += s;
  }
  return total;
}

/** True when two labellings are the same partition up to renaming (scikit-learn's `_is_same_clustering`). */
export function isSameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    if (mapping[a[i]] === -1) mapping[a[i]] = b[i];
    else if (mapping[a[i]] !== b[i]) return false;
  }
  return true;
}

/** Nearest centre of each point (first of equals) and the total squared distance. */
export function assignLabels(x: Points, centers: Float64Array, k: number, labels: Int32Array): number {
  const { data, n, d } = x;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bestJ = 0;
    const row = i * d;
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
        const s = squaredDistance(data, i, centers, j, d);
        if (s < best) {
          best = s;
          bestJ = j;
        }
      }
    }
    labels[i] = bestJ;
    total += best;
  }
  return total;
}
