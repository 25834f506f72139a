// Thinning of strokes wider than MNIST's (a marker on a large canvas): the erosion and the pipeline around it.
import { describe, expect, it } from 'vitest';
import { centreOfMass } from '../../../functions/core/image/centre-of-mass';
import { defaultPreprocessOptions, preprocessImage, preprocessPixels } from '../../../functions/core/image/preprocess';
import { strokeWidth } from '../../../functions/core/image/stroke-width';
import { erode } from '../../../functions/core/image/thin-strokes';
import { boxOf, greyImage } from './helpers';
import { mnistTestDigit } from './mnist';

const { minStrokeWidth, maxStrokeWidth } = defaultPreprocessOptions;

/** Columns of row y of a width-wide raster, as numbers rounded to 3 decimals. */
const row = (values: Float32Array, width: number, y: number) => Array.from(values.subarray(y * width, (y + 1) * width), (v) => Math.round(v * 1000) / 1000);

describe('erode (grey min over a disc of fractional radius)', () => {
  // A 6-px bar of full ink in columns 3..8 of a 12 x 12 frame, rows 0..11 (touching the top and bottom edges).
  const bar = Float32Array.from({ length: 144 }, (_, i) => (i % 12 >= 3 && i % 12 < 9 ? 1 : 0));

  it('radius 1 takes one pixel off each side of the bar, and the edge rows (paper beyond the frame)', () => {
    const out = erode(bar, 12, 12, 1);
    expect(row(out, 12, 5)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(row(out, 12, 0)).toEqual(new Array(12).fill(0));
    expect(row(out, 12, 11)).toEqual(new Array(12).fill(0));
  });

  it('radius 1.5 is halfway between radius 1 and radius 2: the new edge columns are at half ink', () => {
    expect(row(erode(bar, 12, 12, 1.5), 12, 5)).toEqual([0, 0, 0, 0, 0.5, 1, 1, 0.5, 0, 0, 0, 0]);
  });

  it('radius 0 leaves the image as it was (a copy)', () => {
    const out = erode(bar, 12, 12, 0);
    expect(Array.from(out)).toEqual(Array.from(bar));
    expect(out).not.toBe(bar);
  });

  it('erodes a diagonal stroke by the disc, not by the square: a 1-px-radius disc is a cross', () => {
    // A single ink pixel survives nothing; a 3x3 block keeps only its centre under a cross (a square would too),
    // but a plus-shaped blob keeps its centre only under the cross, not under a 3x3 square.
    const plus = new Float32Array(25);
    for (const i of [7, 11, 12, 13, 17]) plus[i] = 1;
    const out = erode(plus, 5, 5, 1);
    expect(out[12]).toBe(1);
    expect(Array.from(out).filter((v) => v > 0)).toHaveLength(1);
  });
});

/**
 * A "7" on a 280x280 canvas (black on white) drawn with a round pen of the given diameter: a top bar from
 * (60, 50) to (220, 50) and a diagonal down to (110, 240).
 */
function seven(pen: number) {
  const segments = [
    [60, 50, 220, 50],
    [220, 50, 110, 240],
  ];
  const distance = (x: number, y: number, [x0, y0, x1, y1]: number[]) => {
    const [dx, dy] = [x1 - x0, y1 - y0];
    const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - x0 - t * dx, y - y0 - t * dy);
  };
  return greyImage(280, 280, (x, y) => {
    const d = Math.min(...segments.map((s) => distance(x + 0.5, y + 0.5, s)));
    const ink = Math.min(1, Math.max(0, pen / 2 - d + 0.5)); // anti-aliased edge, 1 px wide
    return Math.round(255 * (1 - ink));
  });
}

