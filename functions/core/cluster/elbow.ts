// The elbow table: K-Means inertia and silhouette score for each k in kMin..kMax, to help choose k.
import { InputError } from '../errors';
import { checkInt } from './check';
import { kmeans, kmeansDefaults, type KMeansAlgorithm, resolveNInit } from './kmeans';
import { assertWork, overheadWork, type WorkEstimate } from './limits';
import { silhouetteDefaults, silhouetteScore } from './metrics';
import { type PointsInput, toPoints } from './points';

export interface ElbowOptions {
  /** Smallest k (default 1; silhouette is null for k = 1). */
  kMin?: number;
  /** Largest k (default 10, at most n and kMin + 49). */
  kMax?: number;
  /** Passed to kmeans (sklearn `n_init`, 10 in 1.2.1). */
  nInit?: number | 'auto';
  /** Passed to kmeans: 'k-means++' or 'random'. */
  init?: 'k-means++' | 'random';
  maxIter?: number;
  tol?: number;
  seed?: number;
  algorithm?: KMeansAlgorithm;
  /** Points scored for the silhouette (a seeded sample above it), sklearn's `sample_size`. */
  silhouetteSampleSize?: number;
  maxWork?: number;
}

export interface ElbowRow {
  k: number;
  inertia: number;
  /** null for k = 1, or when the labels have fewer than 2 (or more than n - 1) distinct clusters. */
  silhouette: number | null;
  nIter: number;
}

export interface ElbowResult {
  results: ElbowRow[];
  params: Required<Omit<ElbowOptions, 'maxWork' | 'nInit' | 'algorithm'>> & { nInit: number; algorithm: string };
  warnings: string[];
}

export const elbowDefaults = { kMin: 1, kMax: 10, maxSpan: 50 } as const;

/** kmeans work for every k, plus the silhouette's m^2 per k. */
export function elbowWork(n: number, kMin: number, kMax: number, nInit: number, maxIter: number, m: number): WorkEstimate {
  let work = 0;
  for (let k = kMin; k <= kMax; k++) work += n * k * nInit * maxIter + (k > 1 ? m * m : 0);
  return {
    work,
    formula: `sum over k=${kMin}..${kMax} of ${n} points x k x nInit ${nInit} x maxIter ${maxIter}, plus ${m}^2 per silhouette`,
    lower: 'kMax, nInit, maxIter or silhouetteSampleSize, or send fewer points',
  };
}

export function elbow(points: PointsInput, options: ElbowOptions = {}): ElbowResult {
  const x = toPoints(points);
  const kMin = checkInt('kMin', options.kMin ?? elbowDefaults.kMin, 1);
  const kMax = checkInt('kMax', options.kMax ?? Math.max(kMin, Math.min(elbowDefaults.kMax, x.n)), 1);
  if (kMax < kMin) throw new InputError('invalid', 'invalid_parameter', `kMax (${kMax}) must be >= kMin (${kMin})`);
  if (kMax - kMin + 1 > elbowDefaults.maxSpan) {
    throw new InputError('invalid', 'invalid_parameter', `kMin..kMax spans ${kMax - kMin + 1} values; at most ${elbowDefaults.maxSpan}`);
  }
  if (kMax > x.n) {
    throw new InputError('unprocessable', 'too_few_points', `${x.n} points cannot form ${kMax} clusters; lower kMax to at most ${x.n}`);
  }
  const init = options.init ?? 'k-means++';
  const nInit = resolveNInit(options.nInit ?? kmeansDefaults.nInit, init, kmeansDefaults.nInit);
  const maxIter = checkInt('maxIter', options.maxIter ?? kmeansDefaults.maxIter, 1);
  const sampleSize = checkInt('silhouetteSampleSize', options.silhouetteSampleSize ?? silhouetteDefaults.sampleSize, 2);
  const seed = options.seed ?? kmeansDefaults.seed;
  assertWork(elbowWork(x.n, kMin, kMax, nInit, maxIter, Math.min(x.n, sampleSize)), options.maxWork ?? Infinity);
  const runs = nInit * (kMax - kMin + 1);
  assertWork(overheadWork(runs, runs * maxIter), options.maxWork ?? Infinity);

  const results: ElbowRow[] = [];
  const warnings: string[] = [];
  let algorithm = '';
  for (let k = kMin; k <= kMax; k++) {
    const r = kmeans(x, { nClusters: k, init, nInit, maxIter, tol: options.tol, seed, algorithm: options.algorithm });
    algorithm = r.params.algorithm;
    for (const w of r.warnings) warnings.push(`k=${k}: ${w}`);
    const silhouette = k > 1 ? silhouetteScore(x, r.labels, { sampleSize, seed }) : null;
    results.push({ k, inertia: r.inertia, silhouette, nIter: r.nIter });
  }
  return {
    results,
    params: {
      kMin,
      kMax,
      init,
      nInit,
      maxIter,
      tol: options.tol ?? kmeansDefaults.tol,
      seed,
      algorithm,
      silhouetteSampleSize: sampleSize,
    },
    warnings,
  };
}
