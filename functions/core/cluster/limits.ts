// Request-size limits and work estimates (distance evaluations) that keep a clustering inside a Worker's budget.
import { InputError } from '../errors';

export interface SizeLimits {
  /** Most points (413 above it). */
  maxPoints: number;
  /** Most coordinates per point (413 above it). */
  maxDimensions: number;
  /** Most numbers, points x dimensions (413 above it). */
  maxValues: number;
}

/** Throws a 413-kind error naming the limit that `n` points of `d` coordinates exceed. */
export function assertSize(n: number, d: number, limits: SizeLimits): void {
  if (n > limits.maxPoints) {
    throw new InputError('too_large', 'too_many_points', `${n} points; the limit is ${limits.maxPoints} points per request`);
  }
  if (d > limits.maxDimensions) {
    throw new InputError(
      'too_large',
      'too_many_dimensions',
      `${d} dimensions per point; the limit is ${limits.maxDimensions}`,
    );
  }
  if (n * d > limits.maxValues) {
    throw new InputError(
      'too_large',
      'too_many_values',
      `${n} points x ${d} dimensions = ${n * d} values; the limit is ${limits.maxValues} values per request`,
    );
  }
}

/** An estimate of the work a request needs, with the formula and what a caller can lower. */
export interface WorkEstimate {
  /** Distance evaluations (one point against one centre or one other point). */
  work: number;
  /** The formula with the request's numbers, for the error message. */
  formula: string;
  /** What to lower, in words. */
  lower: string;
}

/** Lloyd iterations bound: points x nClusters x nInit x maxIter (the bounds of Hamerly's only make it less). */
export function kmeansWork(n: number, k: number, nInit: number, maxIter: number): WorkEstimate {
  return {
    work: n * k * nInit * maxIter,
    formula: `${n} points x ${k} clusters x nInit ${nInit} x maxIter ${maxIter}`,
    lower: 'nInit, maxIter or nClusters, or send fewer points',
  };
}

/**
 * Mini-batch steps see maxIter x points samples in all (n_steps = maxIter * n // batchSize batches), each
 * against every centre, plus the final labelling of all points: points x nClusters x (maxIter + 1).
 */
export function miniBatchWork(n: number, k: number, maxIter: number): WorkEstimate {
  return {
    work: n * k * (maxIter + 1),
    formula: `${n} points x ${k} clusters x (maxIter ${maxIter} + 1)`,
    lower: 'maxIter or nClusters, or send fewer points',
  };
}

/** estimate_bandwidth compares every sampled point with every other: nSamples squared. */
export function bandwidthWork(m: number): WorkEstimate {
  return {
    work: m * m,
    formula: `estimating the bandwidth on ${m} points needs ${m} x ${m}`,
    lower: 'nSamples, or pass a bandwidth',
  };
}

/** One neighbourhood query per seed over all points: seeds x points (points squared without bin seeding). */
export function meanShiftWork(seeds: number, n: number, binSeeding: boolean): WorkEstimate {
  return {
    work: seeds * n,
    formula: `${seeds} seeds x ${n} points`,
    lower: binSeeding
      ? 'minBinFreq (fewer seeds), raise the bandwidth, or send fewer points'
      : 'the number of points, or turn on binSeeding',
  };
}

/**
 * Fixed costs the estimates above leave out, in the same unit (one distance evaluation, ~6-8 ns in workerd): a
 * K-Means or Mini-Batch init run (seeding, buffers, convergence check) costs about 300 distance evaluations
 * and a Lloyd iteration or mini-batch step about 35, whatever n and k (measured on one point). Without them,
 * nInit = 10^6 on one point was estimated at 10^6 evaluations and took 2.6 s; Mini-Batch's nInit was not
 * counted at all (10^8 took 96 s). Rounded up.
 */
export const RUN_COST = 500;
export const STEP_COST = 50;

/** The fixed cost of `runs` init runs and `steps` iterations or mini-batch steps. */
export function overheadWork(runs: number, steps: number): WorkEstimate {
  return {
    work: runs * RUN_COST + steps * STEP_COST,
    formula: `${runs} runs x ${RUN_COST} + ${steps} iterations or steps x ${STEP_COST}, the fixed cost of each`,
    lower: 'nInit or maxIter (or raise batchSize)',
  };
}

function formatCount(x: number): string {
  return x >= 1e6 ? x.toExponential(2).replace('e+', 'e') : String(x);
}

/** Throws a 422-kind error when `estimate.work` is above `maxWork`, saying what to lower. */
export function assertWork(estimate: WorkEstimate, maxWork: number): void {
  if (estimate.work > maxWork) {
    throw new InputError(
      'unprocessable',
      'too_much_work',
      `this request needs about ${formatCount(estimate.work)} distance evaluations (${estimate.formula}), ` +
        `above the limit of ${formatCount(maxWork)}; lower ${estimate.lower}`,
    );
  }
}
