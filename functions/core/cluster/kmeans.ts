// K-Means with scikit-learn's semantics (KMeans.fit): init, best of nInit runs, scaled tol, warnings.
import { InputError } from '../errors';
import { Random } from '../random';
import { checkInt, checkNumber } from './check';
import { hamerlySingle } from './hamerly';
import { isSameClustering } from './kmeans-step';
import { kmeansPlusPlus } from './kmeans-plus-plus';
import { assertWork, kmeansWork, overheadWork } from './limits';
import { lloydSingle, type SingleRunResult } from './lloyd';
import { columnMeans, meanVariance, type Points, type PointsInput, toPoints, toRows } from './points';

/** How to pick the starting centres: scikit-learn's two methods, or explicit centres (k x d). */
export type KMeansInit = 'k-means++' | 'random' | PointsInput;

/**
 * 'lloyd' is scikit-learn's default; 'hamerly' runs the same Lloyd iterations with bounds that skip
 * distances which cannot change an assignment (same result, fewer distance evaluations). 'auto' (ours)
 * picks 'hamerly', which measured faster in every case we benchmarked (see BENCHMARKS.md). 'elkan'
 * (sklearn's other exact variant, O(n k) memory) is accepted and served by 'hamerly', with a warning:
 * the result is the same.
 */
export type KMeansAlgorithm = 'auto' | 'lloyd' | 'hamerly' | 'elkan';

export interface KMeansOptions {
  /** sklearn `n_clusters=8`. With explicit `init` centres and no nClusters, their count is used. */
  nClusters?: number;
  /** sklearn `init='k-means++'` (greedy, 2 + floor(ln k) local trials). */
  init?: KMeansInit;
  /**
   * sklearn `n_init`: runs from different starts, the lowest inertia kept. The installed scikit-learn
   * (1.2.1) defaults to 10 ('warn' -> 10); 'auto' -> 1 for 'k-means++', 10 otherwise. sklearn >= 1.4
   * defaults to 'auto'. Explicit centres always run once.
   */
  nInit?: number | 'auto';
  /** sklearn `max_iter=300`. */
  maxIter?: number;
  /** sklearn `tol=1e-4`, relative: multiplied by the mean per-feature variance of the data. */
  tol?: number;
  /** sklearn `random_state=None` (fresh randomness); ours defaults to 0 so a request is reproducible. */
  seed?: number;
  /** sklearn `algorithm='lloyd'`; ours defaults to 'auto' (see KMeansAlgorithm). */
  algorithm?: KMeansAlgorithm;
  /** Refuse (422) when points x k x nInit x maxIter exceeds this. No sklearn equivalent. */
  maxWork?: number;
}

/** Every value a run used, defaults resolved (echoed as `params` by the API). */
export interface KMeansParams {
  nClusters: number;
  init: 'k-means++' | 'random' | number[][];
  nInit: number;
  maxIter: number;
  tol: number;
  /** tol x mean per-feature variance: the bound actually compared with the squared centre shift. */
  absoluteTol: number;
  seed: number;
  algorithm: 'lloyd' | 'hamerly';
}

export interface KMeansResult {
  labels: Int32Array;
  /** nClusters x d, row-major. */
  centers: Float64Array;
  inertia: number;
  /** Iterations of the kept run. */
  nIter: number;
  nClusters: number;
  d: number;
  params: KMeansParams;
  warnings: string[];
}

export const kmeansDefaults = {
  nClusters: 8,
  init: 'k-means++',
  nInit: 10,
  maxIter: 300,
  tol: 1e-4,
  seed: 0,
  algorithm: 'auto',
  maxWork: Infinity,
} as const satisfies Required<Omit<KMeansOptions, 'init'>> & { init: KMeansInit };

/** The mean per-feature variance times tol (scikit-learn's `_tolerance`). */
export function scaledTolerance(x: Points, tol: number): number {
  return tol === 0 ? 0 : meanVariance(x) * tol;
}

/** Resolves nInit as scikit-learn 1.2.1 does for KMeans (default 10). */
export function resolveNInit(nInit: number | 'auto', init: KMeansInit, defaultNInit: number): number {
  if (nInit === 'auto') return init === 'k-means++' ? 1 : defaultNInit;
  return checkInt('nInit', nInit, 1);
}

/** Explicit centres as a flat k x d array, checked against the data. */
export function explicitCenters(init: PointsInput, nClusters: number | undefined, d: number): Float64Array {
  const c = toPoints(init, 'init');
  if (c.d !== d) {
    throw new InputError('invalid', 'invalid_parameter', `init centres have ${c.d} coordinates but the points have ${d}`);
  }
  if (nClusters !== undefined && c.n !== nClusters) {
    throw new InputError('invalid', 'invalid_parameter', `init has ${c.n} centres but nClusters is ${nClusters}`);
  }
  return Float64Array.from(c.data);
}

