// scikit-learn's `estimate_bandwidth`: the mean, over points, of the distance to their (quantile x n)-th nearest neighbour.
import { InputError } from '../errors';
import { Random } from '../random';
import { checkInt } from './check';
import { assertWork, bandwidthWork } from './limits';
import { type Points, type PointsInput, toPoints } from './points';

export interface EstimateBandwidthOptions {
  /** sklearn `quantile=0.3`, in [0, 1]: the neighbour rank used is floor(quantile x n) (at least 1). */
  quantile?: number;
  /** sklearn `n_samples=None` (all points); otherwise that many points drawn without replacement. */
  nSamples?: number;
  /** sklearn `random_state=0`, used only with nSamples. Our PRNG is not NumPy's: the sample differs. */
  seed?: number;
  /** Refuse (422) when nSamples squared exceeds this. No sklearn equivalent. */
  maxWork?: number;
}

export const estimateBandwidthDefaults = { quantile: 0.3, seed: 0, maxWork: Infinity } as const;

/** k-th smallest (0-based) of a[0..n), rearranging a (Hoare's selection with median-of-three). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot keeps sorted and constant runs fast.
    let p = a[mid];
    const x = a[lo];
    const y = a[hi];
    if ((x <= p && p <= y) || (y <= p && p <= x)) {
      // p is the median
    } else if ((p <= x && x <= y) || (y <= x && x <= p)) {
      p = x;
    } else {
      p = y;
    }
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Exactly scikit-learn's estimate (with all points): each point counts itself as its first neighbour at
 * distance 0, as `NearestNeighbors.kneighbors(X)` on its own training data does. O(m^2) time, O(m) memory.
 */
export function estimateBandwidth(points: PointsInput, options: EstimateBandwidthOptions = {}): number {
  let x: Points = toPoints(points);
  const quantile = options.quantile ?? estimateBandwidthDefaults.quantile;
  if (typeof quantile !== 'number' || !(quantile >= 0 && quantile <= 1)) {
    throw new InputError('invalid', 'invalid_parameter', `quantile must be a number in [0, 1], got ${quantile}`);
  }
  if (options.nSamples !== undefined) {
    const m = checkInt('nSamples', options.nSamples, 1);
    if (m < x.n) {
      const rows = new Random(options.seed ?? estimateBandwidthDefaults.seed).sampleWithoutReplacement(x.n, m);
      const data = new Float64Array(m * x.d);
      for (let r = 0; r < m; r++) data.set(x.data.subarray(rows[r] * x.d, rows[r] * x.d + x.d), r * x.d);
      x = { data, n: m, d: x.d };
    }
  }
  const { data, n, d } = x;
  assertWork(bandwidthWork(n), options.maxWork ?? estimateBandwidthDefaults.maxWork);
  const k = Math.max(1, Math.floor(n * quantile));
  const dist = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    if (d === 2) {
      const x0 = data[row];
      const x1 = data[row + 1];
      for (let j = 0; j < n; j++) {
        const a = x0 - data[2 * j];
        const b = x1 - data[2 * j + 1];
        dist[j] = a * a + b * b;
      }
    } else {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const other = j * d;
        for (let t = 0; t < d; t++) {
          const diff = data[row + t] - data[other + t];
          s += diff * diff;
        }
        dist[j] = s;
      }
    }
    total += Math.sqrt(select(dist, n, k - 1));
  }
  return total / n;
}
