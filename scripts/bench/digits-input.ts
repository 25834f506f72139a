// The benchmark's inputs: MNIST test images as the 28x28 greyscale PNGs a client would upload, one by one or
// as one multipart request with many files in the field `image`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../functions/core/digit-contract';
import { crc32 } from '../../functions/core/image/crc32';
import { parseIdxImages, parseIdxLabels } from '../../functions/core/mnist/idx';
import { MNIST_FILES, mnistDataDir, TEST_COUNT } from '../train/data';

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

/** 8-bit greyscale PNG, no filtering, one IDAT: what a canvas export or an MNIST dump looks like. */
export function encodeGreyPng(grey: Uint8Array, width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export interface BenchDigits {
  pngs: Uint8Array[];
  labels: number[];
}

/** The first `count` MNIST test images (image 0 is a 7) as PNGs, with their labels. */
export function benchDigits(count: number): BenchDigits {
  const { pixels } = parseIdxImages(readFileSync(join(mnistDataDir(), MNIST_FILES.testImages)), TEST_COUNT);
  const { labels } = parseIdxLabels(readFileSync(join(mnistDataDir(), MNIST_FILES.testLabels)), TEST_COUNT);
  const pngs = Array.from({ length: count }, (_, i) =>
    new Uint8Array(encodeGreyPng(pixels.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), IMAGE_SIZE, IMAGE_SIZE)),
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
