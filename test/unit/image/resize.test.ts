// Resampling weights and values, computed by hand.
import { describe, expect, it } from 'vitest';
import { resample, taps } from '../../../functions/core/image/resize';

describe('taps', () => {
  it('area averaging when shrinking 6 -> 4: each output covers 1.5 source pixels', () => {
    const t = taps(6, 4);
    expect(t.index.map((i) => Array.from(i))).toEqual([[0, 1], [1, 2], [3, 4], [4, 5]]);
    expect(t.weight.map((w) => Array.from(w, (v) => +v.toFixed(6)))).toEqual([
      [0.666667, 0.333333], [0.333333, 0.666667], [0.666667, 0.333333], [0.333333, 0.666667],
    ]);
  });

  it('bilinear between pixel centres when enlarging 2 -> 4, clamped at the edges', () => {
    const t = taps(2, 4);
    // Output centres map to source x = -0.25, 0.25, 0.75, 1.25 -> clamped 0, 0.25, 0.75, 1.
    expect(t.index.map((i) => Array.from(i))).toEqual([[0, 1], [0, 1], [0, 1], [1, 1]]);
    expect(t.weight.map((w) => Array.from(w))).toEqual([[1, 0], [0.75, 0.25], [0.25, 0.75], [1, 0]]);
  });

  it('identity at equal sizes', () => {
    const t = taps(5, 5);
    expect(t.index.map((i) => i[0])).toEqual([0, 1, 2, 3, 4]);
    expect(t.weight.every((w) => w[0] === 1)).toBe(true);
  });
});

describe('resample', () => {
  it('shrinks a step edge by area: [0 0 1 1 1 1] -> [0, 2/3, 1, 1]', () => {
    const row = [0, 0, 1, 1, 1, 1];
    const out = resample((x) => row[x], 6, 1, 4, 1);
    expect(Array.from(out, (v) => +v.toFixed(6))).toEqual([0, 0.666667, 1, 1]);
  });

  it('shrinks 4x4 -> 2x2 to the mean of each 2x2 block', () => {
    const img = [1, 3, 0, 0, 5, 7, 0, 0, 0, 0, 2, 2, 0, 0, 2, 6];
    expect(Array.from(resample((x, y) => img[y * 4 + x], 4, 4, 2, 2))).toEqual([4, 0, 0, 3]);
  });

  it('keeps the total ink when shrinking by a non-integer factor (area is conserved)', () => {
    const img = Array.from({ length: 7 * 5 }, (_, i) => (i * 37) % 11);
    const out = resample((x, y) => img[y * 7 + x], 7, 5, 3, 2);
    const scale = (7 * 5) / (3 * 2);
    expect(out.reduce((a, b) => a + b, 0) * scale).toBeCloseTo(img.reduce((a, b) => a + b, 0), 4);
  });
});