describe('strokes wider than MNIST are thinned to about maxStrokeWidth', () => {
  it('a 60-px marker on a 280-px canvas is thinned toward maxStrokeWidth, centred, at full ink', () => {
    const image = seven(60);
    const [before, after] = [preprocessImage(image, { maxStrokeWidth: 0 }), preprocessImage(image)];
    const [wBefore, wAfter] = [strokeWidth(before, 28, 28), strokeWidth(after, 28, 28)];
    expect(wBefore).toBeGreaterThan(4.2);
    // One erosion by the excess, not a search: the estimate of a short, capped stroke falls by less than the
    // erosion (the strokes get shorter too), so it lands between the target and where it was.
    expect(wAfter).toBeLessThan(wBefore - 0.6);
    expect(wAfter).toBeGreaterThan(maxStrokeWidth - 0.15);
    expect(Math.max(...after)).toBe(1);
    const c = centreOfMass(after, 28, 28);
    expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('a crisp thick bar (a "1" drawn with a marker) gets narrower, keeps its length and full ink in its core', () => {
    // 60 x 200 px of black: 6 x 20 after the fit, strokeWidth about 4.4.
    const image = greyImage(280, 280, (x, y) => (x >= 110 && x < 170 && y >= 40 && y < 240 ? 0 : 255));
    const [before, after] = [preprocessImage(image, { maxStrokeWidth: 0 }), preprocessImage(image)];
    expect(strokeWidth(before, 28, 28)).toBeGreaterThan(4.2);
    expect(strokeWidth(after, 28, 28)).toBeLessThan(strokeWidth(before, 28, 28) - 0.4);
    // Across the middle row: 6 px of ink before; after, the excess is gone (eroded by a disc of that diameter).
    const inkAcross = (values: Float32Array) => row(values, 28, 14).reduce((a, b) => a + b, 0);
    const excess = strokeWidth(before, 28, 28) - maxStrokeWidth;
    expect(inkAcross(before)).toBeCloseTo(6, 2);
    expect(Math.abs(inkAcross(after) - (6 - excess))).toBeLessThan(0.05);
    expect(Math.max(...row(after, 28, 14))).toBe(1); // the core keeps full ink
    expect(boxOf(after, 0.5).height).toBeGreaterThanOrEqual(boxOf(before, 0.5).height - 2); // and its length
  });

  it('a pen of MNIST width comes out exactly as with thinning off', () => {
    const image = seven(20); // about 1.8 px at the 20-px box, but 2.5 by strokeWidth (anti-aliasing, the corner)
    const width = strokeWidth(preprocessImage(image, { maxStrokeWidth: 0 }), 28, 28);
    expect(width).toBeGreaterThan(minStrokeWidth);
    expect(width).toBeLessThan(maxStrokeWidth);
    expect(Array.from(preprocessImage(image))).toEqual(Array.from(preprocessImage(image, { maxStrokeWidth: 0 })));
  });

  it('thin strokes are still widened, and thick and thin pens of one "7" end within MNIST\'s range', () => {
    for (const pen of [3, 8, 20, 36, 44]) {
      const width = strokeWidth(preprocessImage(seven(pen)), 28, 28);
      expect(width, `pen ${pen} px`).toBeGreaterThan(minStrokeWidth - 0.05);
      expect(width, `pen ${pen} px`).toBeLessThan(maxStrokeWidth + 0.3);
    }
  });

  it('changes only the MNIST digits wider than maxStrokeWidth (about a tenth), and leaves them within range', () => {
    let changed = 0;
    for (let i = 0; i < 200; i++) {
      const pixels = mnistTestDigit(i * 50);
      const off = preprocessPixels(pixels, { maxStrokeWidth: 0 });
      const on = preprocessPixels(pixels);
      if (strokeWidth(off, 28, 28) <= maxStrokeWidth) {
        expect(Array.from(on)).toEqual(Array.from(off));
        continue;
      }
      changed++;
      expect(strokeWidth(on, 28, 28)).toBeLessThan(strokeWidth(off, 28, 28));
    }
    expect(changed).toBeGreaterThan(5);
    expect(changed).toBeLessThan(40);
  });
});
