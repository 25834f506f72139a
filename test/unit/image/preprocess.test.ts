// The MNIST-style pipeline on hand-made images with known boxes and centres, polarity, alpha, blanks, real digits.
import { describe, expect, it } from 'vitest';
import { centreOfMass } from '../../../functions/core/image/centre-of-mass';
import { preprocessImage as preprocess, preprocessImage, preprocessPixels } from '../../../functions/core/image/preprocess';
import { Random } from '../../../functions/core/random';
import { boxOf, greyImage, rgbaImage } from './helpers';
import { mnistTestDigit } from './mnist';

const inRect = (x: number, y: number, x0: number, y0: number, w: number, h: number) => x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => sum(Array.from(a, (v, i) => Math.abs(v - b[i]))) / a.length;

function expectCentred(out: Float32Array) {
  const c = centreOfMass(out, 28, 28);
  expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5);
}

describe('preprocessImage geometry', () => {
  // Solid blocks check the fit and the placement; as strokes they would be thinned (tested in thin-strokes.test.ts).
  const preprocessImage = (image: Parameters<typeof preprocess>[0]) => preprocess(image, { maxStrokeWidth: 0 });

  it('an off-centre 40x10 black rectangle on white becomes a 20x5 block of full ink, centred', () => {
    const out = preprocessImage(greyImage(100, 80, (x, y) => (inRect(x, y, 10, 20, 40, 10) ? 0 : 255)));
    expect(out).toHaveLength(784);
    expect(boxOf(out, 0.5)).toMatchObject({ width: 20, height: 5 });
    expect(boxOf(out, 1e-6)).toMatchObject({ width: 20, height: 5 }); // nothing outside the box
    expect(sum(out)).toBeCloseTo(100, 4); // 20 x 5 pixels of 1
    expectCentred(out);
  });

  it('a tall 6x30 rectangle keeps its aspect ratio: 4x20 after scaling by 2/3', () => {
    const out = preprocessImage(greyImage(60, 50, (x, y) => (inRect(x, y, 41, 3, 6, 30) ? 255 : 0)));
    expect(boxOf(out, 0.5)).toMatchObject({ width: 4, height: 20 });
    expect(sum(out)).toBeCloseTo(80, 3);
    expectCentred(out);
  });

  it('a small 5x10 rectangle is enlarged (bilinear) to 10x20', () => {
    const out = preprocessImage(greyImage(28, 28, (x, y) => (inRect(x, y, 2, 2, 5, 10) ? 255 : 0)));
    expect(boxOf(out, 0.5)).toMatchObject({ width: 10, height: 20 });
    expect(sum(out)).toBeCloseTo(200, 3);
  });

  it('centres the centre of mass, not the box: a sideways T sits off the box centre', () => {
    // Vertical bar on the left, an arm to the right at mid-height: box 40x40 -> 20x20, mass left of the box centre.
    const out = preprocessImage(greyImage(60, 60, (x, y) => (inRect(x, y, 10, 10, 4, 40) || inRect(x, y, 10, 26, 40, 8) ? 0 : 255)));
    expectCentred(out);
    const box = boxOf(out, 0.5);
    expect(box).toMatchObject({ width: 20, height: 20 });
    expect(box.x0 + (box.width - 1) / 2).toBe(16.5); // box centre 2.5 px right of 14: the bar puts the mass left
  });

  it('clamps the shift so a very lopsided digit stays whole in the field (MNIST never needed more)', () => {
    // A heavy 12-px bar with a long thin foot: centring the mass would push the box 1 px past the right edge.
    const out = preprocessImage(greyImage(60, 60, (x, y) => (inRect(x, y, 10, 10, 12, 40) || inRect(x, y, 10, 46, 40, 4) ? 0 : 255)));
    expect(sum(out)).toBeCloseTo((12 * 40 + 28 * 4) / 4, 3); // all the ink, at a quarter of the area
    const box = boxOf(out, 1e-6);
    expect(box).toMatchObject({ x0: 8, width: 20, height: 20 }); // right edge at column 27
    expect(centreOfMass(out, 28, 28).x).toBeLessThan(13.5);
  });

  it('faint marks below the box threshold do not widen the box', () => {
    // A 20x20 square plus faint specks (10% of full ink) in the far corners.
    const speck = (x: number, y: number) => (x < 2 || x > 97) && (y < 2 || y > 97);
    const withSpecks = preprocessImage(greyImage(100, 100, (x, y) => (inRect(x, y, 40, 30, 20, 20) ? 255 : speck(x, y) ? 25 : 0)));
    const clean = preprocessImage(greyImage(100, 100, (x, y) => (inRect(x, y, 40, 30, 20, 20) ? 255 : 0)));
    expect(boxOf(withSpecks, 0.5)).toMatchObject({ width: 20, height: 20 });
    expect(Array.from(withSpecks)).toEqual(Array.from(clean));
  });
});

