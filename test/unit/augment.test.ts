// Training augmentation: seeded (same seed, same image), an identity when switched off, and the digit survives it.
import { describe, expect, it } from 'vitest';
import { augmentImage, defaultAugmentOptions, type AugmentOptions } from '../../functions/core/augment';
import { IMAGE_PIXELS } from '../../functions/core/digit-contract';
import { centreOfMass } from '../../functions/core/image/centre-of-mass';
import { Random } from '../../functions/core/random';
import { loadSplit } from '../../scripts/train/data';

const test = loadSplit('test');
const digit = (i: number) => test.images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

const OFF: AugmentOptions = {
  maxShift: 0, maxRotation: 0, minScale: 1, maxScale: 1, maxShear: 0, strokeProbability: 0, elasticProbability: 0,
};

describe('augmentImage', () => {
  it('is a pure function of the seed: same seed same pixels, another seed others', () => {
    const a = augmentImage(digit(0), new Random(5));
    const b = augmentImage(digit(0), new Random(5));
    const c = augmentImage(digit(0), new Random(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    // The input is not touched.
    expect(sum(digit(0))).toBeCloseTo(sum(test.images.subarray(0, IMAGE_PIXELS)), 10);
  });

  it('returns the image unchanged, exactly, when every distortion is off', () => {
    for (const i of [0, 1, 2]) expect(Array.from(augmentImage(digit(i), new Random(i), OFF))).toEqual(Array.from(digit(i)));
  });

  it('moves a single pixel by a pure rotation as the maths says (about the centre 13.5, 13.5)', () => {
    const image = new Float32Array(IMAGE_PIXELS);
    image[13 * 28 + 23] = 1; // (x 23, y 13): 9.5 px right of the centre, 0.5 above it
    // A rotation of +90 degrees: maxRotation 90 and the angle's draw pinned to the top of its range.
    class Fixed extends Random {
      private k = 0;
      override random(): number {
        // strokeRoll, dilate, strength, angle, scale, shear, tx, ty, elasticRoll
        return [0.99, 0, 0, 1 - 1e-12, 0.5, 0.5, 0.5, 0.5, 0.99][this.k++];
      }
    }
    const out = augmentImage(image, new Fixed(), { ...OFF, maxRotation: 90, strokeProbability: 0.5 });
    // +90 degrees in image coordinates (y down) maps (dx, dy) = (9.5, -0.5) to (0.5, 9.5): pixel (14, 23).
    const at = out.indexOf(Math.max(...out));
    expect([at % 28, Math.floor(at / 28)]).toEqual([14, 23]);
    expect(out[at]).toBeGreaterThan(0.99);
  });

  it('keeps the digit: ink mass and centre of mass move only a little, over 300 real digits', () => {
    const ratios: number[] = [];
    const moves: number[] = [];
    for (let i = 0; i < 300; i++) {
      const src = digit(i);
      const out = augmentImage(src, new Random(1000 + i));
      const before = centreOfMass(src, 28, 28);
      const after = centreOfMass(out, 28, 28);
      ratios.push(after.mass / before.mass);
      moves.push(Math.hypot(after.x - before.x, after.y - before.y));
      expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out)).toBeLessThanOrEqual(1 + 1e-6);
    }
    const share = (xs: number[], ok: (x: number) => boolean) => xs.filter(ok).length / xs.length;
    // Thickening a 1-px stroke can double or triple its ink, thinning and shrinking can halve it: bounded, and rare.
    expect(share(ratios, (r) => r > 0.5 && r < 2.5)).toBe(1);
    expect(share(ratios, (r) => r > 0.6 && r < 1.9)).toBeGreaterThanOrEqual(0.95);
    // Shifts are at most 2 px per axis; elastic and rotation about the field's centre add a little.
    expect(share(moves, (d) => d < 5.5)).toBe(1);
    expect(share(moves, (d) => d < 3)).toBeGreaterThanOrEqual(0.95);
    // On average the mass barely moves: scale is symmetric around 1, thickening and thinning are balanced.
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.95);
    expect(mean).toBeLessThan(1.15);
    // And the images do change: not an identity by accident.
    expect(share(ratios, (r) => Math.abs(r - 1) > 0.05)).toBeGreaterThan(0.2);
  });

  it('thickens or thins strokes when asked: mass goes up with dilation and down with erosion', () => {
    const changes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const ratio = sum(augmentImage(digit(3), new Random(seed), { ...OFF, strokeProbability: 1 })) / sum(digit(3));
      expect(Math.abs(ratio - 1)).toBeGreaterThan(0.05);
      changes.add(ratio > 1 ? 'thicker' : 'thinner');
    }
    expect([...changes].sort()).toEqual(['thicker', 'thinner']);
  });

  it('refuses images of the wrong size and impossible scale ranges', () => {
    expect(() => augmentImage(new Float32Array(10), new Random(0))).toThrow(/expects 784 pixels, got 10/);
    expect(() => augmentImage(digit(0), new Random(0), { minScale: 1.2, maxScale: 1.1 })).toThrow(/0 < minScale <= maxScale/);
  });

  it('documents its defaults', () => {
    expect(defaultAugmentOptions).toMatchObject({ maxShift: 2, maxRotation: 12, minScale: 0.9, maxScale: 1.1 });
  });
});
