// The benchmark's inputs: MNIST test images as the 28x28 greyscale PNGs a client would upload, one by one or
// as one multipart request with many files in the field `image`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../functions/core/digit-contract';
import { parseIdxImages, parseIdxLabels } from '../../functions/core/mnist/idx';
import { encodeGreyPng } from '../lib/node-png';
import { MNIST_FILES, mnistDataDir, TEST_COUNT } from '../train/data';

export interface BenchDigits {
  pngs: Uint8Array[];
  labels: number[];
}

/** The first `count` MNIST test images (image 0 is a 7) as PNGs, with their labels. */
export function benchDigits(count: number): BenchDigits {
  const { pixels } = parseIdxImages(readFileSync(join(mnistDataDir(), MNIST_FILES.testImages)), TEST_COUNT);
  const { labels } = parseIdxLabels(readFileSync(join(mnistDataDir(), MNIST_FILES.testLabels)), TEST_COUNT);
  const pngs = Array.from({ length: count }, (_, i) =>
    encodeGreyPng(pixels.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), IMAGE_SIZE, IMAGE_SIZE),
  );
  return { pngs, labels: Array.from(labels.subarray(0, count)) };
}

/** One multipart/form-data body with every PNG in the field `image`, serialised once as a client would send it. */
export async function multipartBody(pngs: readonly Uint8Array[]): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  pngs.forEach((png, i) => form.append('image', new Blob([png], { type: 'image/png' }), `digit-${i}.png`));
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}
