// Mean Shift and estimate_bandwidth: scikit-learn's demo, bug-report cases, bin seeding, bandwidth 0, limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binSeeds, roundHalfEven } from '../../../functions/core/cluster/bin-seeds';
import { estimateBandwidth } from '../../../functions/core/cluster/estimate-bandwidth';
import { meanShift } from '../../../functions/core/cluster/mean-shift';
import { toPoints } from '../../../functions/core/cluster/points';
import { RadiusIndex } from '../../../functions/core/cluster/radius-index';
import { InputError } from '../../../functions/core/errors';
import { Random } from '../../../functions/core/random';
import { fixture, flatPoints } from './fixtures';

describe('meanShift: scikit-learn’s demo (3 blobs, 10,000 points, std 0.6, bin seeding)', () => {
  const demo = fixture('meanshift-demo.json');
  const x = flatPoints(demo.points, demo.d);

  it('with sklearn’s bandwidth: the same clusters, centres within 1e-3 x bandwidth, the same labels', () => {
    const r = meanShift(x, { bandwidth: demo.bandwidth, binSeeding: true });
    expect(r.nClusters).toBe(demo.centers.length);
    const expected = (demo.centers as number[][]).flat();
    Array.from(r.centers).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-3 * demo.bandwidth));
    expect(Array.from(r.labels).join('')).toBe(demo.labels);
    expect(r.nIter).toBe(demo.nIter);
    expect(r.params.bandwidthEstimated).toBe(false);
  });

  it('estimateBandwidth on all 10,000 points equals sklearn’s to 1e-9 relative', () => {
    const bw = estimateBandwidth(x, { quantile: demo.estimateBandwidthAll.quantile });
    expect(Math.abs(bw / demo.estimateBandwidthAll.bandwidth - 1)).toBeLessThan(1e-9);
  });

  it('estimateBandwidth on the 2000 blobs equals sklearn’s to 1e-9 relative', () => {
    const blobs = fixture('blobs.json');
    const bw = estimateBandwidth(flatPoints(blobs.points, 2));
    expect(Math.abs(bw / blobs.estimateBandwidth.bandwidth - 1)).toBeLessThan(1e-9);
  });
});

