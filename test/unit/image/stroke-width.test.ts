// Stroke width estimate and the widening of thin strokes (a thin pen on a large canvas).
import { describe, expect, it } from 'vitest';
import { defaultPreprocessOptions, preprocessImage, preprocessPixels } from '../../../functions/core/image/preprocess';
import { strokeWidth } from '../../../functions/core/image/stroke-width';
import { greyImage } from './helpers';
import { mnistTestDigit } from './mnist';

/** A crisp vertical bar `w` px wide and `length` px long in a 28x28 field. */
const bar = (w: number, length = 20) => Array.from({ length: 784 }, (_, i) => (i % 28 >= 4 && i % 28 < 4 + w && Math.floor(i / 28) >= 4 && Math.floor(i / 28) < 4 + length ? 1 : 0));

describe('strokeWidth', () => {
  it('is 2 x area / outline: about w*L/(L+w) for a crisp w x L bar', () => {
    for (const w of [1, 2, 3, 5]) {
      // Forward differences: each side counts 1 per pixel, except that the top-left corner step is missed and the
      // bottom-right one is diagonal (sqrt 2): outline = 2L + 2w - 2 + sqrt 2.
      const expected = (2 * w * 20) / (2 * 20 + 2 * w - 2 + Math.SQRT2);
      expect(strokeWidth(bar(w), 28, 28)).toBeCloseTo(expected, 6);
    }
  });

  it('does not depend on the ink level (grey ink of the same shape has the same width)', () => {
    expect(strokeWidth(bar(3).map((v) => v * 0.4), 28, 28)).toBeCloseTo(strokeWidth(bar(3), 28, 28), 6);
  });

  it('matches MNIST: the median test digit is about 2.4 px (every 25th of the 10,000)', () => {
    const widths = Array.from({ length: 400 }, (_, i) => strokeWidth(mnistTestDigit(i * 25), 28, 28)).sort((a, b) => a - b);
    expect(widths[200]).toBeGreaterThan(2.2);
    expect(widths[200]).toBeLessThan(2.6);
  });
});

describe('thin strokes are widened to minStrokeWidth', () => {
  // A 280x280 canvas with a 3-px pen: a "7" made of two straight strokes, 0.3 px wide after fitting to 20 px.
  const seven = greyImage(280, 280, (x, y) => {
    const top = y >= 40 && y < 43 && x >= 60 && x < 220;
    const diagonal = y >= 43 && y < 240 && Math.abs(x - (220 - (y - 43) * 0.6)) < 1.6;
    return top || diagonal ? 0 : 255;
  });

  it('widens a 3-px pen on a 280-px canvas to at least 2 px at 28x28, keeping it centred', () => {
    const thin = preprocessImage(seven, { minStrokeWidth: 0 });
    const widened = preprocessImage(seven);
    expect(strokeWidth(thin, 28, 28)).toBeLessThan(1.3);
    expect(strokeWidth(widened, 28, 28)).toBeGreaterThan(1.95);
    expect(Math.max(...widened)).toBe(1);
    let mass = 0;
    let cx = 0;
    for (let i = 0; i < 784; i++) {
      mass += widened[i];
      cx += widened[i] * (i % 28);
    }
    expect(Math.abs(cx / mass - 14)).toBeLessThanOrEqual(0.5);
  });

  it('leaves MNIST digits whose strokes are already within MNIST\'s range exactly as they were', () => {
    const off = { minStrokeWidth: 0, maxStrokeWidth: 0 };
    let unchanged = 0;
    for (let i = 0; i < 100; i++) {
      const pixels = mnistTestDigit(i);
      const width = strokeWidth(preprocessPixels(pixels, off), 28, 28);
      if (width < 2 || width > defaultPreprocessOptions.maxStrokeWidth) continue;
      expect(Array.from(preprocessPixels(pixels))).toEqual(Array.from(preprocessPixels(pixels, off)));
      unchanged++;
    }
    expect(unchanged).toBeGreaterThan(55); // about 70% of MNIST lies between the two limits (60 of these 100)
  });

  it('stays bounded on a digit made of isolated 1-px dots (the width estimate barely grows as dots widen)', () => {
    // A dotted ring: every 9th pixel on a circle of radius 100 in a 280x280 image.
    const dotted = greyImage(280, 280, (x, y) => (Math.abs(Math.hypot(x - 140, y - 140) - 100) < 0.7 && (x + y) % 9 === 0 ? 0 : 255));
    const started = performance.now();
    const out = preprocessImage(dotted);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out).toHaveLength(784);
    expect(Math.max(...out)).toBe(1);
    expect(strokeWidth(out, 28, 28)).toBeGreaterThan(1);
  });
});
