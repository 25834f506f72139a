// scikit-learn's `get_bin_seeds`: one Mean Shift seed per grid bin (bandwidth wide) holding at least minBinFreq points.
import type { Points } from './points';

/** NumPy's `np.round`: halves go to the even neighbour (2.5 -> 2, 3.5 -> 4, -2.5 -> -2). */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export interface BinSeeds {
  seeds: Points;
  /** True when every point fell in its own bin, so the points themselves are the seeds (sklearn warns). */
  fellBackToPoints: boolean;
}

/**
 * Bins each point at round(point / binSize) (NumPy's rounding), keeps the bins with at least `minBinFreq`
 * points, and returns their centres (bin x binSize, the bin computed in float32 as scikit-learn does).
 * A binSize of 0 returns the points. If there are as many bins as points, binning did not help and the
 * points are returned too.
 */
export function binSeeds(x: Points, binSize: number, minBinFreq: number): BinSeeds {
  const { data, n, d } = x;
  if (binSize === 0) return { seeds: x, fellBackToPoints: false };
  const bins = new Map<string, { coords: Float64Array; count: number }>();
  const coords = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let key = '';
    for (let t = 0; t < d; t++) {
      coords[t] = roundHalfEven(data[i * d + t] / binSize);
      key += `${coords[t]},`;
    }
    const bin = bins.get(key);
    if (bin) bin.count++;
    else bins.set(key, { coords: Float64Array.from(coords), count: 1 });
  }
  const kept = [...bins.values()].filter((b) => b.count >= minBinFreq);
  if (kept.length === n) return { seeds: x, fellBackToPoints: true };
  const seeds = new Float64Array(kept.length * d);
  kept.forEach((b, s) => {
    for (let t = 0; t < d; t++) seeds[s * d + t] = Math.fround(b.coords[t]) * binSize;
  });
  return { seeds: { data: seeds, n: kept.length, d }, fellBackToPoints: false };
}
