// Mean Shift with a flat kernel, as scikit-learn's MeanShift.fit: seeds climb to the mean of their neighbourhood.
import { InputError } from '../errors';
import { binSeeds } from './bin-seeds';
import { checkInt, checkNumber } from './check';
import { estimateBandwidth, estimateBandwidthDefaults } from './estimate-bandwidth';
import { inertiaOf } from './kmeans-step';
import { assertWork, bandwidthWork, meanShiftWork, STEP_COST } from './limits';
import { type Points, type PointsInput, toPoints } from './points';
import { RadiusIndex } from './radius-index';

export interface MeanShiftOptions {
  /** sklearn `bandwidth=None` -> estimateBandwidth(points, quantile, nSamples). Must be > 0 when given. */
  bandwidth?: number;
  /** Passed to estimateBandwidth when no bandwidth is given (sklearn's `estimate_bandwidth` quantile=0.3). */
  quantile?: number;
  /** Passed to estimateBandwidth (sklearn n_samples=None: all points). */
  nSamples?: number;
  /** sklearn `seeds=None`: explicit starting points (then binSeeding is ignored, as in sklearn). */
  seeds?: PointsInput;
  /** sklearn `bin_seeding=False`: seeds from a bandwidth-wide grid instead of every point. */
  binSeeding?: boolean;
  /** sklearn `min_bin_freq=1`: bins with fewer points give no seed. */
  minBinFreq?: number;
  /** sklearn `cluster_all=True`; false labels points farther than bandwidth from every centre -1. */
  clusterAll?: boolean;
  /** sklearn `max_iter=300`: iterations per seed. */
  maxIter?: number;
  /** Only for estimateBandwidth's sample (sklearn's random_state=0 there). */
  seed?: number;
  /** Refuse (422) beyond this many distance evaluations, estimated first and counted while running. */
  maxWork?: number;
}

export interface MeanShiftParams {
  bandwidth: number;
  /** True when the bandwidth was estimated from the data. */
  bandwidthEstimated: boolean;
  quantile: number;
  nSamples: number | null;
  binSeeding: boolean;
  minBinFreq: number;
  clusterAll: boolean;
  maxIter: number;
  seed: number;
  /** Seeds actually run (points, bins, or the explicit seeds). */
  nSeeds: number;
}

export interface MeanShiftResult {
  /** Cluster of each point; -1 for orphans when clusterAll is false. */
  labels: Int32Array;
  /** nClusters x d, densest first (sklearn's order). */
  centers: Float64Array;
  /** Points within bandwidth of each centre when it converged (sklearn's intensity). */
  intensities: number[];
  /** Sum of squared distances from each labelled point to its centre. */
  inertia: number;
  /** Most iterations any seed needed (sklearn's `n_iter_`). */
  nIter: number;
  nClusters: number;
  d: number;
  params: MeanShiftParams;
  warnings: string[];
}

export const meanShiftDefaults = {
  quantile: estimateBandwidthDefaults.quantile,
  binSeeding: false,
  minBinFreq: 1,
  clusterAll: true,
  maxIter: 300,
  seed: 0,
  maxWork: Infinity,
} as const;

function keyOf(v: Float64Array, off: number, d: number): string {
  let key = '';
  for (let t = 0; t < d; t++) key += `${v[off + t]},`;
  return key;
}

/** Python's descending sort on (intensity, centre tuple): denser first, ties by larger coordinates. */
function compareModes(a: { center: Float64Array; count: number }, b: { center: Float64Array; count: number }): number {
  if (a.count !== b.count) return b.count - a.count;
  for (let t = 0; t < a.center.length; t++) if (a.center[t] !== b.center[t]) return b.center[t] - a.center[t];
  return 0;
}

