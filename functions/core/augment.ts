// Seeded random distortions of a 28x28 digit for training: stroke thickness, affine warp, elastic distortion.
import { CENTRE, IMAGE_PIXELS, IMAGE_SIZE } from './digit-contract';
import type { Random } from './random';

export interface AugmentOptions {
  /** Largest shift along each axis, pixels (uniform in +-maxShift). Default 2. */
  maxShift?: number;
  /** Largest rotation, degrees (uniform in +-maxRotation). Default 12. */
  maxRotation?: number;
  /** Smallest and largest scale factor (uniform in between, same for both axes). Default 0.9 and 1.1. */
  minScale?: number;
  maxScale?: number;
  /** Largest horizontal shear, as the tangent of the slant (uniform in +-maxShear). Default 0.15 (about 8.5 degrees). */
  maxShear?: number;
  /** Share of images whose strokes are thickened or thinned (half each). Default 0.3. */
  strokeProbability?: number;
  /** Share of images given an elastic distortion (Simard et al. 2003). Default 0.3. */
  elasticProbability?: number;
  /** Elastic strength: the smoothed displacement field is multiplied by this, pixels. Default 30. */
  elasticAlpha?: number;
  /** Elastic smoothness: standard deviation of the Gaussian that smooths the random field, pixels. Default 4. */
  elasticSigma?: number;
}

export const defaultAugmentOptions: Required<AugmentOptions> = {
  maxShift: 2,
  maxRotation: 12,
  minScale: 0.9,
  maxScale: 1.1,
  maxShear: 0.15,
  strokeProbability: 0.3,
  elasticProbability: 0.3,
  elasticAlpha: 30,
  elasticSigma: 4,
};

const N = IMAGE_SIZE;

/**
 * Blends the image with its grey-level dilation (max) or erosion (min) over the 4-neighbourhood plus centre.
 * The cross rather than a 3x3 square, and a partial blend, because MNIST strokes are only 2-3 pixels wide:
 * a full erosion would erase them.
 */
function morph(src: Float32Array, dilate: boolean, strength: number): Float32Array {
  const out = new Float32Array(IMAGE_PIXELS);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const i = y * N + x;
      let m = src[i];
      // Outside the field counts as background (0): erosion thins strokes touching the border too.
      const up = y > 0 ? src[i - N] : 0;
      const down = y < N - 1 ? src[i + N] : 0;
      const left = x > 0 ? src[i - 1] : 0;
      const right = x < N - 1 ? src[i + 1] : 0;
      m = dilate ? Math.max(m, up, down, left, right) : Math.min(m, up, down, left, right);
      out[i] = src[i] + strength * (m - src[i]);
    }
  }
  return out;
}

/** One row of a normalised Gaussian kernel with radius ceil(3 sigma). */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Separable Gaussian blur of an N x N field, zero outside (as Simard et al.'s convolution of a random field). */
function blur(field: Float64Array, kernel: Float64Array): Float64Array {
  const r = (kernel.length - 1) / 2;
  const tmp = new Float64Array(IMAGE_PIXELS);
  const out = new Float64Array(IMAGE_PIXELS);
  // Tap ranges clipped to the field once per position, so the inner loops carry no bounds checks.
  for (let x = 0; x < N; x++) {
    const k0 = Math.max(-r, -x);
    const k1 = Math.min(r, N - 1 - x);
    for (let y = 0; y < N; y++) {
      const row = y * N + x;
      let s = 0;
      for (let k = k0; k <= k1; k++) s += kernel[k + r] * field[row + k];
      tmp[row] = s;
    }
  }
  for (let y = 0; y < N; y++) {
    const k0 = Math.max(-r, -y);
    const k1 = Math.min(r, N - 1 - y);
    for (let x = 0; x < N; x++) {
      const i = y * N + x;
      let s = 0;
      for (let k = k0; k <= k1; k++) s += kernel[k + r] * tmp[i + k * N];
      out[i] = s;
    }
  }
  return out;
}

/** A smoothed displacement field, one value per pixel, uniform(-1, 1) noise blurred then scaled by alpha. */
function elasticField(random: Random, kernel: Float64Array, alpha: number): Float64Array {
  const noise = new Float64Array(IMAGE_PIXELS);
  for (let i = 0; i < IMAGE_PIXELS; i++) noise[i] = random.uniform(-1, 1);
  const field = blur(noise, kernel);
  for (let i = 0; i < IMAGE_PIXELS; i++) field[i] *= alpha;
  return field;
}

/** Bilinear sample of `src` at (x, y), 0 outside the field. */
function sample(src: Float32Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * N + x0;
  if (x0 >= 0 && y0 >= 0 && x0 < N - 1 && y0 < N - 1) {
    // All four neighbours inside: the common case, no bounds checks.
    return (1 - fy) * ((1 - fx) * src[i] + fx * src[i + 1]) + fy * ((1 - fx) * src[i + N] + fx * src[i + N + 1]);
  }
  const inX0 = x0 >= 0 && x0 < N;
  const inX1 = x0 + 1 >= 0 && x0 + 1 < N;
  const inY0 = y0 >= 0 && y0 < N;
  const inY1 = y0 + 1 >= 0 && y0 + 1 < N;
  const a = inX0 && inY0 ? src[i] : 0;
  const b = inX1 && inY0 ? src[i + 1] : 0;
  const c = inX0 && inY1 ? src[i + N] : 0;
  const d = inX1 && inY1 ? src[i + N + 1] : 0;
  return (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d);
}

/** The rows and columns holding ink (non-zero pixels), or undefined for a blank image. */
function inkBox(src: Float32Array): { left: number; right: number; top: number; bottom: number } | undefined {
  let left = N;
  let right = -1;
  let top = N;
  let bottom = -1;
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      if (src[y * N + x] !== 0) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        bottom = y;
      }
    }
  }
  return right < 0 ? undefined : { left, right, top, bottom };
}

