// Seeded 28x28 images that are not digits (letters, blobs, noise, grids, blocks), for teaching the model to be unsure.
import { IMAGE_PIXELS, IMAGE_SIZE } from './digit-contract';
import type { Random } from './random';

const N = IMAGE_SIZE;

/**
 * Letters that no careless hand turns into a digit, as polylines in a unit box (x right, y down). O, I, S, Z, B, G,
 * L, T, Y and the like are left out: each is a plausible 0, 1, 5, 2, 8, 6, 4, 7 or 4.
 */
const LETTERS: Record<string, [number, number][][]> = {
  A: [[[0, 1], [0.5, 0], [1, 1]], [[0.25, 0.55], [0.75, 0.55]]],
  E: [[[1, 0], [0, 0], [0, 1], [1, 1]], [[0, 0.5], [0.8, 0.5]]],
  F: [[[1, 0], [0, 0], [0, 1]], [[0, 0.5], [0.8, 0.5]]],
  H: [[[0, 0], [0, 1]], [[1, 0], [1, 1]], [[0, 0.5], [1, 0.5]]],
  K: [[[0, 0], [0, 1]], [[1, 0], [0, 0.55], [1, 1]]],
  M: [[[0, 1], [0, 0], [0.5, 0.6], [1, 0], [1, 1]]],
  N: [[[0, 1], [0, 0], [1, 1], [1, 0]]],
  W: [[[0, 0], [0.25, 1], [0.5, 0.4], [0.75, 1], [1, 0]]],
  X: [[[0, 0], [1, 1]], [[1, 0], [0, 1]]],
};
const LETTER_NAMES = Object.keys(LETTERS);

export const OUTLIER_KINDS = ['letter', 'blobs', 'noise', 'grid', 'block'] as const;
export type OutlierKind = (typeof OUTLIER_KINDS)[number];

/** Distance from (px, py) to the segment (ax, ay)-(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Strokes of half-width `radius`, anti-aliased over one pixel, drawn into `out` (max with what is there). */
function drawStrokes(out: Float32Array, strokes: [number, number][][], radius: number): void {
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      let d = Infinity;
      for (const line of strokes) {
        for (let k = 1; k < line.length; k++) {
          d = Math.min(d, segmentDistance(x, y, line[k - 1][0], line[k - 1][1], line[k][0], line[k][1]));
        }
      }
      const v = Math.max(0, Math.min(1, radius + 0.5 - d));
      if (v > out[y * N + x]) out[y * N + x] = v;
    }
  }
}

/** A letter 12-20 px tall, centred near the middle, slanted and rotated a little, with a 1.5-3.5 px pen. */
function letter(random: Random, out: Float32Array): void {
  const shape = LETTERS[LETTER_NAMES[random.int(LETTER_NAMES.length)]];
  const height = random.uniform(12, 20);
  const width = height * random.uniform(0.6, 1);
  const angle = (random.uniform(-12, 12) * Math.PI) / 180;
  const cx = 13.5 + random.uniform(-2, 2);
  const cy = 13.5 + random.uniform(-2, 2);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const strokes = shape.map((line) =>
    line.map(([u, v]): [number, number] => {
      const x = (u - 0.5) * width;
      const y = (v - 0.5) * height;
      return [cx + cos * x - sin * y, cy + sin * x + cos * y];
    }),
  );
  drawStrokes(out, strokes, random.uniform(0.75, 1.75));
}

/** 2-5 filled ellipses of radius 2-6 px: ink with no stroke structure (smudges, photo fragments). */
function blobs(random: Random, out: Float32Array): void {
  const count = 2 + random.int(4);
  for (let b = 0; b < count; b++) {
    const cx = random.uniform(5, 22);
    const cy = random.uniform(5, 22);
    const rx = random.uniform(2, 6);
    const ry = random.uniform(2, 6);
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) {
        const r = Math.hypot((x - cx) / rx, (y - cy) / ry);
        const v = Math.max(0, Math.min(1, (1 - r) * Math.min(rx, ry) + 0.5));
        if (v > out[y * N + x]) out[y * N + x] = v;
      }
    }
  }
}

/** Uniform noise at a random density and brightness, dense or sparse (sensor noise, textures). */
function noise(random: Random, out: Float32Array): void {
  const density = random.uniform(0.05, 1);
  const brightness = random.uniform(0.3, 1);
  for (let i = 0; i < IMAGE_PIXELS; i++) out[i] = random.random() < density ? brightness * random.random() : 0;
}

/** Evenly spaced horizontal and/or vertical lines (ruled paper, tables). */
function grid(random: Random, out: Float32Array): void {
  const period = 3 + random.int(6);
  const width = 1 + random.int(2);
  const offset = random.int(period);
  const which = random.int(3); // 0 horizontal, 1 vertical, 2 both
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const h = (y + offset) % period < width;
      const v = (x + offset) % period < width;
      if ((which !== 1 && h) || (which !== 0 && v)) out[y * N + x] = 1;
    }
  }
}

/** A filled rectangle 6-20 px a side (a sticker, a thumb, a dark photo region). */
function block(random: Random, out: Float32Array): void {
  const w = 6 + random.int(15);
  const h = 6 + random.int(15);
  const left = random.int(N - w + 1);
  const top = random.int(N - h + 1);
  const value = random.uniform(0.5, 1);
  for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) out[y * N + x] = value;
}

/** One image that is not a digit, white ink on black like MNIST, values in [0, 1]; `kind` default: drawn at random. */
export function makeOutlier(random: Random, kind?: OutlierKind, out: Float32Array = new Float32Array(IMAGE_PIXELS)): Float32Array {
  if (out.length !== IMAGE_PIXELS) throw new RangeError(`makeOutlier writes ${IMAGE_PIXELS} pixels, out has ${out.length}`);
  out.fill(0);
  // Letters twice as often as the rest: the non-digits users are most likely to upload.
  const k = kind ?? (['letter', 'letter', ...OUTLIER_KINDS.slice(1)] as OutlierKind[])[random.int(OUTLIER_KINDS.length + 1)];
  switch (k) {
    case 'letter':
      letter(random, out);
      break;
    case 'blobs':
      blobs(random, out);
      break;
    case 'noise':
      noise(random, out);
      break;
    case 'grid':
      grid(random, out);
      break;
    case 'block':
      block(random, out);
      break;
  }
  return out;
}