export function meanShift(points: PointsInput, options: MeanShiftOptions = {}): MeanShiftResult {
  const x = toPoints(points);
  const { n, d } = x;
  const defaults = meanShiftDefaults;
  const maxWork = options.maxWork ?? defaults.maxWork;
  const quantile = options.quantile ?? defaults.quantile;
  const binSeeding = options.binSeeding ?? defaults.binSeeding;
  const minBinFreq = checkInt('minBinFreq', options.minBinFreq ?? defaults.minBinFreq, 1);
  const clusterAll = options.clusterAll ?? defaults.clusterAll;
  const maxIter = checkInt('maxIter', options.maxIter ?? defaults.maxIter, 0);
  const seed = checkInt('seed', options.seed ?? defaults.seed, 0);
  const warnings: string[] = [];

  let bandwidth: number;
  let spent = 0;
  const estimated = options.bandwidth === undefined;
  if (estimated) {
    const m = options.nSamples === undefined ? n : Math.min(checkInt('nSamples', options.nSamples, 1), n);
    assertWork(bandwidthWork(m), maxWork);
    spent += m * m;
    bandwidth = estimateBandwidth(x, { quantile, nSamples: options.nSamples, seed });
    if (bandwidth === 0) {
      warnings.push(
        `The estimated bandwidth is 0 (at least quantile=${quantile} of the points are identical to their neighbours): ` +
          'each distinct point is its own cluster. Pass a bandwidth or raise quantile.',
      );
    }
  } else {
    // As sklearn's parameter check: an explicit bandwidth must be > 0.
    bandwidth = checkNumber('bandwidth', options.bandwidth as number, 0, false);
  }

  let seeds: Points;
  if (options.seeds !== undefined) {
    seeds = toPoints(options.seeds, 'seeds');
    if (seeds.d !== d) {
      throw new InputError('invalid', 'invalid_parameter', `seeds have ${seeds.d} coordinates but the points have ${d}`);
    }
  } else if (binSeeding) {
    const binned = binSeeds(x, bandwidth, minBinFreq);
    seeds = binned.seeds;
    if (binned.fellBackToPoints) {
      warnings.push(`Binning data failed with provided bin_size=${bandwidth}, using data points as seeds.`);
    }
    if (seeds.n === 0) {
      throw new InputError(
        'unprocessable',
        'no_seeds',
        `no bin of width bandwidth=${bandwidth} holds minBinFreq=${minBinFreq} points, so there is no seed; lower minBinFreq or raise the bandwidth`,
      );
    }
  } else {
    seeds = x;
  }
  const seedWork = meanShiftWork(seeds.n, n, binSeeding && options.seeds === undefined);
  assertWork({ ...seedWork, work: seedWork.work + spent }, maxWork);

  // Climb from every seed. The mean of a seed's neighbourhood becomes its next position until it moves
  // less than 1e-3 x bandwidth or has taken maxIter steps.
  const stopThresh = 1e-3 * bandwidth;
  const modes = new Map<string, { center: Float64Array; count: number }>();
  let nIter = 0;
  const index = bandwidth > 0 ? new RadiusIndex(x, bandwidth) : undefined;
  const exact = bandwidth > 0 ? undefined : duplicatesIndex(x);
  const mean = new Float64Array(d);
  const sum = new Float64Array(d);
  // Each step has a fixed cost even when its neighbourhood is tiny: with bandwidth 5e-324 the stop threshold
  // underflows to 0 and a seed takes all maxIter steps (10^9 took 51 s while scanning almost nothing).
  let steps = 0;
  for (let s = 0; s < seeds.n; s++) {
    mean.set(seeds.data.subarray(s * d, s * d + d));
    let count: number;
    let completed = 0;
    if (exact) {
      // Bandwidth 0: the neighbourhood is the exact duplicates of the seed, whose mean is the seed itself.
      // sklearn computes that mean in floating point, which can differ from the value in its last bit
      // (three copies of 0.1 average to 0.10000000000000002) and then find no neighbour and fail; we keep
      // the exact value. Its shift (0) never goes below the threshold (0), so it runs maxIter steps.
      count = exact.get(keyOf(mean, 0, d)) ?? 0;
      completed = maxIter;
    } else {
      const idx = index as RadiusIndex;
      for (;;) {
        count = idx.sumWithin(mean, 0, sum);
        const work = idx.scanned + spent + ++steps * STEP_COST;
        if (work > maxWork) {
          throw new InputError(
            'unprocessable',
            'too_much_work',
            `mean shift stopped after ${work} distance evaluations, above the limit of ${maxWork}; ` +
              'turn on binSeeding, lower maxIter or raise minBinFreq, or send fewer points',
          );
        }
        if (count === 0) break;
        let shift2 = 0;
        for (let t = 0; t < d; t++) {
          const next = sum[t] / count;
          const diff = next - mean[t];
          shift2 += diff * diff;
          mean[t] = next;
        }
        if (Math.sqrt(shift2) < stopThresh || completed === maxIter) break;
        completed++;
      }
    }
    if (completed > nIter) nIter = completed;
    if (count > 0) modes.set(keyOf(mean, 0, d), { center: Float64Array.from(mean), count });
  }
  if (modes.size === 0) {
    throw new InputError(
      'unprocessable',
      'no_seed_neighbours',
      `No point was within bandwidth=${bandwidth} of any seed. Try a different seeding strategy or increase the bandwidth.`,
    );
  }

  // Keep the densest of modes closer than one bandwidth to each other.
  const sorted = [...modes.values()].sort(compareModes);
  const m = sorted.length;
  const flat = new Float64Array(m * d);
  sorted.forEach((mode, i) => flat.set(mode.center, i * d));
  const unique = new Uint8Array(m).fill(1);
  if (bandwidth > 0) {
    const centerIndex = new RadiusIndex({ data: flat, n: m, d }, bandwidth);
    const near: number[] = [];
    const dist2: number[] = [];
    for (let i = 0; i < m; i++) {
      if (!unique[i]) continue;
      centerIndex.within(flat, i * d, near, dist2);
      for (const j of near) unique[j] = 0;
      unique[i] = 1;
    }
  }
  const keptIdx: number[] = [];
  for (let i = 0; i < m; i++) if (unique[i]) keptIdx.push(i);
  const k = keptIdx.length;
  const centers = new Float64Array(k * d);
  keptIdx.forEach((i, j) => centers.set(flat.subarray(i * d, i * d + d), j * d));

  const labels = nearestCenters(x, centers, k, bandwidth, clusterAll);
  return {
    labels,
    centers,
    intensities: keptIdx.map((i) => sorted[i].count),
    inertia: inertiaOf(x, centers, labels),
    nIter,
    nClusters: k,
    d,
    params: {
      bandwidth,
      bandwidthEstimated: estimated,
      quantile,
      nSamples: options.nSamples ?? null,
      binSeeding,
      minBinFreq,
      clusterAll,
      maxIter,
      seed,
      nSeeds: seeds.n,
    },
    warnings,
  };
}

