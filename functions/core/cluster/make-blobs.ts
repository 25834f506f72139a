// scikit-learn's `make_blobs`: isotropic Gaussian blobs around random (or given) centres, seeded.
import { InputError } from '../errors';
import { Random } from '../random';
import { checkInt, checkNumber } from './check';
import { type Points, toPoints } from './points';

export interface MakeBlobsOptions {
  /** sklearn `n_samples=100`: a total split evenly (the first n % centres get one more), or one count per centre. */
  nSamples?: number | readonly number[];
  /** sklearn `n_features=2`; ignored when centres are given. */
  nFeatures?: number;
  /** sklearn `centers=None` -> 3 random centres (or one per entry of an nSamples list); a count or the centres. */
  centers?: number | ReadonlyArray<ArrayLike<number>>;
  /** sklearn `cluster_std=1.0`: one standard deviation, or one per centre. */
  clusterStd?: number | readonly number[];
  /** sklearn `center_box=(-10.0, 10.0)`: bounds of the random centres. */
  centerBox?: readonly [number, number];
  /** sklearn `shuffle=True`. */
  shuffle?: boolean;
  /**
   * sklearn `random_state=None`; ours defaults to 0. Same recipe as sklearn (uniform centres, then each
   * blob's normals, then a shuffle), but our PRNG is not NumPy's: the numbers differ for the same seed.
   */
  seed?: number;
}

export interface Blobs {
  points: Points;
  /** Blob of each point. */
  labels: Int32Array;
  /** The centres used, row-major. */
  centers: Float64Array;
}

export const makeBlobsDefaults = {
  nSamples: 100,
  nFeatures: 2,
  centers: 3,
  clusterStd: 1,
  centerBox: [-10, 10] as const,
  shuffle: true,
  seed: 0,
};

export function makeBlobs(options: MakeBlobsOptions = {}): Blobs {
  const defaults = makeBlobsDefaults;
  const rng = new Random(checkInt('seed', options.seed ?? defaults.seed, 0));
  const nSamples = options.nSamples ?? defaults.nSamples;
  const perCentreCounts = typeof nSamples === 'number' ? undefined : nSamples.map((v, i) => checkInt(`nSamples[${i}]`, v, 0));
  const [low, high] = options.centerBox ?? defaults.centerBox;
  checkNumber('centerBox[0]', low, -Infinity);
  checkNumber('centerBox[1]', high, -Infinity);
  if (!(low <= high)) throw new InputError('invalid', 'invalid_parameter', `centerBox must be [low, high] with low <= high, got [${low}, ${high}]`);

  let centers: Float64Array;
  let nCenters: number;
  let d: number;
  const given = options.centers ?? (perCentreCounts ? perCentreCounts.length : defaults.centers);
  if (typeof given === 'number') {
    nCenters = checkInt('centers', given, 1);
    d = checkInt('nFeatures', options.nFeatures ?? defaults.nFeatures, 1);
    centers = new Float64Array(nCenters * d);
    for (let i = 0; i < centers.length; i++) centers[i] = rng.uniform(low, high);
  } else {
    const c = toPoints(given, 'centers');
    nCenters = c.n;
    d = c.d;
    centers = Float64Array.from(c.data);
  }
  if (perCentreCounts && perCentreCounts.length !== nCenters) {
    throw new InputError('invalid', 'invalid_parameter', `nSamples lists ${perCentreCounts.length} counts for ${nCenters} centres`);
  }
  const stdInput = options.clusterStd ?? defaults.clusterStd;
  const stds = typeof stdInput === 'number' ? new Array<number>(nCenters).fill(stdInput) : [...stdInput];
  if (stds.length !== nCenters) {
    throw new InputError('invalid', 'invalid_parameter', `clusterStd lists ${stds.length} values for ${nCenters} centres`);
  }
  stds.forEach((s, i) => checkNumber(typeof stdInput === 'number' ? 'clusterStd' : `clusterStd[${i}]`, s, 0));

  let counts: number[];
  if (perCentreCounts) {
    counts = perCentreCounts;
  } else {
    const total = checkInt('nSamples', nSamples as number, 1);
    counts = new Array<number>(nCenters).fill(Math.floor(total / nCenters));
    for (let i = 0; i < total % nCenters; i++) counts[i]++;
  }
  const n = counts.reduce((a, b) => a + b, 0);
  let data = new Float64Array(n * d);
  let labels = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < nCenters; c++) {
    for (let r = 0; r < counts[c]; r++, row++) {
      for (let t = 0; t < d; t++) data[row * d + t] = rng.normal(centers[c * d + t], stds[c]);
      labels[row] = c;
    }
  }
  if (options.shuffle ?? defaults.shuffle) {
    const order = rng.permutation(n);
    const shuffled = new Float64Array(n * d);
    const shuffledLabels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      shuffled.set(data.subarray(order[i] * d, order[i] * d + d), i * d);
      shuffledLabels[i] = labels[order[i]];
    }
    data = shuffled;
    labels = shuffledLabels;
  }
  return { points: { data, n, d }, labels, centers };
}
