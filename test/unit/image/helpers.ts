// Shared helpers for the image tests: fixture loading, tiny synthetic images, region statistics.
import { readFileSync } from 'node:fs';
import * as jpegJs from 'jpeg-js';
import type { DecodedImage } from '../../../functions/core/image/types';

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url)));
}

/** An 8-bit RGBA image from a per-pixel function returning [r, g, b, a]. */
export function rgbaImage(width: number, height: number, pixel: (x: number, y: number) => readonly number[]): DecodedImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** An opaque grey image from a per-pixel grey value. */
export function greyImage(width: number, height: number, grey: (x: number, y: number) => number): DecodedImage {
  return rgbaImage(width, height, (x, y) => {
    const v = grey(x, y);
    return [v, v, v, 255];
  });
}

/** Mean of channel c (0 r .. 3 a) over the rectangle [x0, x1) x [y0, y1). */
export function regionMean(image: DecodedImage, c: number, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += image.data[(y * image.width + x) * 4 + c];
  return sum / ((x1 - x0) * (y1 - y0));
}

/** Baseline JPEG from jpeg-js's encoder (RGBA in, alpha ignored). */
export function encodeJpeg(image: DecodedImage, quality = 90): Uint8Array {
  return new Uint8Array(jpegJs.encode({ width: image.width, height: image.height, data: image.data }, quality).data);
}

/** Bounding box of values >= threshold in a 28x28 float image. */
export function boxOf(values: ArrayLike<number>, threshold: number, size = 28) {
  let x0 = size, y0 = size, x1 = -1, y1 = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (values[y * size + x] < threshold) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
