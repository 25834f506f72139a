// makeBlobs: scikit-learn's make_blobs recipe (sizes, centre box, spread, shuffle), seeded.
import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../../functions/core/cluster/make-blobs';

describe('makeBlobs', () => {
  it('splits nSamples evenly, the first n % centres getting one more, as sklearn', () => {
    const { labels, points } = makeBlobs({ nSamples: 2002, centers: 5, seed: 42 });
    const counts = [0, 0, 0, 0, 0];
    labels.forEach((l) => counts[l]++);
    expect(counts).toEqual([401, 401, 400, 400, 400]);
    expect(points.n).toBe(2002);
    expect(points.d).toBe(2);
  });

  it('draws centres in centerBox and points around them with clusterStd', () => {
    const { labels, points, centers } = makeBlobs({ nSamples: 20000, centers: 4, nFeatures: 3, clusterStd: 1.5, centerBox: [-5, 5], seed: 1 });
    expect(centers.length).toBe(12);
    expect(centers.every((c) => c >= -5 && c < 5)).toBe(true);
    for (let c = 0; c < 4; c++) {
      for (let t = 0; t < 3; t++) {
        let s = 0;
        let s2 = 0;
        let m = 0;
        for (let i = 0; i < points.n; i++) {
          if (labels[i] !== c) continue;
          const v = points.data[i * 3 + t] - centers[c * 3 + t];
          s += v;
          s2 += v * v;
          m++;
        }
        expect(Math.abs(s / m)).toBeLessThan(0.1); // sample mean of 5000 N(0, 1.5): sd 0.02
        expect(Math.sqrt(s2 / m)).toBeCloseTo(1.5, 1);
      }
    }
  });

  it('accepts explicit centres, per-centre std and per-centre counts', () => {
    const r = makeBlobs({ nSamples: [3, 1], centers: [[0, 0], [100, 100]], clusterStd: [0, 0], shuffle: false });
    expect(Array.from(r.points.data)).toEqual([0, 0, 0, 0, 0, 0, 100, 100]);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1]);
  });

  it('shuffles (labels no longer sorted) and is reproducible for a seed', () => {
    const a = makeBlobs({ nSamples: 100, seed: 9 });
    const b = makeBlobs({ nSamples: 100, seed: 9 });
    expect(Array.from(a.points.data)).toEqual(Array.from(b.points.data));
    expect(Array.from(a.labels)).not.toEqual([...a.labels].sort());
    expect(Array.from(makeBlobs({ nSamples: 100, seed: 10 }).points.data)).not.toEqual(Array.from(a.points.data));
  });

  it.each([
    [{ centers: 0 }, /centers must be an integer >= 1/],
    [{ nSamples: 0 }, /nSamples must be an integer >= 1/],
    [{ clusterStd: -1 }, /clusterStd must be a finite number >= 0/],
    [{ centers: 2, clusterStd: [1, 2, 3] }, /clusterStd lists 3 values for 2 centres/],
    [{ centerBox: [5, -5] }, /centerBox must be \[low, high\] with low <= high/],
  ])('rejects %j', (options, message) => {
    expect(() => makeBlobs(options as never)).toThrow(message);
  });
});
