// The `Points` type every clustering module works on: one flat row-major Float64Array plus n and d.
import { InputError } from '../errors';

/** n points of d coordinates, row-major: point i is data[i*d .. i*d+d). */
export interface Points {
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
}

/** What callers may pass: our `Points`, or rows (`number[][]`, typed-array rows...). */
export type PointsInput = Points | ReadonlyArray<ArrayLike<number>>;

function isPoints(input: PointsInput): input is Points {
  return (input as Points).data instanceof Float64Array && typeof (input as Points).d === 'number';
}

/** Wraps a flat row-major array of n x d numbers without copying. */
export function pointsFromFlat(data: Float64Array, d: number): Points {
  if (!Number.isInteger(d) || d < 1) throw new InputError('invalid', 'invalid_points', `d must be a positive integer, got ${d}`);
  if (data.length % d !== 0) {
    throw new InputError('invalid', 'invalid_points', `${data.length} values do not split into points of ${d} coordinates`);
  }
  return { data, n: data.length / d, d };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Validates and copies rows into `Points`: at least one point, every row the same length (>= 1), every
 * coordinate a finite number. Errors name the first offending row and column (`name[3][1]`).
 */
export function toPoints(input: PointsInput, name = 'points'): Points {
  if (isPoints(input)) return input;
  const rows = input as ReadonlyArray<unknown>;
  if (!Array.isArray(rows)) throw new InputError('invalid', 'invalid_points', `${name} must be an array of points`);
  const n = rows.length;
  if (n === 0) throw new InputError('invalid', 'empty_points', `${name} is empty; send at least one point`);
  const first = rows[0];
  if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
    throw new InputError('invalid', 'invalid_points', `${name}[0] must be an array of numbers, got ${describe(first)}`);
  }
  const d = (first as ArrayLike<number>).length;
  if (d === 0) throw new InputError('invalid', 'invalid_points', `${name}[0] is empty; a point needs at least one coordinate`);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as ArrayLike<unknown>;
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new InputError('invalid', 'invalid_points', `${name}[${i}] must be an array of numbers, got ${describe(row)}`);
    }
    if (row.length !== d) {
      throw new InputError(
        'invalid',
        'ragged_points',
        `${name}[${i}] has ${row.length} coordinates but ${name}[0] has ${d}; every point needs the same number`,
      );
    }
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InputError('invalid', 'invalid_points', `${name}[${i}][${j}] must be a finite number, got ${describe(v)}`);
      }
      data[i * d + j] = v;
    }
  }
  return { data, n, d };
}

/** Rows of a flat n x d array, for JSON responses. */
export function toRows(data: ArrayLike<number>, d: number): number[][] {
  const n = Math.floor(data.length / d);
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(d);
    for (let j = 0; j < d; j++) row[j] = data[i * d + j];
    rows[i] = row;
  }
  return rows;
}

/** Mean of each coordinate. */
export function columnMeans(x: Points): Float64Array {
  const { data, n, d } = x;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  return mean;
}

/** Mean over coordinates of the population variance of each coordinate (NumPy's `np.var(X, axis=0).mean()`). */
export function meanVariance(x: Points): number {
  const { data, n, d } = x;
  const mean = columnMeans(x);
  let total = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = data[i * d + j] - mean[j];
      s += t * t;
    }
    total += s / n;
  }
  return total / d;
}

/**
 * Squared Euclidean distance between row i of a and row j of b (both d wide). Small widths are spelled
 * out: a loop of 2 or 3 steps costs more than the arithmetic, and V8 inlines this into hot loops.
 */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  const ai = i * d;
  const bj = j * d;
  switch (d) {
    case 1: {
      const x = a[ai] - b[bj];
      return x * x;
    }
    case 2: {
      const x = a[ai] - b[bj];
      const y = a[ai + 1] - b[bj + 1];
      return x * x + y * y;
    }
    case 3: {
      const x = a[ai] - b[bj];
      const y = a[ai + 1] - b[bj + 1];
      const z = a[ai + 2] - b[bj + 2];
      return x * x + y * y + z * z;
    }
    default: {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = a[ai + t] - b[bj + t];
        s += diff * diff;
      }
      return s;
    }
  }
}
