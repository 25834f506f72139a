// The benchmark's input: MNIST test image 0 (a 7), as the 28x28 greyscale PNG a client would upload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../functions/core/digit-contract';
import { crc32 } from '../../functions/core/image/crc32';
import { parseIdxImages } from '../../functions/core/mnist/idx';
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

export async function benchDigitPng(index = 0): Promise<Uint8Array> {
  const { pixels } = parseIdxImages(readFileSync(join(mnistDataDir(), MNIST_FILES.testImages)), TEST_COUNT);
  return encodeGreyPng(pixels.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS), IMAGE_SIZE, IMAGE_SIZE);
}
