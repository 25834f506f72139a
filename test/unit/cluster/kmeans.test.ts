// K-Means: hand-computed runs, scikit-learn parity (blobs, housing, digits, edge cases), options, properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../functions/core/errors';
import { kmeans, kmeansDefaults } from '../../../functions/core/cluster/kmeans';
import { kmeansPlusPlus } from '../../../functions/core/cluster/kmeans-plus-plus';
import { lloydSingle } from '../../../functions/core/cluster/lloyd';
import { hamerlySingle } from '../../../functions/core/cluster/hamerly';
import { meanVariance, toPoints } from '../../../functions/core/cluster/points';
import { Random } from '../../../functions/core/random';
import { digitsPoints, fixture, flatPoints, housingPoints, sortedRows } from './fixtures';

const algorithms = ['lloyd', 'hamerly'] as const;

describe('kmeans: hand-computed runs', () => {
  it.each(algorithms)('%s: two pairs converge in 2 iterations to their midpoints', (algorithm) => {
    const r = kmeans([[0, 0], [0, 1], [10, 0], [10, 1]], { init: [[0, 0], [10, 0]], algorithm });
    expect(Array.from(r.centers)).toEqual([0, 0.5, 10, 0.5]);
    expect(Array.from(r.labels)).toEqual([0, 0, 1, 1]);
    expect(r.inertia).toBe(1);
    // Iteration 1 moves the centres, iteration 2 sees the same labels: strict convergence.
    expect(r.nIter).toBe(2);
  });

  it.each(algorithms)('%s: a bad start in 1-D is corrected in 3 iterations', (algorithm) => {
    // Iteration 1: {1} and {2,3,10,11,12} -> centres 1 and 7.6. Iteration 2: {1,2,3}, {10,11,12} -> 2 and 11.
    // Iteration 3: same labels, stop.
    const r = kmeans([[1], [2], [3], [10], [11], [12]], { init: [[1], [2]], algorithm, tol: 0 });
    expect(Array.from(r.centers)).toEqual([2, 11]);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(r.inertia).toBe(4);
    expect(r.nIter).toBe(3);
  });

  it('stops on the tolerance before strict convergence when centres barely move', () => {
    // Same data; a huge tol stops after the first iteration (shift 6.6^2 + 1^2 <= tol x var), then relabels.
    const r = kmeans([[1], [2], [3], [10], [11], [12]], { init: [[1], [2]], tol: 10 });
    expect(r.nIter).toBe(1);
    expect(r.centers[0]).toBe(1);
    expect(r.centers[1]).toBeCloseTo(7.6, 12);
    // Labels agree with the final centres: 2 and 3 are nearer 1 than 7.6.
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('scales tol by the mean per-feature variance, as scikit-learn', () => {
    const pts = [[0, 0], [2, 10], [4, 20], [6, 0]];
    // var x = 5, var y = 68.75 -> mean 36.875
    expect(meanVariance(toPoints(pts))).toBeCloseTo(36.875, 12);
    const r = kmeans(pts, { nClusters: 2, tol: 1e-3, nInit: 1 });
    expect(r.params.absoluteTol).toBeCloseTo(0.036875, 15);
  });
});

describe('kmeans: scikit-learn parity', () => {
  const blobs = fixture('blobs.json');
  const bx = flatPoints(blobs.points, blobs.d);

  it('blobs (2000, 5 centres, std 1.5): best-of-10 inertia within 1.001 of sklearn', () => {
    const r = kmeans(bx, { nClusters: 5, nInit: 10, seed: 0 });
    expect(r.inertia).toBeLessThanOrEqual(blobs.kmeans.inertia * 1.001);
    expect(r.params.nInit).toBe(10);
  });

  it.each(algorithms)('%s: from the same start, the same iterations, centres and labels as sklearn', (algorithm) => {
    const f = blobs.kmeansFixedInit;
    const r = kmeans(bx, { init: f.init, algorithm });
    expect(r.nIter).toBe(f.nIter);
    expect(Array.from(r.labels)).toEqual(f.labels);
    const expected = (f.centers as number[][]).flat();
    Array.from(r.centers).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 9));
    expect(r.inertia).toBeCloseTo(f.inertia, 6);
  });

  it("init 'random' (nInit 10) reaches sklearn's inertia within 1.001", () => {
    const r = kmeans(bx, { nClusters: 5, init: 'random', nInit: 10 });
    expect(r.inertia).toBeLessThanOrEqual(blobs.kmeansRandomInit.inertia * 1.001);
  });

  const housing = fixture('housing.json');
  const hx = housingPoints(housing.columns);
  it.each(housing.byK.map((row: { k: number }) => row.k) as number[])('California housing, k = %i: inertia within 1.001 of sklearn', (k: number) => {
    const row = housing.byK.find((r: { k: number }) => r.k === k);
    const r = kmeans(hx, { nClusters: k, nInit: 10 });
    expect(hx.n).toBe(housing.rows);
    expect(r.inertia).toBeLessThanOrEqual(row.kmeans.inertia * 1.001);
  });

  it('8x8 digits (64 dimensions), k = 10: inertia within 1.001 of sklearn', () => {
    const digits = fixture('digits.json');
    const r = kmeans(digitsPoints(), { nClusters: 10, nInit: 10 });
    expect(r.inertia).toBeLessThanOrEqual(digits.kmeans.inertia * 1.001);
  });
});

