// Mini-Batch K-Means with scikit-learn's semantics (MiniBatchKMeans.fit): 1/count learning rate, EWA stopping, reassignment.
import { InputError } from '../errors';
import { Random } from '../random';
import { checkInt, checkNumber } from './check';
import { distinctClustersWarning, explicitCenters, type KMeansInit, resolveNInit, scaledTolerance } from './kmeans';
import { assignLabels } from './kmeans-step';
import { kmeansPlusPlus } from './kmeans-plus-plus';
import { assertWork, miniBatchWork, overheadWork } from './limits';
import { type Points, type PointsInput, toPoints, toRows } from './points';

export interface MiniBatchKMeansOptions {
  /** sklearn `n_clusters=8`. With explicit `init` centres and no nClusters, their count is used. */
  nClusters?: number;
  /** sklearn `init='k-means++'`, run on a random subsample of `initSize` points. */
  init?: KMeansInit;
  /** sklearn `max_iter=100`: passes over the data; the run makes maxIter * n // batchSize steps at most. */
  maxIter?: number;
  /** sklearn `batch_size=1024` (capped at the number of points). */
  batchSize?: number;
  /** sklearn `tol=0.0` (off); relative, scaled by the mean per-feature variance like KMeans'. */
  tol?: number;
  /** sklearn `max_no_improvement=10`; null turns the inertia-based stop off. */
  maxNoImprovement?: number | null;
  /** sklearn `init_size=None` -> 3 * batchSize (at least 3 * nClusters, at most n). */
  initSize?: number;
  /** sklearn 1.2.1 `n_init` default 3 ('warn' -> 3); 'auto' -> 1 for 'k-means++', 3 otherwise. */
  nInit?: number | 'auto';
  /** sklearn `reassignment_ratio=0.01`: centres with fewer than this fraction of the top count are moved. */
  reassignmentRatio?: number;
  /** sklearn `random_state=None`; ours defaults to 0. Our PRNG is not NumPy's: batches differ draw for draw. */
  seed?: number;
  /** Refuse (422) when points x k x (maxIter + 1) exceeds this. No sklearn equivalent. */
  maxWork?: number;
}

export interface MiniBatchKMeansParams {
  nClusters: number;
  init: 'k-means++' | 'random' | number[][];
  maxIter: number;
  batchSize: number;
  tol: number;
  absoluteTol: number;
  maxNoImprovement: number | null;
  initSize: number;
  nInit: number;
  reassignmentRatio: number;
  seed: number;
}

export interface MiniBatchKMeansResult {
  labels: Int32Array;
  centers: Float64Array;
  /** Inertia of all points against the final centres (sklearn's `compute_labels=True`). */
  inertia: number;
  /** Passes over the data: ceil(nSteps * batchSize / n), sklearn's `n_iter_`. */
  nIter: number;
  /** Mini-batches processed, sklearn's `n_steps_`. */
  nSteps: number;
  nClusters: number;
  d: number;
  params: MiniBatchKMeansParams;
  warnings: string[];
}

export const miniBatchKMeansDefaults = {
  nClusters: 8,
  init: 'k-means++',
  maxIter: 100,
  batchSize: 1024,
  tol: 0,
  maxNoImprovement: 10,
  nInit: 3,
  reassignmentRatio: 0.01,
  seed: 0,
  maxWork: Infinity,
} as const;

/** Copies the given rows of x into a contiguous buffer. */
function gather(x: Points, rows: Int32Array, out: Float64Array): void {
  const { data, d } = x;
  if (d === 2) {
    for (let r = 0; r < rows.length; r++) {
      out[2 * r] = data[2 * rows[r]];
      out[2 * r + 1] = data[2 * rows[r] + 1];
    }
    return;
  }
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r] * d;
    for (let t = 0; t < d; t++) out[r * d + t] = data[src + t];
  }
}

