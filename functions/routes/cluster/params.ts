// Request and response schemas of the clustering routes: scikit-learn's parameters (camelCase) with their defaults.
import { z } from '@hono/zod-openapi';
import { elbowDefaults } from '../../core/cluster/elbow';
import { estimateBandwidthDefaults } from '../../core/cluster/estimate-bandwidth';
import { kmeansDefaults } from '../../core/cluster/kmeans';
import { meanShiftDefaults } from '../../core/cluster/mean-shift';
import { miniBatchKMeansDefaults } from '../../core/cluster/minibatch-kmeans';
import { silhouetteDefaults } from '../../core/cluster/metrics';

/**
 * Every schema of the clustering routes, built on the first call and kept: the routes are built on the
 * isolate's first clustering request, not at start-up (see functions/app.ts).
 */
function buildSchemas() {
  const pointsDoc = { type: 'array' as const, items: { type: 'array' as const, items: { type: 'number' as const } } };

  /**
   * Points are checked by `toPoints` (one pass: finite numbers, equal lengths, at least one), not by zod,
   * which takes ~0.3 s of Worker CPU for 200,000 points; errors still name the offending `points[i][j]`.
   */
  const PointsSchema = z
    .custom<number[][]>((v) => Array.isArray(v), { error: 'points must be an array of points, each an array of numbers' })
    .openapi({ ...pointsDoc, description: 'One array of numbers per point, all the same length', example: [[1, 2], [1.5, 1.8], [8, 8]] });

  const centresSchema = z
    .custom<number[][]>((v) => Array.isArray(v), { error: 'must be an array of centres' })
    .openapi({ ...pointsDoc, description: 'Explicit centres, one per cluster' });

  const int = (min: number) => z.number().int().min(min);
  const seed = int(0).max(2 ** 32 - 1).openapi({
    description: 'Seed of the random choices (sklearn `random_state`). Same seed, same result.',
    default: kmeansDefaults.seed,
  });
  const nInit = (defaultRuns: number, auto: string) =>
    z.union([z.literal('auto'), int(1)], { error: "nInit must be 'auto' or an integer >= 1" }).openapi({
      description: `Runs from different starts, the best kept (sklearn \`n_init\`; 1.2.1 default ${defaultRuns}; 'auto': ${auto})`,
      default: defaultRuns,
    });
  const init = z
    .union([z.enum(['k-means++', 'random']), centresSchema], { error: "init must be 'k-means++', 'random' or an array of centres" })
    .openapi({ description: "'k-means++' (greedy, 2 + ln k trials), 'random', or the centres", default: 'k-means++' });

  /** sklearn's KMeans parameters. */
  const kmeansParams = {
    nClusters: int(1).openapi({ description: 'sklearn `n_clusters`', default: kmeansDefaults.nClusters }),
    init,
    nInit: nInit(kmeansDefaults.nInit, "1 for k-means++, 10 for random"),
    maxIter: int(1).openapi({ description: 'sklearn `max_iter`', default: kmeansDefaults.maxIter }),
    tol: z.number().min(0).openapi({ description: 'Relative to the mean per-feature variance (sklearn `tol`)', default: kmeansDefaults.tol }),
    algorithm: z.enum(['auto', 'lloyd', 'hamerly', 'elkan']).openapi({
      description: "'auto' = 'hamerly': Lloyd's iterations with bounds that skip needless distances (same result). 'elkan' is served by 'hamerly'.",
      default: kmeansDefaults.algorithm,
    }),
    seed,
  };

  /** sklearn's MiniBatchKMeans parameters. */
  const miniBatchParams = {
    nClusters: kmeansParams.nClusters,
    init,
    nInit: nInit(miniBatchKMeansDefaults.nInit, "1 for k-means++, 3 for random"),
    maxIter: int(1).openapi({ description: 'Passes over the data (sklearn `max_iter`)', default: miniBatchKMeansDefaults.maxIter }),
    batchSize: int(1).openapi({ description: 'sklearn `batch_size` (capped at the number of points)', default: miniBatchKMeansDefaults.batchSize }),
    tol: z.number().min(0).openapi({ description: 'sklearn `tol`; 0 turns the centre-change stop off', default: miniBatchKMeansDefaults.tol }),
    maxNoImprovement: int(0)
      .nullable()
      .openapi({ description: 'sklearn `max_no_improvement`; null turns the inertia stop off', default: miniBatchKMeansDefaults.maxNoImprovement }),
    initSize: int(1).openapi({ description: 'sklearn `init_size`; default 3 x batchSize (at least 3 x nClusters)' }),
    reassignmentRatio: z
      .number()
      .min(0)
      .openapi({ description: 'sklearn `reassignment_ratio`', default: miniBatchKMeansDefaults.reassignmentRatio }),
    seed,
  };

  /** sklearn's MeanShift parameters, plus estimate_bandwidth's. */
  const meanShiftParams = {
    bandwidth: z.number().gt(0).openapi({ description: 'Kernel radius; default estimated (sklearn `estimate_bandwidth`)' }),
    quantile: z.number().min(0).max(1).openapi({ description: 'For the estimate', default: estimateBandwidthDefaults.quantile }),
    nSamples: int(1).openapi({ description: 'Points sampled for the estimate (default all)' }),
    seeds: centresSchema.openapi({ ...pointsDoc, description: 'Explicit starting points (sklearn `seeds`)' }),
    binSeeding: z.boolean().openapi({ description: 'sklearn `bin_seeding`', default: meanShiftDefaults.binSeeding }),
    minBinFreq: int(1).openapi({ description: 'sklearn `min_bin_freq`', default: meanShiftDefaults.minBinFreq }),
    clusterAll: z.boolean().openapi({ description: 'sklearn `cluster_all`; false labels orphans -1', default: meanShiftDefaults.clusterAll }),
    maxIter: int(0).openapi({ description: 'Iterations per seed (sklearn `max_iter`)', default: meanShiftDefaults.maxIter }),
    seed: seed.openapi({ description: 'Seed of the nSamples draw for the bandwidth estimate', default: meanShiftDefaults.seed }),
  };

  /** The elbow table's parameters: the k range plus K-Means' own. */
  const elbowParams = {
    kMin: int(1).openapi({ description: 'Smallest k', default: elbowDefaults.kMin }),
    kMax: int(1).openapi({ description: `Largest k (default min(${elbowDefaults.kMax}, points); at most kMin + ${elbowDefaults.maxSpan - 1})` }),
    init: z.enum(['k-means++', 'random']).openapi({ default: 'k-means++' }),
    nInit: kmeansParams.nInit,
    maxIter: kmeansParams.maxIter,
    tol: kmeansParams.tol,
    algorithm: kmeansParams.algorithm,
    seed,
    silhouetteSampleSize: int(2).openapi({
      description: 'Silhouette on a seeded sample of this many points above it (sklearn `sample_size`)',
      default: silhouetteDefaults.sampleSize,
    }),
  };

  const trueLabels = z
    .custom<number[]>((v) => Array.isArray(v), { error: 'trueLabels must be an array of labels, one per point' })
    .openapi({ type: 'array', items: { type: 'integer' }, description: 'Known classes: the answer then has adjustedRandIndex' });

  const centersDoc = z.array(z.array(z.number())).openapi({ description: 'One row per cluster' });

  const kmeansParamsOut = {
    nClusters: z.number().int(),
    init: z.union([z.enum(['k-means++', 'random']), centersDoc]),
    nInit: z.number().int(),
    maxIter: z.number().int(),
    tol: z.number(),
    absoluteTol: z.number().openapi({ description: 'tol x mean per-feature variance: the bound on the squared centre shift' }),
    seed: z.number().int(),
    algorithm: z.enum(['lloyd', 'hamerly']),
  };

  const miniBatchParamsOut = {
    nClusters: z.number().int(),
    init: z.union([z.enum(['k-means++', 'random']), centersDoc]),
    maxIter: z.number().int(),
    batchSize: z.number().int(),
    tol: z.number(),
    absoluteTol: z.number(),
    maxNoImprovement: z.number().int().nullable(),
    initSize: z.number().int(),
    nInit: z.number().int(),
    reassignmentRatio: z.number(),
    seed: z.number().int(),
  };

  const meanShiftParamsOut = {
    bandwidth: z.number(),
    bandwidthEstimated: z.boolean(),
    quantile: z.number(),
    nSamples: z.number().int().nullable(),
    binSeeding: z.boolean(),
    minBinFreq: z.number().int(),
    clusterAll: z.boolean(),
    maxIter: z.number().int(),
    seed: z.number().int(),
    nSeeds: z.number().int(),
  };

  return {
    PointsSchema,
    trueLabels,
    centersDoc,
    kmeansParams,
    miniBatchParams,
    meanShiftParams,
    elbowParams,
    kmeansParamsOut,
    miniBatchParamsOut,
    meanShiftParamsOut,
  };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;
export const clusterSchemas = () => (schemas ??= buildSchemas());

/** A JSON body: the points and every parameter; unknown keys are refused (400 naming them). */
export function jsonBody<S extends z.ZodRawShape>(name: string, shape: S) {
  const optional = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, (v as z.ZodType).optional()])) as unknown as {
    [K in keyof S]: z.ZodOptional<S[K]>;
  };
  const { PointsSchema, trueLabels } = clusterSchemas();
  return z.strictObject({ points: PointsSchema, ...optional, trueLabels: trueLabels.optional() }).openapi(name);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Query strings carry text: numbers, booleans, null and JSON arrays are turned into values before zod checks them. */