describe('kmeans: edge cases from clustering libraries’ bug reports, against sklearn', () => {
  const cases = fixture('edge-cases.json').kmeans;
  const byName = (name: string) => cases[name];

  it.each([
    'duplicatesAboveDistinct',
    'allIdentical',
    'kEqualsN',
    'kIsOne',
    'onePoint',
    'oneDimension',
    'sixtyFourDimensions',
    'emptyClusterRelocated',
    'farCentreRelocated',
  ])('%s', (name) => {
    const c = byName(name);
    for (const algorithm of algorithms) {
      const r = kmeans(c.points, { ...c.params, algorithm });
      const d = c.points[0].length;
      expect(r.inertia).toBeCloseTo(c.sklearn.inertia, 9);
      expect(new Set(r.labels).size).toBe(c.sklearn.distinctLabels);
      expect(r.warnings.some((w) => w.startsWith('Number of distinct clusters'))).toBe(c.sklearn.warnings.length > 0);
      expect(r.centers.every(Number.isFinite)).toBe(true);
      const ours = sortedRows(r.centers, d);
      const theirs = sortedRows((c.sklearn.centers as number[][]).flat(), d);
      ours.forEach((row, i) => row.forEach((v, t) => expect(v).toBeCloseTo(theirs[i][t], 9)));
      if (c.params.init && name !== 'emptyClusterRelocated') {
        // A deterministic start: the same labels and iteration count, not just the same partition.
        // (In emptyClusterRelocated two centres coincide; sklearn 1.2.1 breaks that tie by the rounding of
        // its ||c||^2 - 2 x.c distances, one iteration earlier, with the other centre's index.)
        expect(Array.from(r.labels)).toEqual(c.sklearn.labels);
        expect(r.nIter).toBe(c.sklearn.nIter);
      }
    }
  });

  it('more clusters than points is a 422-kind error, like sklearn’s ValueError', () => {
    const c = byName('moreClustersThanPoints');
    expect(c.sklearn.error).toMatch(/n_samples=2 should be >= n_clusters=3/);
    expect(() => kmeans(c.points, c.params)).toThrow(/2 points cannot form 3 clusters/);
    try {
      kmeans(c.points, c.params);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).kind).toBe('unprocessable');
    }
  });

  it('duplicated points with k above the distinct count: a warning, no hang, no NaN', () => {
    const pts = Array.from({ length: 500 }, (_, i) => [i % 3, (i % 3) * 2]);
    const r = kmeans(pts, { nClusters: 7, nInit: 3 });
    expect(r.inertia).toBeLessThan(1e-20);
    expect(r.centers.every(Number.isFinite)).toBe(true);
    expect(r.warnings[0]).toMatch(/distinct clusters \(3\) found smaller than nClusters \(7\)/);
  });
});

