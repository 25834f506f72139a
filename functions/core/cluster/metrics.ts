// Clustering metrics as scikit-learn computes them: inertia, silhouette score (sampled when large), adjusted Rand index.
import { InputError } from '../errors';
import { Random } from '../random';
import { inertiaOf } from './kmeans-step';
import { type Points, type PointsInput, toPoints } from './points';

/** Sum of squared distances from each point to its labelled centre (label -1 is skipped). */
export function inertia(points: PointsInput, centers: PointsInput, labels: ArrayLike<number>): number {
  const x = toPoints(points);
  const c = toPoints(centers, 'centers');
  return inertiaOf(x, c.data, Int32Array.from(labels));
}

export interface SilhouetteOptions {
  /** sklearn `sample_size=None`: above this many points, a seeded sample of this size is scored. */
  sampleSize?: number;
  /** sklearn `random_state=None`; ours defaults to 0. Used only when sampling. */
  seed?: number;
}

export const silhouetteDefaults = { sampleSize: 4000, seed: 0 } as const;

/** Relabels to 0..k-1 in order of first appearance; returns the count of clusters. */
function compact(labels: ArrayLike<number>, out: Int32Array): number {
  const map = new Map<number, number>();
  for (let i = 0; i < out.length; i++) {
    let v = map.get(labels[i]);
    if (v === undefined) {
      v = map.size;
      map.set(labels[i], v);
    }
    out[i] = v;
  }
  return map.size;
}

/**
 * Mean silhouette coefficient, (b - a) / max(a, b) per point, with a the mean distance to the other
 * members of its cluster and b the smallest mean distance to another cluster; 0 for a point alone in its
 * cluster (sklearn's `silhouette_score`). Returns null when it is undefined: fewer than 2 or more than
 * n - 1 distinct labels (sklearn raises). Above `sampleSize` points it scores a seeded random sample, as
 * sklearn's `sample_size` does; our sample differs from NumPy's draw for draw. O(m^2 d), O(k) memory.
 */
export function silhouetteScore(points: PointsInput, labels: ArrayLike<number>, options: SilhouetteOptions = {}): number | null {
  let x: Points = toPoints(points);
  if (labels.length !== x.n) {
    throw new InputError('invalid', 'invalid_labels', `${labels.length} labels for ${x.n} points`);
  }
  let source: ArrayLike<number> = labels;
  const sampleSize = options.sampleSize ?? silhouetteDefaults.sampleSize;
  if (x.n > sampleSize) {
    const rows = new Random(options.seed ?? silhouetteDefaults.seed).sampleWithoutReplacement(x.n, sampleSize);
    const data = new Float64Array(sampleSize * x.d);
    const sampled = new Int32Array(sampleSize);
    for (let r = 0; r < sampleSize; r++) {
      data.set(x.data.subarray(rows[r] * x.d, rows[r] * x.d + x.d), r * x.d);
      sampled[r] = labels[rows[r]];
    }
    x = { data, n: sampleSize, d: x.d };
    source = sampled;
  }
  const { data, n, d } = x;
  const lab = new Int32Array(n);
  const k = compact(source, lab);
  if (k < 2 || k > n - 1) return null;
  const size = new Float64Array(k);
  for (let i = 0; i < n; i++) size[lab[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const row = i * d;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const other = j * d;
      for (let t = 0; t < d; t++) {
        const diff = data[row + t] - data[other + t];
        s += diff * diff;
      }
      sums[lab[j]] += Math.sqrt(s);
    }
    const own = lab[i];
    if (size[own] <= 1) continue; // s(i) = 0 for a point alone in its cluster
    const a = sums[own] / (size[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sums[c] / size[c] < b) b = sums[c] / size[c];
    const m = Math.max(a, b);
    if (m > 0) total += (b - a) / m;
  }
  return total / n;
}

/**
 * Adjusted Rand index between two labellings (sklearn's `adjusted_rand_score`, via the pair confusion
 * matrix): 1 for the same partition up to renaming, about 0 for independent ones. Integer parts are
 * computed exactly with BigInt (counts of pairs reach n^2, products n^4).
 */
export function adjustedRandIndex(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const n = labelsTrue.length;
  if (labelsPred.length !== n) {
    throw new InputError('invalid', 'invalid_labels', `${labelsPred.length} predicted labels for ${n} true labels`);
  }
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const ka = compact(labelsTrue, a);
  const kb = compact(labelsPred, b);
  const rows = new Float64Array(ka);
  const cols = new Float64Array(kb);
  const cells = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    rows[a[i]]++;
    cols[b[i]]++;
    const key = a[i] * kb + b[i];
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  let sumSquares = 0n;
  for (const v of cells.values()) sumSquares += BigInt(v) * BigInt(v);
  let rowSquares = 0n;
  for (const v of rows) rowSquares += BigInt(v) * BigInt(v);
  let colSquares = 0n;
  for (const v of cols) colSquares += BigInt(v) * BigInt(v);
  const N = BigInt(n);
  const tp = sumSquares - N;
  const fp = colSquares - sumSquares;
  const fn = rowSquares - sumSquares;
  const tn = N * N - fp - fn - sumSquares;
  // Special case as sklearn: identical partitions (no disagreeing pairs) score 1, even with one cluster.
  if (fn === 0n && fp === 0n) return 1;
  const numerator = 2n * (tp * tn - fn * fp);
  const denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return Number(numerator) / Number(denominator);
}
