// The fields every clustering answer has (clusterResponse in params.ts): the fit, what was read, the optional ARI.
import { adjustedRandIndex } from '../../core/cluster/metrics';
import { toRows } from '../../core/cluster/points';
import type { RequestPoints } from './input';

/** What K-Means, Mini-Batch K-Means and Mean Shift all return. */
interface Fit<P> {
  labels: Int32Array;
  /** nClusters x d, row-major. */
  centers: Float64Array;
  d: number;
  inertia: number;
  nIter: number;
  nClusters: number;
  params: P;
  warnings: string[];
}

/** The answer's shared fields; `trueLabels` (already checked) adds the adjusted Rand index. */
export function clusterAnswer<P>(fit: Fit<P>, input: RequestPoints<unknown>, trueLabels: number[] | undefined) {
  return {
    labels: Array.from(fit.labels),
    centers: toRows(fit.centers, fit.d),
    inertia: fit.inertia,
    nIter: fit.nIter,
    nClusters: fit.nClusters,
    params: fit.params,
    warnings: fit.warnings,
    droppedRows: input.droppedRows,
    ...(input.columns ? { columns: input.columns } : {}),
    ...(trueLabels ? { adjustedRandIndex: adjustedRandIndex(trueLabels, fit.labels) } : {}),
  };
}