describe('kmeans: options', () => {
  const pts = [[0, 0], [0, 1], [1, 0], [9, 9], [9, 8], [8, 9], [20, 0], [21, 0]];

  it('resolves nInit as sklearn 1.2.1: default 10; auto -> 1 for k-means++, 10 for random', () => {
    expect(kmeans(pts, { nClusters: 3 }).params.nInit).toBe(10);
    expect(kmeansDefaults.nInit).toBe(10);
    expect(kmeans(pts, { nClusters: 3, nInit: 'auto' }).params.nInit).toBe(1);
    expect(kmeans(pts, { nClusters: 3, nInit: 'auto', init: 'random' }).params.nInit).toBe(10);
  });

  it('explicit centres run once; asking for more inits warns', () => {
    const init = [[0, 0], [9, 9], [20, 0]];
    const quiet = kmeans(pts, { init });
    expect(quiet.params.nInit).toBe(1);
    expect(quiet.params.nClusters).toBe(3);
    expect(quiet.warnings).toEqual([]);
    const loud = kmeans(pts, { init, nInit: 5 });
    expect(loud.warnings[0]).toMatch(/only one init instead of nInit=5/);
  });

  it('reports every value used', () => {
    const r = kmeans(pts, { nClusters: 2 });
    expect(r.params).toEqual({
      nClusters: 2,
      init: 'k-means++',
      nInit: 10,
      maxIter: 300,
      tol: 1e-4,
      absoluteTol: meanVariance(toPoints(pts)) * 1e-4,
      seed: 0,
      algorithm: 'hamerly',
    });
  });

  it("accepts sklearn's 'elkan' and serves it with hamerly, saying so", () => {
    const r = kmeans(pts, { nClusters: 3, algorithm: 'elkan' });
    expect(r.params.algorithm).toBe('hamerly');
    expect(r.warnings[0]).toMatch(/'elkan' is served by 'hamerly'/);
  });

  it('is deterministic for a seed', () => {
    const blobs = fixture('blobs.json');
    const x = flatPoints(blobs.points, 2);
    const a = kmeans(x, { nClusters: 5, nInit: 1, seed: 7 });
    const b = kmeans(x, { nClusters: 5, nInit: 1, seed: 7 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
  });

  it.each([
    [{ nClusters: 0 }, /nClusters must be an integer >= 1, got 0/],
    [{ nClusters: 2.5 }, /nClusters must be an integer >= 1, got 2.5/],
    [{ nClusters: 2, maxIter: 0 }, /maxIter must be an integer >= 1/],
    [{ nClusters: 2, tol: -1 }, /tol must be a finite number >= 0/],
    [{ init: [[0, 0, 0], [1, 1, 1]] }, /init centres have 3 coordinates but the points have 2/],
    [{ nClusters: 3, init: [[0, 0], [1, 1]] }, /init has 2 centres but nClusters is 3/],
    [{ nClusters: 2, nInit: 0 }, /nInit must be an integer >= 1/],
  ])('rejects %j', (options, message) => {
    expect(() => kmeans(pts, options as never)).toThrow(message);
  });

  it('refuses work above maxWork with what to lower (422 kind)', () => {
    expect(() => kmeans(pts, { nClusters: 2, maxWork: 1000 })).toThrow(
      /needs about 48000 distance evaluations \(8 points x 2 clusters x nInit 10 x maxIter 300\), above the limit of 1000; lower nInit, maxIter or nClusters/,
    );
  });
});

describe('k-means++', () => {
  it('takes 2 + floor(ln k) trials and never picks a point already at zero distance while others remain', () => {
    const x = toPoints([[0, 0], [0, 0], [5, 5], [10, 0]]);
    for (let seed = 0; seed < 20; seed++) {
      const { indices } = kmeansPlusPlus(x, 3, new Random(seed));
      const rows = Array.from(indices).map((i) => (i === 1 ? 0 : i));
      expect(new Set(rows).size).toBe(3);
    }
  });
});

describe('kmeans: properties', () => {
  const pointSets = fc
    .integer({ min: 1, max: 4 })
    .chain((d) =>
      fc.array(fc.array(fc.integer({ min: -20, max: 20 }).map((v) => v / 2), { minLength: d, maxLength: d }), {
        minLength: 1,
        maxLength: 40,
      }),
    );

  it('labels name the nearest centre, inertia matches them, no NaN, Lloyd = Hamerly', () => {
    fc.assert(
      fc.property(pointSets, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1000 }), (grid, kWanted, seed) => {
        const k = Math.min(kWanted, grid.length);
        // Jitter the grid values so that exact distance ties (where either centre is right) cannot occur.
        const jitter = new Random(seed + 1);
        const x = toPoints(grid.map((row) => row.map((v) => v + jitter.normal(0, 1e-3))));
        const init = kmeansPlusPlus(x, k, new Random(seed)).centers;
        const a = lloydSingle(x, init, k, 300, 0);
        const b = hamerlySingle(x, init, k, 300, 0);
        expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
        expect(b.nIter).toBe(a.nIter);
        expect(Math.abs(a.inertia - b.inertia)).toBeLessThanOrEqual(1e-9 * Math.max(1, a.inertia));
        const { data, d } = x;
        let total = 0;
        for (let i = 0; i < x.n; i++) {
          const dist = (j: number) => {
            let s = 0;
            for (let t = 0; t < d; t++) s += (data[i * d + t] - a.centers[j * d + t]) ** 2;
            return s;
          };
          const own = dist(a.labels[i]);
          for (let j = 0; j < k; j++) expect(own).toBeLessThanOrEqual(dist(j) + 1e-9);
          total += own;
        }
        expect(a.inertia).toBeCloseTo(total, 9);
        expect(a.centers.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