export function coerceQueryValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const s = value.trim();
  if (s === '') return undefined;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null') return null;
  if (NUMBER.test(s)) return Number(s);
  if (s.startsWith('[')) {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** The query of a CSV request: the same parameters, coerced, plus `columns`. */
export function csvQuery<S extends z.ZodRawShape>(name: string, shape: S) {
  const coerced = Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, z.preprocess(coerceQueryValue, v as z.ZodType).optional()]),
  ) as unknown as { [K in keyof S]: z.ZodOptional<z.ZodPipe<z.ZodTransform<unknown, unknown>, S[K]>> };
  return z
    .strictObject({
      columns: z.string().optional().openapi({
        description: 'CSV only: comma-separated header names to cluster on (default: every column)',
        example: 'median_income,latitude,longitude',
      }),
      ...coerced,
    })
    .openapi(name);
}

/** The answer of every clustering route. */
export function clusterResponse<P extends z.ZodRawShape, E extends z.ZodRawShape>(name: string, params: P, extra: E) {
  const { centersDoc } = clusterSchemas();
  return z
    .object({
      labels: z.array(z.number().int()).openapi({ description: 'Cluster of each point (in the order sent; -1: no cluster)' }),
      centers: centersDoc,
      inertia: z.number().openapi({ description: 'Sum of squared distances from each point to its centre' }),
      nIter: z.number().int(),
      nClusters: z.number().int(),
      params: z.object(params).openapi({ description: 'Every value used, defaults and estimates included' }),
      warnings: z.array(z.string()),
      droppedRows: z.number().int().openapi({ description: 'CSV rows skipped for a missing value (0 for JSON)' }),
      columns: z.array(z.string()).optional().openapi({ description: 'CSV only: the columns clustered, in order' }),
      adjustedRandIndex: z.number().optional().openapi({ description: 'Only when trueLabels was sent' }),
      ...extra,
    })
    .openapi(name);
}