describe('meanShift: cases from bug reports, against sklearn', () => {
  const cases = fixture('edge-cases.json').meanShift;

  it.each([
    'integersEstimated',
    'integersBandwidth1',
    'integersBandwidthHalf',
    'integersBandwidth2',
    'integersNoBinning',
    'allIdentical',
    'onePoint',
    'orphansNotClustered',
    'orphansClustered',
    'twoDimensionsNoBinning',
  ])('%s', (name) => {
    const c = cases[name];
    const r = meanShift(c.points, c.params);
    expect(r.nClusters).toBe(c.sklearn.centers.length);
    const expected = (c.sklearn.centers as number[][]).flat();
    Array.from(r.centers).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(Array.from(r.labels)).toEqual(c.sklearn.labels);
    expect(r.nIter).toBe(c.sklearn.nIter);
  });

  it('107, 107, 108, 109 with bin seeding and bandwidth 2 needs NumPy’s round-half-to-even bins', () => {
    // 107/2 = 53.5 -> 54 and 109/2 = 54.5 -> 54: one seed at 108, one cluster at 107.75.
    const r = meanShift([[107], [107], [108], [109]], { bandwidth: 2, binSeeding: true });
    expect(r.params.nSeeds).toBe(1);
    expect(Array.from(r.centers)).toEqual([107.75]);
  });

  it('seeds with no point within the bandwidth: a 422-kind error with sklearn’s reason', () => {
    const c = cases.seedsWithoutNeighbours;
    expect(c.sklearn.error).toMatch(/No point was within bandwidth=0.100000 of any seed/);
    try {
      meanShift(c.points, c.params);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).kind).toBe('unprocessable');
      expect((e as InputError).code).toBe('no_seed_neighbours');
      expect((e as Error).message).toBe(
        'No point was within bandwidth=0.1 of any seed. Try a different seeding strategy or increase the bandwidth.',
      );
    }
  });

  it('an estimated bandwidth of 0 makes each distinct point a cluster, with a warning', () => {
    // sklearn fails here ("No point was within bandwidth=0.000000"): the float mean of three copies of 0.1
    // is 0.10000000000000002, which then has no neighbour at radius 0. We keep the exact value.
    const r = meanShift([[0.1], [0.1], [0.1], [0.1]]);
    expect(r.params.bandwidth).toBe(0);
    expect(Array.from(r.centers)).toEqual([0.1]);
    expect(r.nIter).toBe(300);
    expect(r.warnings[0]).toMatch(/estimated bandwidth is 0/);
    const two = meanShift([[1, 1], [1, 1], [1, 1], [1, 1], [2, 2], [2, 2], [2, 2], [2, 2]]);
    expect(Array.from(two.centers)).toEqual([2, 2, 1, 1]);
    expect(Array.from(two.labels)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('rejects an explicit bandwidth of 0 as sklearn’s parameter check does', () => {
    expect(() => meanShift([[1], [2]], { bandwidth: 0 })).toThrow(/bandwidth must be a finite number > 0, got 0/);
  });

  it('no bin with minBinFreq points: a 422-kind error saying what to lower (sklearn crashes on max([]))', () => {
    expect(() => meanShift([[0], [10], [20]], { bandwidth: 1, binSeeding: true, minBinFreq: 2 })).toThrow(
      /no bin of width bandwidth=1 holds minBinFreq=2 points.*lower minBinFreq or raise the bandwidth/,
    );
  });

  it('falls back to the points as seeds when every point has its own bin, and says so', () => {
    const r = meanShift([[0], [10], [20]], { bandwidth: 1, binSeeding: true });
    expect(r.warnings[0]).toMatch(/Binning data failed with provided bin_size=1, using data points as seeds/);
    expect(r.nClusters).toBe(3);
  });
});

describe('meanShift: limits', () => {
  const blobs = fixture('blobs.json');
  const x = flatPoints(blobs.points, 2);

  it('refuses the bandwidth estimate when nSamples^2 is above maxWork', () => {
    expect(() => meanShift(x, { maxWork: 1e6 })).toThrow(/estimating the bandwidth on 2000 points needs 2000 x 2000.*lower nSamples, or pass a bandwidth/);
  });

  it('refuses seeds x points above maxWork, suggesting bin seeding', () => {
    expect(() => meanShift(x, { bandwidth: 1, maxWork: 1e6 })).toThrow(/2000 seeds x 2000 points.*turn on binSeeding/);
  });

  it('stops a run that exceeds maxWork while iterating (no hang) with a 422-kind error', () => {
    // Bin seeding passes the estimate (few seeds) but a tiny budget is spent while climbing.
    expect(() => meanShift(x, { bandwidth: 5, binSeeding: true, maxWork: 50000 })).toThrow(/mean shift stopped after \d+ distance evaluations/);
  });
});

describe('bin seeds and the radius index', () => {
  it('rounds halves to even, as NumPy', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -3.5].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, -2, 2, 3, -4]);
  });

  it('keeps bins with at least minBinFreq points, in first-seen order', () => {
    const { seeds } = binSeeds(toPoints([[0.1], [0.2], [1.1], [3], [3.2]]), 1, 2);
    expect(Array.from(seeds.data)).toEqual([0, 3]);
  });

  it('answers radius queries like a brute-force scan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 300 }), fc.double({ min: 0.05, max: 5, noNaN: true }), fc.integer(), (d, n, radius, seed) => {
        const rng = new Random(seed >>> 0);
        const x = toPoints(Array.from({ length: n }, () => Array.from({ length: d }, () => Math.round(rng.normal(0, 3) * 4) / 4)));
        const index = new RadiusIndex(x, radius);
        const q = Float64Array.from({ length: d }, () => rng.normal(0, 3));
        const sum = new Float64Array(d);
        const count = index.sumWithin(q, 0, sum);
        let bruteCount = 0;
        const bruteSum = new Float64Array(d);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let t = 0; t < d; t++) s += (x.data[i * d + t] - q[t]) ** 2;
          if (s <= radius * radius) {
            bruteCount++;
            for (let t = 0; t < d; t++) bruteSum[t] += x.data[i * d + t];
          }
        }
        expect(count).toBe(bruteCount);
        for (let t = 0; t < d; t++) expect(sum[t]).toBeCloseTo(bruteSum[t], 9);
      }),
      { numRuns: 300 },
    );
  });

  it('estimateBandwidth equals the sorted-distances definition', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (n, quantile, seed) => {
        const rng = new Random(seed >>> 0);
        const pts = Array.from({ length: n }, () => [Math.round(rng.normal(0, 2) * 2) / 2, rng.normal(0, 1)]);
        const k = Math.max(1, Math.floor(n * quantile));
        let total = 0;
        for (const p of pts) {
          const dists = pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])).sort((a, b) => a - b);
          total += dists[k - 1];
        }
        expect(estimateBandwidth(pts, { quantile })).toBeCloseTo(total / n, 12);
      }),
      { numRuns: 200 },
    );
  });
});
