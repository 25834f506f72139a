// The three clustering algorithms and their parameters: scikit-learn's names (camelCase), the server's own defaults
// (scikit-learn 1.2.1's, imported from the clustering modules) and a short help text.
import { kmeansDefaults } from '../../../functions/core/cluster/kmeans';
import { meanShiftDefaults } from '../../../functions/core/cluster/mean-shift';
import { miniBatchKMeansDefaults as mbDefaults } from '../../../functions/core/cluster/minibatch-kmeans';
import type { InferRequestType } from 'hono/client';
import type { client } from '../api';

export type AlgorithmId = 'kmeans' | 'minibatch-kmeans' | 'meanshift';

/** The JSON body of each route, from the Worker's route types. */
type JsonOf<F> = InferRequestType<F> extends { json: infer J } ? Exclude<J, string> : never;
export type KMeansJson = JsonOf<typeof client.api.cluster.kmeans.$post>;
export type MiniBatchJson = JsonOf<(typeof client.api.cluster)['minibatch-kmeans']['$post']>;
export type MeanShiftJson = JsonOf<typeof client.api.cluster.meanshift.$post>;

export type ParamSpec<K extends string = string> =
  | { key: K; label: string; kind: 'int'; default: number; min: number; help: string }
  | { key: K; label: string; kind: 'float'; default: number; min: number; step: string; help: string }
  /** Blank means "let the server decide" (for example an estimated bandwidth). */
  | { key: K; label: string; kind: 'optional-float' | 'optional-int'; placeholder: string; min: number; help: string }
  /** "auto" or a positive integer. */
  | { key: K; label: string; kind: 'auto-int'; default: number | 'auto'; help: string }
  | { key: K; label: string; kind: 'select'; default: string; options: readonly string[]; help: string }
  | { key: K; label: string; kind: 'bool'; default: boolean; help: string };

export interface Algorithm {
  id: AlgorithmId;
  name: string;
  sklearn: string;
  params: readonly ParamSpec[];
}

/** Checks at compile time that every parameter is a field of the route's JSON body. */
function define<J>(a: Omit<Algorithm, 'params'> & { params: readonly ParamSpec<Extract<Exclude<keyof J, 'points'>, string>>[] }): Algorithm {
  return a;
}

const nClusters: ParamSpec<'nClusters'> = {
  key: 'nClusters',
  label: 'Clusters (k)',
  kind: 'int',
  default: kmeansDefaults.nClusters,
  min: 1,
  help: `n_clusters: how many clusters to form and centres to find. Default: ${kmeansDefaults.nClusters}.`,
};
const init: ParamSpec<'init'> = {
  key: 'init',
  label: 'Initialisation',
  kind: 'select',
  default: kmeansDefaults.init,
  options: ['k-means++', 'random'],
  help: 'init: k-means++ picks starting centres far apart (faster, better results); random picks k random points. Default: k-means++.',
};
const seed: ParamSpec<'seed'> = {
  key: 'seed',
  label: 'Seed',
  kind: 'int',
  default: kmeansDefaults.seed,
  min: 0,
  help: `random_state: fixes the random choices, so the same seed gives the same result. Default: ${kmeansDefaults.seed}.`,
};