/** Nearest centre of row i of x (first of equals) into labels[r]; returns the squared distance. */
function nearest(data: Float64Array, i: number, d: number, centers: Float64Array, k: number, labels: Int32Array, r: number): number {
  let best = Infinity;
  let bestJ = 0;
  if (d === 2) {
    const x0 = data[2 * i];
    const x1 = data[2 * i + 1];
    for (let j = 0; j < k; j++) {
      const a = x0 - centers[2 * j];
      const b = x1 - centers[2 * j + 1];
      const q = a * a + b * b;
      if (q < best) {
        best = q;
        bestJ = j;
      }
    }
  } else {
    for (let j = 0; j < k; j++) {
      let q = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[i * d + t] - centers[j * d + t];
        q += diff * diff;
      }
      if (q < best) {
        best = q;
        bestJ = j;
      }
    }
  }
  labels[r] = bestJ;
  return best;
}

/**
 * One `_mini_batch_step` on the batch `rows` of x: label the batch against `centers`, move each centre to
 * the running mean of all points it has ever been given (learning rate 1 / count), then, when asked, move
 * centres whose count is below `ratio` x the largest count onto random points of the batch. Returns the
 * batch's inertia against the old centres. `batch` holds the rows gathered from the data: one tight copy
 * loop overlaps the cache misses of the random rows far better than reading them where they lie (about
 * twice as fast on 1,000,000 points).
 */
function miniBatchStep(
  batch: Points,
  batchLabels: Int32Array,
  centers: Float64Array,
  next: Float64Array,
  counts: Float64Array,
  k: number,
  rng: Random,
  reassign: boolean,
  ratio: number,
  scratch: { batchCounts: Float64Array; order: Int32Array; toReassign: Uint8Array },
): number {
  const { data, d } = batch;
  const m = batch.n;
  let inertia = 0;
  for (let r = 0; r < m; r++) inertia += nearest(data, r, d, centers, k, batchLabels, r);
  const { batchCounts } = scratch;
  batchCounts.fill(0);
  // As scikit-learn: start from old centre x old count, add the members in batch order, divide by new count.
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) next[j * d + t] = centers[j * d + t] * counts[j];
  for (let r = 0; r < m; r++) {
    const l = batchLabels[r];
    batchCounts[l] += 1;
    if (d === 2) {
      next[2 * l] += data[2 * r];
      next[2 * l + 1] += data[2 * r + 1];
    } else {
      for (let t = 0; t < d; t++) next[l * d + t] += data[r * d + t];
    }
  }
  for (let j = 0; j < k; j++) {
    if (batchCounts[j] > 0) {
      counts[j] += batchCounts[j];
      const alpha = 1 / counts[j];
      for (let t = 0; t < d; t++) next[j * d + t] *= alpha;
    } else {
      for (let t = 0; t < d; t++) next[j * d + t] = centers[j * d + t];
    }
  }

  if (reassign && ratio > 0) {
    let max = 0;
    for (let j = 0; j < k; j++) if (counts[j] > max) max = counts[j];
    const { toReassign } = scratch;
    toReassign.fill(0);
    let nReassign = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] < ratio * max) {
        toReassign[j] = 1;
        nReassign++;
      }
    }
    // At most half a batch of centres move: keep the ones with the smallest counts.
    const cap = Math.floor(0.5 * m);
    if (nReassign > 0.5 * m) {
      const order = scratch.order;
      for (let j = 0; j < k; j++) order[j] = j;
      order.sort((a, b) => counts[a] - counts[b] || a - b);
      for (let r = cap; r < k; r++) toReassign[order[r]] = 0;
      nReassign = cap;
    }
    if (nReassign > 0) {
      const picks = rng.sampleWithoutReplacement(m, nReassign);
      let p = 0;
      for (let j = 0; j < k; j++) {
        if (!toReassign[j]) continue;
        const r = picks[p++];
        for (let t = 0; t < d; t++) next[j * d + t] = data[r * d + t];
      }
      // Reset moved counts to the smallest remaining count, not to 0, so they are not moved again at
      // once (scikit-learn's words: "a pretty dirty hack as it also modifies the learning rates").
      let minKept = Infinity;
      for (let j = 0; j < k; j++) if (!toReassign[j] && counts[j] < minKept) minKept = counts[j];
      if (minKept < Infinity) for (let j = 0; j < k; j++) if (toReassign[j]) counts[j] = minKept;
    }
  }
  return inertia;
}

