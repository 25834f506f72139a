// Synthetic non-digits for outlier exposure: seeded, every kind draws ink in [0, 1], and they do not look like MNIST.
import { describe, expect, it } from 'vitest';
import { IMAGE_PIXELS } from '../../functions/core/digit-contract';
import { centreOfMass } from '../../functions/core/image/centre-of-mass';
import { makeOutlier, OUTLIER_KINDS } from '../../functions/core/outliers';
import { Random } from '../../functions/core/random';

const ink = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

describe('makeOutlier', () => {
  it('is a pure function of the seed', () => {
    for (const kind of [undefined, ...OUTLIER_KINDS]) {
      expect(Array.from(makeOutlier(new Random(4), kind))).toEqual(Array.from(makeOutlier(new Random(4), kind)));
    }
    expect(Array.from(makeOutlier(new Random(4)))).not.toEqual(Array.from(makeOutlier(new Random(5))));
  });

  it.each(OUTLIER_KINDS)('%s: 784 values in [0, 1], some ink, never the whole field', (kind) => {
    const random = new Random(11);
    for (let i = 0; i < 50; i++) {
      const img = makeOutlier(random, kind);
      expect(img.length).toBe(IMAGE_PIXELS);
      expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...img)).toBeLessThanOrEqual(1);
      expect(ink(img)).toBeGreaterThan(5);
      expect(ink(img)).toBeLessThan(IMAGE_PIXELS);
    }
  });

  it('draws letters as strokes near the centre, like a digit would be placed', () => {
    const random = new Random(2);
    for (let i = 0; i < 50; i++) {
      const img = makeOutlier(random, 'letter');
      const c = centreOfMass(img, 28, 28);
      expect(Math.hypot(c.x - 13.5, c.y - 13.5)).toBeLessThan(6);
      // Pen strokes, not filled areas: between 6% and 45% of the field inked.
      const covered = img.filter((v) => v > 0.5).length / IMAGE_PIXELS;
      expect(covered).toBeGreaterThan(0.06);
      expect(covered).toBeLessThan(0.45);
    }
  });

  it('mixes the kinds when none is asked for, letters most often', () => {
    const random = new Random(8);
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) seen.add(Math.round(ink(makeOutlier(random))));
    expect(seen.size).toBeGreaterThan(40);
    expect(() => makeOutlier(new Random(0), 'letter', new Float32Array(3))).toThrow(/writes 784 pixels, out has 3/);
  });
});
