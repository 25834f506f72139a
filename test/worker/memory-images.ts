// 1,000 digit images of many sizes and kinds for the memory test: real MNIST files plus seeded re-renderings.
import encodeJpeg from 'jpeg-js/lib/encoder.js';
import { crc32 } from '../../functions/core/image/crc32';
import { Random } from '../../functions/core/random';
import canvas from '../fixtures/digits/canvas.json';
import pixels from '../fixtures/digits/pixels.json';
import { encodeGreyPng } from './digits-png';
import { bytesOf, drawnPngs, rawPngs } from './fuzz-inputs';

export interface TestImage {
  bytes: Uint8Array;
  type: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** An MNIST digit (28x28, white on black) drawn by nearest neighbour into width x height, ink the given way round. */
function render(digit: readonly number[], width: number, height: number, inkIsDark: boolean): Uint8Array {
  const side = Math.max(1, Math.floor(Math.min(width, height) * 0.8));
  const x0 = Math.floor((width - side) / 2);
  const y0 = Math.floor((height - side) / 2);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
      const v = inside ? digit[Math.floor(((y - y0) * 28) / side) * 28 + Math.floor(((x - x0) * 28) / side)] : 0;
      out[y * width + x] = inkIsDark ? 255 - v : v;
    }
  }
  return out;
}

function greyToRgba(grey: Uint8Array): Uint8Array {
  const rgba = new Uint8Array(grey.length * 4);
  for (let i = 0; i < grey.length; i++) rgba.set([grey[i], grey[i], grey[i], 255], i * 4);
  return rgba;
}

/**
 * 200 raw 28x28 PNGs, 200 drawn 280x280 PNGs, 200 RGBA canvas exports, 300 PNGs and 100 JPEGs re-rendered at
 * seeded sizes from 20x20 to 640x480 (either polarity): 1,000 images.
 */
export async function thousandImages(seed = 6): Promise<TestImage[]> {
  const images: TestImage[] = [
    ...rawPngs.map((bytes) => ({ bytes, type: 'image/png' as const, width: 28, height: 28 })),
    ...drawnPngs.map((bytes) => ({ bytes, type: 'image/png' as const, width: 280, height: 280 })),
    ...canvas.map((d) => ({ bytes: bytesOf(d.png), type: 'image/png' as const, width: 280, height: 280 })),
  ];
  const random = new Random(seed);
  const size = (lo: number, hi: number) => lo + Math.floor(random.random() * (hi - lo + 1));
  for (let i = 0; i < 400; i++) {
    const digit = pixels[i % pixels.length].pixels;
    const width = size(20, 640);
    const height = size(20, 480);
    const grey = render(digit, width, height, random.random() < 0.5);
    if (i < 300) {
      images.push({ bytes: await encodeGreyPng(grey, width, height), type: 'image/png', width, height });
    } else {
      const { data } = encodeJpeg({ data: greyToRgba(grey), width, height }, 90);
      images.push({ bytes: new Uint8Array(data), type: 'image/jpeg', width, height });
    }
  }
  return images;
}

/** A structurally valid PNG (signature, chunk CRCs) whose compressed data is garbage: only the WASM decoder can tell. */
export async function corruptDeepPng(width: number, height: number, seed: number): Promise<Uint8Array> {
  const png = await encodeGreyPng(new Uint8Array(width * height).fill(128), width, height);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const idat = 8 + 25; // signature, then IHDR (12 + 13 bytes)
  const length = view.getUint32(idat);
  const random = new Random(seed);
  // Keep the 2-byte zlib header so the stream starts plausibly; scramble the deflate data after it.
  for (let i = idat + 8 + 2; i < idat + 8 + length; i++) png[i] = random.nextUint32() & 0xff;
  view.setUint32(idat + 8 + length, crc32(png, idat + 4, idat + 8 + length));
  return png;
}