export function miniBatchKMeans(points: PointsInput, options: MiniBatchKMeansOptions = {}): MiniBatchKMeansResult {
  const x = toPoints(points);
  const { n, d } = x;
  const defaults = miniBatchKMeansDefaults;
  const init = options.init ?? defaults.init;
  const explicit = typeof init !== 'string';
  const initCenters = explicit ? explicitCenters(init, options.nClusters, d) : undefined;
  const k = checkInt('nClusters', options.nClusters ?? (initCenters ? initCenters.length / d : defaults.nClusters), 1);
  if (!explicit && init !== 'k-means++' && init !== 'random') {
    throw new InputError('invalid', 'invalid_parameter', `init must be 'k-means++', 'random' or an array of centres`);
  }
  const maxIter = checkInt('maxIter', options.maxIter ?? defaults.maxIter, 1);
  const requestedBatch = checkInt('batchSize', options.batchSize ?? defaults.batchSize, 1);
  const tol = checkNumber('tol', options.tol ?? defaults.tol, 0);
  const maxNoImprovement =
    options.maxNoImprovement === null ? null : checkInt('maxNoImprovement', options.maxNoImprovement ?? defaults.maxNoImprovement, 0);
  const reassignmentRatio = checkNumber('reassignmentRatio', options.reassignmentRatio ?? defaults.reassignmentRatio, 0);
  const seed = checkInt('seed', options.seed ?? defaults.seed, 0);
  const warnings: string[] = [];
  let nInit = resolveNInit(options.nInit ?? defaults.nInit, init, defaults.nInit);
  if (explicit && nInit !== 1) {
    if (options.nInit !== undefined) {
      warnings.push(`Explicit initial center position passed: performing only one init instead of nInit=${nInit}.`);
    }
    nInit = 1;
  }
  if (n < k) {
    throw new InputError('unprocessable', 'too_few_points', `${n} points cannot form ${k} clusters; send at least nClusters points or lower nClusters`);
  }
  assertWork(miniBatchWork(n, k, maxIter), options.maxWork ?? defaults.maxWork);

  const batchSize = Math.min(requestedBatch, n);
  // sklearn's n_steps = max_iter * n // batch_size: a batch of 1 makes n steps per pass, each with a fixed cost.
  assertWork(overheadWork(nInit, Math.floor((maxIter * n) / batchSize)), options.maxWork ?? defaults.maxWork);
  let initSize = options.initSize === undefined ? 3 * batchSize : checkInt('initSize', options.initSize, 1);
  if (initSize < k) {
    if (options.initSize !== undefined) {
      warnings.push(`initSize=${initSize} should be larger than nClusters=${k}. Setting it to min(3*nClusters, n).`);
    }
    initSize = 3 * k;
  }
  initSize = Math.min(initSize, n);
  const absoluteTol = scaledTolerance(x, tol);
  const rng = new Random(seed);

  // Validation subsample to compare the inits (drawn with replacement, as NumPy's randint).
  const validRows = new Int32Array(initSize);
  for (let i = 0; i < initSize; i++) validRows[i] = rng.int(n);
  const valid: Points = { data: new Float64Array(initSize * d), n: initSize, d };
  gather(x, validRows, valid.data);
  const validLabels = new Int32Array(initSize);

  let centers: Float64Array = new Float64Array(k * d);
  let bestInertia = Infinity;
  const sampleRows = new Int32Array(initSize);
  const sample: Points = { data: new Float64Array(initSize * d), n: initSize, d };
  for (let run = 0; run < nInit; run++) {
    let start: Float64Array;
    if (initCenters) {
      start = Float64Array.from(initCenters);
    } else {
      let source: Points = x;
      if (initSize < n) {
        for (let i = 0; i < initSize; i++) sampleRows[i] = rng.int(n);
        gather(x, sampleRows, sample.data);
        source = sample;
      }
      if (init === 'k-means++') {
        start = kmeansPlusPlus(source, k, rng).centers;
      } else {
        const rows = rng.sampleWithoutReplacement(source.n, k);
        start = new Float64Array(k * d);
        gather(source, rows, start);
      }
    }
    const inertia = assignLabels(valid, start, k, validLabels);
    if (inertia < bestInertia || run === 0) {
      bestInertia = inertia;
      centers = start;
    }
  }

  let next: Float64Array = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const batchRows = new Int32Array(batchSize);
  const batch: Points = { data: new Float64Array(batchSize * d), n: batchSize, d };
  const batchLabels = new Int32Array(batchSize);
  const scratch = { batchCounts: new Float64Array(k), order: new Int32Array(k), toReassign: new Uint8Array(k) };
  let ewa: number | undefined;
  let ewaMin: number | undefined;
  let noImprovement = 0;
  let sinceReassign = 0;
  const nStepsMax = Math.floor((maxIter * n) / batchSize);
  const alpha = Math.min((batchSize * 2) / (n + 1), 1);

  let step = 0;
  for (; step < nStepsMax; step++) {
    for (let i = 0; i < batchSize; i++) batchRows[i] = rng.int(n);
    gather(x, batchRows, batch.data);
    // Reassign every 10 x k samples seen, or at once while some centre has never been given a point.
    sinceReassign += batchSize;
    let reassign = sinceReassign >= 10 * k;
    for (let j = 0; j < k && !reassign; j++) if (counts[j] === 0) reassign = true;
    if (reassign) sinceReassign = 0;
    let batchInertia = miniBatchStep(batch, batchLabels, centers, next, counts, k, rng, reassign, reassignmentRatio, scratch);
    let squaredDiff = 0;
    if (absoluteTol > 0) {
      for (let t = 0; t < k * d; t++) {
        const diff = next[t] - centers[t];
        squaredDiff += diff * diff;
      }
    }
    const swap = centers;
    centers = next;
    next = swap;

    // Early stopping (`_mini_batch_convergence`); step 1 is skipped: its inertia reflects the init.
    batchInertia /= batchSize;
    if (step === 0) continue;
    ewa = ewa === undefined ? batchInertia : ewa * (1 - alpha) + batchInertia * alpha;
    if (absoluteTol > 0 && squaredDiff <= absoluteTol) break;
    if (ewaMin === undefined || ewa < ewaMin) {
      noImprovement = 0;
      ewaMin = ewa;
    } else {
      noImprovement++;
    }
    if (maxNoImprovement !== null && noImprovement >= maxNoImprovement) break;
  }
  const nSteps = Math.min(step + 1, nStepsMax);
  const labels = new Int32Array(n);
  const inertia = assignLabels(x, centers, k, labels);
  const distinct = distinctClustersWarning(labels, k);
  if (distinct) warnings.push(distinct);

  return {
    labels,
    centers,
    inertia,
    nIter: Math.ceil((nSteps * batchSize) / n),
    nSteps,
    nClusters: k,
    d,
    params: {
      nClusters: k,
      init: initCenters ? toRows(initCenters, d) : (init as 'k-means++' | 'random'),
      maxIter,
      batchSize,
      tol,
      absoluteTol,
      maxNoImprovement,
      initSize,
      nInit,
      reassignmentRatio,
      seed,
    },
    warnings,
  };
}