/** How many times each distinct point occurs, keyed by its exact coordinates. */
function duplicatesIndex(x: Points): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < x.n; i++) {
    const key = keyOf(x.data, i * x.d, x.d);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Label of each point: its nearest centre (first of equals); with clusterAll false, -1 when that centre is
 * farther than the bandwidth. Centres within the bandwidth are found through a radius index; only points
 * with none fall back to scanning every centre.
 */
function nearestCenters(x: Points, centers: Float64Array, k: number, bandwidth: number, clusterAll: boolean): Int32Array {
  const { data, n, d } = x;
  const labels = new Int32Array(n);
  const cp: Points = { data: centers, n: k, d };
  const exact = bandwidth === 0 ? new Map<string, number>() : undefined;
  if (exact) for (let j = 0; j < k; j++) if (!exact.has(keyOf(centers, j * d, d))) exact.set(keyOf(centers, j * d, d), j);
  const index = bandwidth > 0 ? new RadiusIndex(cp, bandwidth) : undefined;
  const near: number[] = [];
  const dist2: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    if (exact) {
      best = exact.get(keyOf(data, i * d, d)) ?? -1;
    } else if (index) {
      index.within(data, i * d, near, dist2);
      let bestD = Infinity;
      for (let q = 0; q < near.length; q++) {
        if (dist2[q] < bestD || (dist2[q] === bestD && near[q] < best)) {
          bestD = dist2[q];
          best = near[q];
        }
      }
    }
    if (best < 0 && clusterAll) {
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = data[i * d + t] - centers[j * d + t];
          s += diff * diff;
        }
        if (s < bestD) {
          bestD = s;
          best = j;
        }
      }
    }
    labels[i] = best;
  }
  return labels;
}