const kernels = new Map<number, Float64Array>();

/**
 * Returns a distorted copy of one 28x28 image (row-major, any value scale; the output has the same scale) in
 * `out` (allocated if not given). The same `random` state gives the same result on every runtime; training seeds
 * one Random per image (from seed, epoch and image index), so results do not depend on batch order or threads.
 *
 * Order: stroke thickness first (a property of the pen), then one inverse-mapped bilinear warp that combines the
 * affine transform about the field's centre with the elastic displacement (one resampling, so one blur).
 */
export function augmentImage(
  src: ArrayLike<number>,
  random: Random,
  options: AugmentOptions = {},
  out: Float32Array = new Float32Array(IMAGE_PIXELS),
): Float32Array {
  const o = { ...defaultAugmentOptions, ...options } satisfies Required<AugmentOptions>;
  if (src.length !== IMAGE_PIXELS) throw new RangeError(`augmentImage expects ${IMAGE_PIXELS} pixels, got ${src.length}`);
  if (out.length !== IMAGE_PIXELS) throw new RangeError(`augmentImage writes ${IMAGE_PIXELS} pixels, out has ${out.length}`);
  if (!(o.minScale > 0 && o.minScale <= o.maxScale)) {
    throw new RangeError(`augmentImage needs 0 < minScale <= maxScale, got ${o.minScale} and ${o.maxScale}`);
  }

  const strokeRoll = random.random();
  const dilate = random.random() < 0.5;
  const strokeStrength = dilate ? random.uniform(0.3, 1) : random.uniform(0.15, 0.5);
  const angle = (random.uniform(-o.maxRotation, o.maxRotation) * Math.PI) / 180;
  const scale = random.uniform(o.minScale, o.maxScale);
  const shear = random.uniform(-o.maxShear, o.maxShear);
  const tx = random.uniform(-o.maxShift, o.maxShift);
  const ty = random.uniform(-o.maxShift, o.maxShift);
  const elasticRoll = random.random();

  let image: Float32Array = Float32Array.from(src);
  if (strokeRoll < o.strokeProbability) image = morph(image, dilate, strokeStrength);

  let fieldX: Float64Array | undefined;
  let fieldY: Float64Array | undefined;
  if (elasticRoll < o.elasticProbability && o.elasticAlpha > 0) {
    let kernel = kernels.get(o.elasticSigma);
    if (!kernel) kernels.set(o.elasticSigma, (kernel = gaussianKernel(o.elasticSigma)));
    fieldX = elasticField(random, kernel, o.elasticAlpha);
    fieldY = elasticField(random, kernel, o.elasticAlpha);
  }

  // Forward map: p' = c + t + R * Shear * S * (p - c). Inverse, for sampling: p = c + (R Shear S)^-1 (p' - c - t).
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // M = R * [[1, shear], [0, 1]] * scale.
  const m00 = cos * scale;
  const m01 = (cos * shear - sin) * scale;
  const m10 = sin * scale;
  const m11 = (sin * shear + cos) * scale;
  const det = m00 * m11 - m01 * m10;
  const i00 = m11 / det;
  const i01 = -m01 / det;
  const i10 = -m10 / det;
  const i11 = m00 / det;
  const c = CENTRE - 0.5; // pixel (x, y) has its centre at coordinate (x, y): the field's centre is 13.5
  // Source points more than a pixel outside the ink's box sample only zeros: skip them (most of the field).
  const box = inkBox(image);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const i = y * N + x;
      const dx = x - c - tx + (fieldX ? fieldX[i] : 0);
      const dy = y - c - ty + (fieldY ? fieldY[i] : 0);
      const sx = c + i00 * dx + i01 * dy;
      const sy = c + i10 * dx + i11 * dy;
      out[i] = box && sx > box.left - 1 && sx < box.right + 1 && sy > box.top - 1 && sy < box.bottom + 1
        ? sample(image, sx, sy)
        : 0;
    }
  }
  return out;
}
