// The three clustering algorithms and their parameters: scikit-learn's names (camelCase), defaults and a short help text.

export type AlgorithmId = 'kmeans' | 'minibatch-kmeans' | 'meanshift';

export type ParamSpec =
  | { key: string; label: string; kind: 'int'; default: number; min: number; help: string }
  | { key: string; label: string; kind: 'float'; default: number; min: number; step: string; help: string }
  /** Blank means "let the server decide" (for example an estimated bandwidth or a random seed). */
  | { key: string; label: string; kind: 'optional-float' | 'optional-int'; placeholder: string; min: number; help: string }
  /** "auto" or a positive integer. */
  | { key: string; label: string; kind: 'auto-int'; default: 'auto'; help: string }
  | { key: string; label: string; kind: 'select'; default: string; options: readonly string[]; help: string }
  | { key: string; label: string; kind: 'bool'; default: boolean; help: string };

export interface Algorithm {
  id: AlgorithmId;
  name: string;
  sklearn: string;
  params: readonly ParamSpec[];
}

const nClusters: ParamSpec = {
  key: 'nClusters',
  label: 'Clusters (k)',
  kind: 'int',
  default: 8,
  min: 1,
  help: 'n_clusters: how many clusters to form and centres to find. scikit-learn default: 8.',
};
const init: ParamSpec = {
  key: 'init',
  label: 'Initialisation',
  kind: 'select',
  default: 'k-means++',
  options: ['k-means++', 'random'],
  help: 'init: k-means++ picks starting centres far apart (faster, better results); random picks k random points. Default: k-means++.',
};
const seed: ParamSpec = {
  key: 'seed',
  label: 'Seed',
  kind: 'optional-int',
  placeholder: 'server default',
  min: 0,
  help: 'random_state: fixes the random choices so a run can be repeated. Blank: the server default.',
};

export const ALGORITHMS: readonly Algorithm[] = [
  {
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
        default: 'auto',
        help: 'n_init: runs with different starting centres; the one with the lowest inertia wins. "auto": 1 run with k-means++, 10 with random.',
      },
      { key: 'maxIter', label: 'Max iterations', kind: 'int', default: 300, min: 1, help: 'max_iter: most Lloyd iterations in one run. Default: 300.' },
      {
        key: 'tol',
        label: 'Tolerance',
        kind: 'float',
        default: 1e-4,
        min: 0,
        step: 'any',
        help: 'tol: stop when the centres move less than this (relative to the data\u2019s variance). Default: 0.0001.',
      },
      seed,
    ],
  },
  {
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
        default: 'auto',
        help: 'n_init: initialisations tried; the best on a sample is kept. "auto": 1 with k-means++, 3 with random.',
      },
      { key: 'maxIter', label: 'Max epochs', kind: 'int', default: 100, min: 1, help: 'max_iter: most passes over the data. Default: 100.' },
      { key: 'batchSize', label: 'Batch size', kind: 'int', default: 1024, min: 1, help: 'batch_size: points per mini-batch step. Default: 1024.' },
      {
        key: 'tol',
        label: 'Tolerance',
        kind: 'float',
        default: 0,
        min: 0,
        step: 'any',
        help: 'tol: stop early when the centres barely move; 0 turns this test off. Default: 0.0.',
      },
      {
        key: 'maxNoImprovement',
        label: 'Patience',
        kind: 'int',
        default: 10,
        min: 0,
        help: 'max_no_improvement: stop after this many mini-batches without a better smoothed inertia. Default: 10.',
      },
      {
        key: 'reassignmentRatio',
        label: 'Reassignment ratio',
        kind: 'float',
        default: 0.01,
        min: 0,
        step: 'any',
        help: 'reassignment_ratio: centres with fewer points than this share are moved to new points. Default: 0.01.',
      },
      seed,
    ],
  },
  {
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
        default: 0.3,
        min: 0,
        step: 'any',
        help: 'quantile of pairwise distances used to estimate the bandwidth when it is blank (estimate_bandwidth). Default: 0.3.',
      },
      {
        key: 'binSeeding',
        label: 'Bin seeding',
        kind: 'bool',
        default: false,
        help: 'bin_seeding: start from a coarse grid of points instead of every point; much faster on big data. Default: off.',
      },
      {
        key: 'minBinFreq',
        label: 'Min bin frequency',
        kind: 'int',
        default: 1,
        min: 1,
        help: 'min_bin_freq: with bin seeding, only grid cells holding at least this many points become seeds. Default: 1.',
      },
      {
        key: 'clusterAll',
        label: 'Cluster all points',
        kind: 'bool',
        default: true,
        help: 'cluster_all: give every point a cluster; off leaves points outside every kernel as orphans (label -1). Default: on.',
      },
      { key: 'maxIter', label: 'Max iterations', kind: 'int', default: 300, min: 1, help: 'max_iter: most shifts per seed. Default: 300.' },
    ],
  },
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