describe('polarity, alpha and noise', () => {
  const digit = mnistTestDigit(0); // a 7
  const big = (ink: (v: number) => number[]) =>
    rgbaImage(84, 84, (x, y) => ink(digit[Math.floor(y / 3) * 28 + Math.floor(x / 3)]));

  it('black on white gives exactly the same input as white on black', () => {
    const whiteOnBlack = preprocessImage(big((v) => [v, v, v, 255]));
    const blackOnWhite = preprocessImage(big((v) => [255 - v, 255 - v, 255 - v, 255]));
    expect(Array.from(blackOnWhite)).toEqual(Array.from(whiteOnBlack));
  });

  it('a transparent canvas with black strokes (ink in alpha) equals black ink on white paper', () => {
    const canvas = preprocessImage(big((v) => [0, 0, 0, v]));
    const paper = preprocessImage(big((v) => [255 - v, 255 - v, 255 - v, 255]));
    expect(meanAbsDiff(canvas, paper)).toBeLessThan(1e-6);
  });

  it('white strokes on a transparent canvas are composited over black, not lost on white', () => {
    const canvas = preprocessImage(big((v) => [255, 255, 255, v]));
    const paper = preprocessImage(big((v) => [v, v, v, 255]));
    expect(meanAbsDiff(canvas, paper)).toBeLessThan(1e-6);
  });

  it('coloured ink uses luma: pure blue ink on white is dark ink', () => {
    const blue = preprocessImage(big((v) => [255 - v, 255 - v, 255, 255]));
    const black = preprocessImage(big((v) => [255 - v, 255 - v, 255 - v, 255]));
    expect(meanAbsDiff(blue, black)).toBeLessThan(0.02);
  });

  it('light chalk on a noisy grey board is found and stretched to full ink', () => {
    const rng = new Random(5);
    const board = preprocessImage(big((v) => {
      const g = Math.round(Math.min(255, Math.max(0, 70 + (v / 255) * 140 + rng.normal(0, 6))));
      return [g, g, g, 255];
    }));
    const clean = preprocessImage(big((v) => [v, v, v, 255]));
    expect(meanAbsDiff(board, clean)).toBeLessThan(0.03);
    expect(Math.max(...board)).toBe(1);
  });
});

describe('no digit', () => {
  const noDigit = { kind: 'unprocessable', code: 'no_digit_found', message: expect.stringMatching(/^no digit found: /) };

  it.each([
    ['white', () => greyImage(50, 40, () => 255)],
    ['black', () => greyImage(50, 40, () => 0)],
    ['mid grey', () => greyImage(50, 40, () => 128)],
    ['fully transparent', () => rgbaImage(50, 40, () => [0, 0, 0, 0])],
  ])('a blank %s image', (_, make) => {
    expect(() => preprocessImage(make())).toThrow(expect.objectContaining(noDigit));
  });

  it('a few faint pixels on white', () => {
    expect(() => preprocessImage(greyImage(280, 280, (x, y) => (x % 50 === 7 && y % 60 === 3 ? 230 : 255)))).toThrow(expect.objectContaining(noDigit));
  });

  it('a few dark specks (fewer than 10 ink pixels)', () => {
    expect(() => preprocessImage(greyImage(280, 280, (x, y) => (x % 100 === 7 && y % 100 === 3 ? 0 : 255)))).toThrow(expect.objectContaining(noDigit));
  });

  it('pure sensor noise on a grey background', () => {
    const rng = new Random(9);
    expect(() => preprocessImage(greyImage(200, 200, () => Math.round(160 + rng.normal(0, 8))))).toThrow(expect.objectContaining(noDigit));
  });
});

describe('preprocessPixels', () => {
  it('returns real MNIST digits essentially unchanged: box 20 px, centre within 0.5 px already', () => {
    const diffs: number[] = [];
    for (let i = 0; i < 300; i++) {
      const pixels = mnistTestDigit(i);
      const out = preprocessPixels(pixels, { minStrokeWidth: 0, maxStrokeWidth: 0 }); // stroke width: stroke-width/thin-strokes tests
      expectCentred(out);
      diffs.push(meanAbsDiff(out, Array.from(pixels, (v) => v / 255)));
    }
    diffs.sort((a, b) => a - b);
    expect(diffs[150]).toBeLessThan(0.002); // median: the same image up to the ink stretch
    expect(sum(diffs) / diffs.length).toBeLessThan(0.005); // a few digits move by a whole pixel (centre at x.5)
  });

  it('black-on-white pixels are inverted like any image', () => {
    const pixels = mnistTestDigit(1);
    expect(Array.from(preprocessPixels(Array.from(pixels, (v) => 255 - v)))).toEqual(Array.from(preprocessPixels(pixels)));
  });

  it('refuses the wrong count or out-of-range values with invalid_pixels', () => {
    const invalid = { kind: 'invalid', code: 'invalid_pixels' };
    expect(() => preprocessPixels(new Array(783).fill(0))).toThrow(expect.objectContaining(invalid));
    for (const bad of [NaN, -1, 256, Infinity]) {
      const pixels = new Array(784).fill(0);
      pixels[100] = bad;
      expect(() => preprocessPixels(pixels)).toThrow(expect.objectContaining(invalid));
    }
  });

  it('an all-zero array has no digit', () => {
    expect(() => preprocessPixels(new Array(784).fill(0))).toThrow(expect.objectContaining({ code: 'no_digit_found' }));
  });
});
