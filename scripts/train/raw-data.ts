// Raw MNIST bytes in shared memory, so every training thread reads one copy (47 MB instead of 188 MB of floats each).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIdxImages, parseIdxLabels } from '../../functions/core/mnist/idx';
import { MNIST_FILES, mnistDataDir, TEST_COUNT, TRAIN_COUNT } from './data';
import type { RawImages, ReplicaData } from './replica';

function shared(bytes: Uint8Array): Uint8Array {
  const view = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  view.set(bytes);
  return view;
}

function load(dir: string, images: string, labels: string, count: number): RawImages {
  const parsedImages = parseIdxImages(readFileSync(join(dir, images)), count);
  const parsedLabels = parseIdxLabels(readFileSync(join(dir, labels)), count);
  return { count, pixels: shared(parsedImages.pixels), labels: shared(parsedLabels.labels) };
}

/** All 60,000 training and 10,000 test images, unscaled (0..255), in SharedArrayBuffers. */
export function loadRawMnist(dir = mnistDataDir()): ReplicaData {
  return {
    train: load(dir, MNIST_FILES.trainImages, MNIST_FILES.trainLabels, TRAIN_COUNT),
    test: load(dir, MNIST_FILES.testImages, MNIST_FILES.testLabels, TEST_COUNT),
  };
}