export function distinctClustersWarning(labels: Int32Array, k: number): string | undefined {
  const seen = new Uint8Array(k);
  let distinct = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= 0 && !seen[labels[i]]) {
      seen[labels[i]] = 1;
      distinct++;
    }
  }
  if (distinct >= k) return undefined;
  return (
    `Number of distinct clusters (${distinct}) found smaller than nClusters (${k}). ` +
    'Possibly due to duplicate points.'
  );
}

export function resolveAlgorithm(algorithm: KMeansAlgorithm, warnings: string[]): 'lloyd' | 'hamerly' {
  switch (algorithm) {
    case 'elkan':
      warnings.push("algorithm 'elkan' is served by 'hamerly': the same iterations and result, with O(n) memory instead of O(n k)");
      return 'hamerly';
    case 'auto':
    case 'hamerly':
      return 'hamerly';
    case 'lloyd':
      return 'lloyd';
    default:
      throw new InputError('invalid', 'invalid_parameter', `algorithm must be 'auto', 'lloyd', 'hamerly' or 'elkan', got ${String(algorithm)}`);
  }
}

export function kmeans(points: PointsInput, options: KMeansOptions = {}): KMeansResult {
  const x = toPoints(points);
  const { n, d } = x;
  const init = options.init ?? kmeansDefaults.init;
  const explicit = typeof init !== 'string';
  const initCenters = explicit ? explicitCenters(init, options.nClusters, d) : undefined;
  const k = checkInt('nClusters', options.nClusters ?? (initCenters ? initCenters.length / d : kmeansDefaults.nClusters), 1);
  if (!explicit && init !== 'k-means++' && init !== 'random') {
    throw new InputError('invalid', 'invalid_parameter', `init must be 'k-means++', 'random' or an array of centres`);
  }
  const maxIter = checkInt('maxIter', options.maxIter ?? kmeansDefaults.maxIter, 1);
  const tol = checkNumber('tol', options.tol ?? kmeansDefaults.tol, 0);
  const seed = checkInt('seed', options.seed ?? kmeansDefaults.seed, 0);
  const warnings: string[] = [];
  const algorithm = resolveAlgorithm(options.algorithm ?? kmeansDefaults.algorithm, warnings);
  let nInit = resolveNInit(options.nInit ?? kmeansDefaults.nInit, init, kmeansDefaults.nInit);
  if (explicit && nInit !== 1) {
    if (options.nInit !== undefined) {
      warnings.push(`Explicit initial center position passed: performing only one init instead of nInit=${nInit}.`);
    }
    nInit = 1;
  }
  if (n < k) {
    throw new InputError('unprocessable', 'too_few_points', `${n} points cannot form ${k} clusters; send at least nClusters points or lower nClusters`);
  }
  assertWork(kmeansWork(n, k, nInit, maxIter), options.maxWork ?? kmeansDefaults.maxWork);
  assertWork(overheadWork(nInit, nInit * maxIter), options.maxWork ?? kmeansDefaults.maxWork);

  const absoluteTol = scaledTolerance(x, tol);
  // Like scikit-learn, work on mean-centred data: more accurate distances, and the same placement of
  // clusters that stay empty.
  const mean = columnMeans(x);
  const centred = new Float64Array(x.data.length);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) centred[i * d + t] = x.data[i * d + t] - mean[t];
  const xc: Points = { data: centred, n, d };

  const rng = new Random(seed);
  const single = algorithm === 'lloyd' ? lloydSingle : hamerlySingle;
  let best: SingleRunResult | undefined;
  for (let run = 0; run < nInit; run++) {
    let start: Float64Array;
    if (initCenters) {
      start = Float64Array.from(initCenters);
      for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) start[j * d + t] -= mean[t];
    } else if (init === 'k-means++') {
      start = kmeansPlusPlus(xc, k, rng).centers;
    } else {
      const rows = rng.sampleWithoutReplacement(n, k);
      start = new Float64Array(k * d);
      for (let j = 0; j < k; j++) start.set(centred.subarray(rows[j] * d, rows[j] * d + d), j * d);
    }
    const result = single(xc, start, k, maxIter, absoluteTol);
    // A run replaces the best only if it is better and not the same partition (rounding can make a
    // relabelled copy of the same clustering look marginally better), as scikit-learn.
    if (!best || (result.inertia < best.inertia && !isSameClustering(result.labels, best.labels, k))) best = result;
  }
  const kept = best as SingleRunResult;
  const centers = kept.centers;
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) centers[j * d + t] += mean[t];

  const distinct = distinctClustersWarning(kept.labels, k);
  if (distinct) warnings.push(distinct);
  return {
    labels: kept.labels,
    centers,
    inertia: kept.inertia,
    nIter: kept.nIter,
    nClusters: k,
    d,
    params: {
      nClusters: k,
      init: initCenters ? toRows(initCenters, d) : (init as 'k-means++' | 'random'),
      nInit,
      maxIter,
      tol,
      absoluteTol,
      seed,
      algorithm,
    },
    warnings,
  };
}
