// Fixed-radius neighbour queries for Mean Shift: a uniform grid (cells one radius wide) in 1-3 dimensions, brute force above.
import type { Points } from './points';

/** Largest number of grid cells we address with exact integer keys (well under 2^53). */
const MAX_CELLS = 2 ** 50;
/** Above this many dimensions a grid visits 3^d cells per query; scanning every point is cheaper. */
const MAX_GRID_DIMENSIONS = 3;

/**
 * Answers "which points lie within `radius` (inclusive) of q?" The test is squared distance <= radius^2,
 * as scikit-learn's KD-tree does. `scanned` counts distance evaluations so callers can enforce a budget.
 */
export class RadiusIndex {
  /** Distance evaluations so far. */
  scanned = 0;
  private readonly r2: number;
  private readonly grid: boolean;
  /** Points reordered cell by cell, and the original index of each. */
  private readonly sorted: Float64Array;
  private readonly original: Int32Array;
  private readonly cells = new Map<number, number>();
  private cellStart = new Int32Array(0);
  private cellEnd = new Int32Array(0);
  private readonly min: Float64Array;
  private readonly size: Float64Array;
  private readonly stride: Float64Array;

  constructor(
    private readonly x: Points,
    private readonly radius: number,
  ) {
    const { data, n, d } = x;
    this.r2 = radius * radius;
    this.min = new Float64Array(d).fill(Infinity);
    this.size = new Float64Array(d);
    this.stride = new Float64Array(d);
    const max = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < d; t++) {
        const v = data[i * d + t];
        if (v < this.min[t]) this.min[t] = v;
        if (v > max[t]) max[t] = v;
      }
    }
    let total = 1;
    for (let t = 0; t < d; t++) {
      this.size[t] = radius > 0 ? Math.floor((max[t] - this.min[t]) / radius) + 1 : Infinity;
      this.stride[t] = total;
      total *= this.size[t];
    }
    this.grid = d <= MAX_GRID_DIMENSIONS && radius > 0 && total <= MAX_CELLS;
    if (!this.grid) {
      this.sorted = data;
      this.original = new Int32Array(n);
      for (let i = 0; i < n; i++) this.original[i] = i;
      return;
    }
    // Counting sort of the points by cell key.
    const keys = new Float64Array(n);
    const cellOf = new Int32Array(n);
    const counts: number[] = [];
    for (let i = 0; i < n; i++) {
      let key = 0;
      for (let t = 0; t < d; t++) key += Math.floor((data[i * d + t] - this.min[t]) / radius) * this.stride[t];
      keys[i] = key;
      let cell = this.cells.get(key);
      if (cell === undefined) {
        cell = counts.length;
        this.cells.set(key, cell);
        counts.push(0);
      }
      cellOf[i] = cell;
      counts[cell]++;
    }
    this.cellStart = new Int32Array(counts.length);
    this.cellEnd = new Int32Array(counts.length);
    let offset = 0;
    for (let c = 0; c < counts.length; c++) {
      this.cellStart[c] = offset;
      this.cellEnd[c] = offset;
      offset += counts[c];
    }
    this.sorted = new Float64Array(n * d);
    this.original = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const pos = this.cellEnd[cellOf[i]]++;
      this.original[pos] = i;
      for (let t = 0; t < d; t++) this.sorted[pos * d + t] = data[i * d + t];
    }
  }

  /** Calls `visit(position)` for each cell range that may hold points within the radius of q. */
  private ranges(q: Float64Array, qOff: number, visit: (start: number, end: number) => void): void {
    const { d } = this.x;
    if (!this.grid) {
      visit(0, this.x.n);
      return;
    }
    const lo = [0, 0, 0];
    const hi = [0, 0, 0];
    for (let t = 0; t < d; t++) {
      // A point within the radius has a cell coordinate within u +- 1; the slack covers rounding.
      const u = (q[qOff + t] - this.min[t]) / this.radius;
      const a = Math.floor(u - 1 - 1e-9);
      const b = Math.floor(u + 1 + 1e-9);
      lo[t] = Math.max(a, 0);
      hi[t] = Math.min(b, this.size[t] - 1);
      if (lo[t] > hi[t]) return;
    }
    for (let c0 = lo[0]; c0 <= hi[0]; c0++) {
      for (let c1 = lo[1]; c1 <= hi[1]; c1++) {
        for (let c2 = lo[2]; c2 <= hi[2]; c2++) {
          const key = c0 * this.stride[0] + (d > 1 ? c1 * this.stride[1] : 0) + (d > 2 ? c2 * this.stride[2] : 0);
          const cell = this.cells.get(key);
          if (cell !== undefined) visit(this.cellStart[cell], this.cellEnd[cell]);
        }
      }
    }
  }

  /** Sum of the coordinates of the points within the radius of q into `sum`; returns how many there are. */
  sumWithin(q: Float64Array, qOff: number, sum: Float64Array): number {
    const { d } = this.x;
    const { sorted, r2 } = this;
    sum.fill(0);
    let count = 0;
    let scanned = 0;
    this.ranges(q, qOff, (start, end) => {
      scanned += end - start;
      for (let p = start; p < end; p++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = sorted[p * d + t] - q[qOff + t];
          s += diff * diff;
        }
        if (s <= r2) {
          count++;
          for (let t = 0; t < d; t++) sum[t] += sorted[p * d + t];
        }
      }
    });
    this.scanned += scanned;
    return count;
  }

  /** Indices (into the original points) within the radius of q, with their squared distances. */
  within(q: Float64Array, qOff: number, out: number[], dist2: number[]): void {
    const { d } = this.x;
    const { sorted, r2, original } = this;
    out.length = 0;
    dist2.length = 0;
    let scanned = 0;
    this.ranges(q, qOff, (start, end) => {
      scanned += end - start;
      for (let p = start; p < end; p++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = sorted[p * d + t] - q[qOff + t];
          s += diff * diff;
        }
        if (s <= r2) {
          out.push(original[p]);
          dist2.push(s);
        }
      }
    });
    this.scanned += scanned;
  }
}
