// Mini-Batch K-Means: scikit-learn parity on housing (median of runs), defaults, stopping rules, k close to n.
import { describe, expect, it } from 'vitest';
import { miniBatchKMeans } from '../../../functions/core/cluster/minibatch-kmeans';
import { fixture, flatPoints, housingPoints, median } from './fixtures';

describe('miniBatchKMeans: scikit-learn parity', () => {
  const housing = fixture('housing.json');
  const hx = housingPoints(housing.columns);

  it.each(housing.byK.map((row: { k: number }) => row.k) as number[])(
    'California housing, k = %i, batch 1024: median inertia of 21 seeds within 1.02 of sklearn’s median of 41',
    (k: number) => {
      const row = housing.byK.find((r: { k: number }) => r.k === k);
      const runs = Array.from({ length: 21 }, (_, seed) => miniBatchKMeans(hx, { nClusters: k, batchSize: 1024, seed }));
      const ours = median(runs.map((r) => r.inertia));
      expect(ours).toBeLessThanOrEqual(row.miniBatch.medianInertia * 1.02);
      // Each single run stays within the spread sklearn's own runs show.
      const worst = Math.max(...row.miniBatch.inertias);
      for (const r of runs) expect(r.inertia).toBeLessThanOrEqual(worst * 1.05);
      // Early stopping kicks in long before maxIter passes, as in sklearn (n_steps_ there: tens, not 2015).
      expect(median(runs.map((r) => r.nSteps))).toBeLessThan(4 * median(row.miniBatch.nSteps));
    },
  );

  it('k close to n (9 clusters, 10 points): valid labels, no NaN, inertia within sklearn’s range', () => {
    const c = fixture('edge-cases.json').miniBatchKMeans.kCloseToN;
    const inertias: number[] = [];
    for (let seed = 0; seed < 11; seed++) {
      const r = miniBatchKMeans(c.points, { ...c.params, seed });
      expect(r.labels.every((l) => l >= 0 && l < 9)).toBe(true);
      expect(r.centers.every(Number.isFinite)).toBe(true);
      const distinct = new Set(r.labels).size;
      expect(r.warnings.some((w) => w.startsWith(`Number of distinct clusters (${distinct})`))).toBe(distinct < 9);
      inertias.push(r.inertia);
    }
    const sklearn = c.sklearnRuns.map((r: { inertia: number }) => r.inertia);
    expect(median(inertias)).toBeLessThanOrEqual(Math.max(...sklearn));
    expect(Math.min(...inertias)).toBeGreaterThanOrEqual(0);
  });
});

describe('miniBatchKMeans: semantics', () => {
  const blobs = fixture('blobs.json');
  const bx = flatPoints(blobs.points, 2);

  it("resolves sklearn 1.2.1's defaults and reports them", () => {
    const r = miniBatchKMeans(bx, { nClusters: 5 });
    expect(r.params).toEqual({
      nClusters: 5,
      init: 'k-means++',
      maxIter: 100,
      batchSize: 1024,
      tol: 0,
      absoluteTol: 0,
      maxNoImprovement: 10,
      initSize: 2000, // 3 x 1024, capped at n
      nInit: 3,
      reassignmentRatio: 0.01,
      seed: 0,
    });
    expect(r.nIter).toBe(Math.ceil((r.nSteps * 1024) / 2000));
  });

  it('caps batchSize at n and initSize at 3 x batch (at least 3 k, at most n)', () => {
    const small = miniBatchKMeans(flatPoints(Array.from(bx.data.subarray(0, 200)), 2), { nClusters: 4 });
    expect(small.params.batchSize).toBe(100);
    expect(small.params.initSize).toBe(100);
    const r = miniBatchKMeans(bx, { nClusters: 5, batchSize: 100 });
    expect(r.params.initSize).toBe(300);
    const warned = miniBatchKMeans(bx, { nClusters: 5, batchSize: 100, initSize: 3 });
    expect(warned.params.initSize).toBe(15);
    expect(warned.warnings[0]).toMatch(/initSize=3 should be larger than nClusters=5/);
  });

  it('without early stopping runs exactly maxIter * n // batchSize steps', () => {
    const r = miniBatchKMeans(bx, { nClusters: 5, maxIter: 3, batchSize: 256, maxNoImprovement: null });
    expect(r.nSteps).toBe(Math.floor((3 * 2000) / 256));
    expect(r.nIter).toBe(Math.ceil((23 * 256) / 2000));
  });

  it('stops early on a small centre change when tol > 0', () => {
    const off = miniBatchKMeans(bx, { nClusters: 5, maxNoImprovement: null, maxIter: 20 });
    const on = miniBatchKMeans(bx, { nClusters: 5, maxNoImprovement: null, maxIter: 20, tol: 1e-2 });
    expect(on.params.absoluteTol).toBeGreaterThan(0);
    expect(on.nSteps).toBeLessThan(off.nSteps);
  });

  it('finds the blobs: median inertia of 11 seeds within 2% of full K-Means’ (sklearn’s)', () => {
    // Single runs can land in a local optimum (sklearn's MiniBatchKMeans does for 2 of 21 seeds here).
    const runs = Array.from({ length: 11 }, (_, seed) => miniBatchKMeans(bx, { nClusters: 5, seed }).inertia);
    expect(median(runs)).toBeLessThanOrEqual(blobs.kmeans.inertia * 1.02);
  });

  it('moves a centre that gets no points onto the data (reassignment)', () => {
    // One start centre far away: with reassignment it is moved onto the points and ends up used.
    const pts = flatPoints(blobs.points, 2);
    const init = [[1000, 1000], ...Array.from({ length: 4 }, (_, i) => [pts.data[2 * i], pts.data[2 * i + 1]])];
    const r = miniBatchKMeans(pts, { init, batchSize: 200 });
    expect(new Set(r.labels).size).toBe(5);
    expect(Math.abs(r.centers[0])).toBeLessThan(50);
    const stuck = miniBatchKMeans(pts, { init, batchSize: 200, reassignmentRatio: 0 });
    expect(Array.from(stuck.centers.subarray(0, 2))).toEqual([1000, 1000]);
  });

  it('is deterministic for a seed', () => {
    const a = miniBatchKMeans(bx, { nClusters: 5, seed: 3 });
    const b = miniBatchKMeans(bx, { nClusters: 5, seed: 3 });
    expect(Array.from(a.centers)).toEqual(Array.from(b.centers));
  });

  it.each([
    [{ nClusters: 0 }, /nClusters must be an integer >= 1/],
    [{ batchSize: 0 }, /batchSize must be an integer >= 1/],
    [{ reassignmentRatio: -0.1 }, /reassignmentRatio must be a finite number >= 0/],
    [{ maxNoImprovement: -1 }, /maxNoImprovement must be an integer >= 0/],
    [{ nClusters: 3000 }, /2000 points cannot form 3000 clusters/],
    [{ nClusters: 8, maxWork: 1e5 }, /2000 points x 8 clusters x \(maxIter 100 \+ 1\).*lower maxIter or nClusters/],
  ])('rejects %j', (options, message) => {
    expect(() => miniBatchKMeans(bx, options as never)).toThrow(message);
  });
});
