// Metrics against scikit-learn: adjusted Rand index, silhouette score (exact and sampled), inertia.
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, inertia, silhouetteScore } from '../../../functions/core/cluster/metrics';
import { fixture, flatPoints } from './fixtures';

describe('adjustedRandIndex', () => {
  const cases = fixture('edge-cases.json').metrics.ari as { a: number[]; b: number[]; value: number }[];
  it.each(cases)('ARI($a, $b) = sklearn’s $value', ({ a, b, value }) => {
    expect(adjustedRandIndex(a, b)).toBeCloseTo(value, 14);
  });

  it('equals sklearn’s on the blobs (true labels vs sklearn’s K-Means labels)', () => {
    const blobs = fixture('blobs.json');
    expect(adjustedRandIndex(blobs.trueLabels, blobs.kmeans.labels)).toBeCloseTo(blobs.kmeans.ari, 12);
  });

  it('rejects labellings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/1 predicted labels for 2 true labels/);
  });
});

describe('silhouetteScore', () => {
  const cases = fixture('edge-cases.json').metrics.silhouette as { points: number[][]; labels: number[]; value: number }[];
  it.each(cases.map((c, i) => [i, c] as const))('case %i equals sklearn’s (singletons score 0)', (_, c) => {
    expect(silhouetteScore(c.points, c.labels)).toBeCloseTo(c.value, 12);
  });

  const blobs = fixture('blobs.json');
  const x = flatPoints(blobs.points, 2);
  it('equals sklearn’s on the 2000 blobs with sklearn’s K-Means labels', () => {
    expect(silhouetteScore(x, blobs.kmeans.labels)).toBeCloseTo(blobs.kmeans.silhouette, 12);
  });

  it('scores a seeded sample above sampleSize: reproducible and close to the full score', () => {
    const a = silhouetteScore(x, blobs.kmeans.labels, { sampleSize: 500, seed: 1 }) as number;
    const b = silhouetteScore(x, blobs.kmeans.labels, { sampleSize: 500, seed: 1 }) as number;
    expect(a).toBe(b);
    expect(Math.abs(a - blobs.kmeans.silhouette)).toBeLessThan(0.03);
    expect(silhouetteScore(x, blobs.kmeans.labels, { sampleSize: 500, seed: 2 })).not.toBe(a);
  });

  it('is null where sklearn raises: one cluster, or every point its own', () => {
    expect(silhouetteScore([[0], [1], [2]], [0, 0, 0])).toBeNull();
    expect(silhouetteScore([[0], [1], [2]], [0, 1, 2])).toBeNull();
  });
});

describe('inertia', () => {
  it('sums squared distances to the labelled centres, skipping -1', () => {
    expect(inertia([[0, 0], [2, 0], [10, 10]], [[1, 0]], [0, 0, -1])).toBe(2);
  });
});