export const ALGORITHMS: readonly Algorithm[] = [
  define<KMeansJson>({
    id: 'kmeans',
    name: 'K-Means',
    sklearn: 'sklearn.cluster.KMeans',
    params: [
      nClusters,
      init,
      {
        key: 'nInit',
        label: 'Runs (n_init)',
        kind: 'auto-int',
        default: kmeansDefaults.nInit,
        help: `n_init: runs from different starting centres; the lowest inertia wins. Default: ${kmeansDefaults.nInit} (scikit-learn 1.2.1); "auto": 1 with k-means++, 10 with random.`,
      },
      {
        key: 'maxIter',
        label: 'Max iterations',
        kind: 'int',
        default: kmeansDefaults.maxIter,
        min: 1,
        help: `max_iter: most Lloyd iterations in one run. Default: ${kmeansDefaults.maxIter}.`,
      },
      {
        key: 'tol',
        label: 'Tolerance',
        kind: 'float',
        default: kmeansDefaults.tol,
        min: 0,
        step: 'any',
        help: `tol: stop when the centres move less than this (relative to the data\u2019s variance). Default: ${kmeansDefaults.tol}.`,
      },
      seed,
    ],
  }),
  define<MiniBatchJson>({
    id: 'minibatch-kmeans',
    name: 'Mini-Batch K-Means',
    sklearn: 'sklearn.cluster.MiniBatchKMeans',
    params: [
      nClusters,
      init,
      {
        key: 'nInit',
        label: 'Runs (n_init)',
        kind: 'auto-int',
        default: mbDefaults.nInit,
        help: `n_init: initialisations tried; the best on a sample is kept. Default: ${mbDefaults.nInit}; "auto": 1 with k-means++, 3 with random.`,
      },
      {
        key: 'maxIter',
        label: 'Max epochs',
        kind: 'int',
        default: mbDefaults.maxIter,
        min: 1,
        help: `max_iter: most passes over the data. Default: ${mbDefaults.maxIter}.`,
      },
      {
        key: 'batchSize',
        label: 'Batch size',
        kind: 'int',
        default: mbDefaults.batchSize,
        min: 1,
        help: `batch_size: points per mini-batch step. Default: ${mbDefaults.batchSize}.`,
      },
      {
        key: 'tol',
        label: 'Tolerance',
        kind: 'float',
        default: mbDefaults.tol,
        min: 0,
        step: 'any',
        help: `tol: stop early when the centres barely move; 0 turns this test off. Default: ${mbDefaults.tol}.`,
      },
      {
        key: 'maxNoImprovement',
        label: 'Patience',
        kind: 'int',
        default: mbDefaults.maxNoImprovement,
        min: 0,
        help: `max_no_improvement: stop after this many mini-batches without a better smoothed inertia. Default: ${mbDefaults.maxNoImprovement}.`,
      },
      {
        key: 'reassignmentRatio',
        label: 'Reassignment ratio',
        kind: 'float',
        default: mbDefaults.reassignmentRatio,
        min: 0,
        step: 'any',
        help: `reassignment_ratio: centres with fewer points than this share are moved to new points. Default: ${mbDefaults.reassignmentRatio}.`,
      },
      seed,
    ],
  }),
  define<MeanShiftJson>({
    id: 'meanshift',
    name: 'Mean Shift',
    sklearn: 'sklearn.cluster.MeanShift',
    params: [
      {
        key: 'bandwidth',
        label: 'Bandwidth',
        kind: 'optional-float',
        placeholder: 'estimated',
        min: 0,
        help: 'bandwidth: radius of the flat kernel. Blank: estimated from the data (estimate_bandwidth), as scikit-learn does.',
      },
      {
        key: 'quantile',
        label: 'Quantile',
        kind: 'float',
        default: meanShiftDefaults.quantile,
        min: 0,
        step: 'any',
        help: `quantile of pairwise distances used to estimate the bandwidth when it is blank (estimate_bandwidth). Default: ${meanShiftDefaults.quantile}.`,
      },
      {
        key: 'binSeeding',
        label: 'Bin seeding',
        kind: 'bool',
        default: meanShiftDefaults.binSeeding,
        help: 'bin_seeding: start from a coarse grid of points instead of every point; much faster on big data. Default: off.',
      },
      {
        key: 'minBinFreq',
        label: 'Min bin frequency',
        kind: 'int',
        default: meanShiftDefaults.minBinFreq,
        min: 1,
        help: `min_bin_freq: with bin seeding, only grid cells holding at least this many points become seeds. Default: ${meanShiftDefaults.minBinFreq}.`,
      },
      {
        key: 'clusterAll',
        label: 'Cluster all points',
        kind: 'bool',
        default: meanShiftDefaults.clusterAll,
        help: 'cluster_all: give every point a cluster; off leaves points outside every kernel as orphans (label -1). Default: on.',
      },
      {
        key: 'maxIter',
        label: 'Max iterations',
        kind: 'int',
        default: meanShiftDefaults.maxIter,
        min: 1,
        help: `max_iter: most shifts per seed. Default: ${meanShiftDefaults.maxIter}.`,
      },
    ],
  }),
];

export function algorithmOf(id: AlgorithmId): Algorithm {
  return ALGORITHMS.find((a) => a.id === id)!;
}

export type ParamValue = string | boolean;

export function defaultValues(a: Algorithm): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of a.params) {
    out[p.key] = p.kind === 'bool' ? p.default : 'default' in p ? String(p.default) : '';
  }
  return out;
}

/** Parses the form's text values into the request's params; blank optional fields are left out. */
export function parseParams(a: Algorithm, values: Record<string, ParamValue>): { params: Record<string, string | number | boolean>; errors: string[] } {
  const params: Record<string, string | number | boolean> = {};
  const errors: string[] = [];
  for (const p of a.params) {
    const raw = values[p.key];
    if (p.kind === 'bool') {
      params[p.key] = raw === true;
      continue;
    }
    const text = String(raw ?? '').trim();
    if (p.kind === 'select') {
      params[p.key] = p.options.includes(text) ? text : p.default;
      continue;
    }
    if (p.kind === 'auto-int' && (text === '' || text.toLowerCase() === 'auto')) {
      params[p.key] = 'auto';
      continue;
    }
    if ((p.kind === 'optional-float' || p.kind === 'optional-int') && text === '') continue;
    const n = Number(text);
    const integer = p.kind === 'int' || p.kind === 'optional-int' || p.kind === 'auto-int';
    const min = p.kind === 'auto-int' ? 1 : p.min;
    if (text === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
      const what = p.kind === 'auto-int' ? '"auto" or a whole number of at least 1' : `${integer ? 'a whole number' : 'a number'} of at least ${min}`;
      errors.push(`${p.label} must be ${what}.`);
      continue;
    }
    params[p.key] = n;
  }
  return { params, errors };
}
