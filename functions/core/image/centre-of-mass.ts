// Centre of mass of an ink image, and placement of the digit so that it sits at the field's centre.
import { CENTRE, IMAGE_SIZE } from '../digit-contract';

/**
 * Intensity-weighted mean of the pixel indices (pixel (x, y) sits at coordinate (x, y), not x + 0.5): the
 * convention MNIST used; its test digits' centres measured this way average (14.01, 13.99), all within 0.5 of 14.
 */
export function centreOfMass(values: ArrayLike<number>, width: number, height: number): { x: number; y: number; mass: number } {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x];
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass, mass } : { x: (width - 1) / 2, y: (height - 1) / 2, mass: 0 };
}

/**
 * Copies a digit (at most 28 x 28) into the 28 x 28 field shifted by whole pixels so its centre of mass lands
 * within half a pixel of (14, 14), as MNIST did (no second resampling, so no extra blur). The shift is clamped
 * so the whole digit stays in the field; only very lopsided shapes can end up off-centre.
 */
export function placeAtCentre(values: Float32Array, width: number, height: number): Float32Array {
  const c = centreOfMass(values, width, height);
  const ox = Math.min(IMAGE_SIZE - width, Math.max(0, Math.round(CENTRE - c.x)));
  const oy = Math.min(IMAGE_SIZE - height, Math.max(0, Math.round(CENTRE - c.y)));
  const out = new Float32Array(IMAGE_SIZE * IMAGE_SIZE);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[(y + oy) * IMAGE_SIZE + x + ox] = values[y * width + x];
  }
  return out;
}
