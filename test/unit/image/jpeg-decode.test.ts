// JPEG decoding (jpeg-js) for every variant we promise, and EXIF orientation for all eight values.
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../functions/core/image/decode';
import { readOrientation } from '../../../functions/core/image/jpeg';
import type { DecodedImage } from '../../../functions/core/image/types';
import { decodePngNode } from '../../../scripts/lib/node-png';
import { encodeJpeg, fixture, greyImage, regionMean } from './helpers';

const decode = (bytes: Uint8Array) => decodeImage(bytes, { maxPixels: 1 << 20, png: decodePngNode });

/** The Pillow test card, upright: 48x32 white, black block x 4..19 y 4..15, grey 128 block x 32..43 y 20..27. */
function expectCard(image: DecodedImage, tolerance = 6): void {
  expect([image.width, image.height]).toEqual([48, 32]);
  for (let c = 0; c < 3; c++) {
    // Inner parts of each region, away from JPEG ringing at the edges.
    expect(regionMean(image, c, 6, 6, 18, 14)).toBeLessThan(tolerance);
    expect(Math.abs(regionMean(image, c, 34, 22, 42, 26) - 128)).toBeLessThan(tolerance);
    expect(regionMean(image, c, 24, 0, 30, 32)).toBeGreaterThan(255 - tolerance);
  }
  expect(regionMean(image, 3, 0, 0, 48, 32)).toBe(255);
}

describe('JPEG variants', () => {
  it('baseline (jpeg-js encoder): pixels close to the source', async () => {
    const source = greyImage(40, 24, (x, y) => (x < 20 && y < 12 ? 0 : 255));
    const image = await decode(encodeJpeg(source, 95));
    expect([image.width, image.height]).toEqual([40, 24]);
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(regionMean(image, 0, 2, 2, 17, 10)).toBeLessThan(4);
    expect(regionMean(image, 1, 23, 14, 38, 22)).toBeGreaterThan(251);
  });

  it.each(['card-baseline.jpg', 'card-progressive.jpg', 'card-grey.jpg', 'card-cmyk.jpg'])('%s (Pillow)', async (name) => {
    expectCard(await decode(fixture(name)));
  });
});

describe('EXIF orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i is read and undone: the card comes out upright', async (o) => {
    const bytes = fixture(`card-orientation-${o}.jpg`);
    expect(await readOrientation(bytes)).toBe(o);
    expectCard(await decode(bytes));
  });

  it('a JPEG without EXIF, or with a broken EXIF block, is treated as orientation 1', async () => {
    expect(await readOrientation(fixture('card-baseline.jpg'))).toBe(1);
    const broken = fixture('card-orientation-6.jpg').slice();
    const tiff = broken.findIndex((b, i) => b === 0x4d && broken[i + 1] === 0x4d && broken[i + 2] === 0 && broken[i + 3] === 0x2a);
    expect(tiff).toBeGreaterThan(0);
    broken.fill(0xee, tiff, tiff + 8); // destroy the TIFF header
    expect(await readOrientation(broken)).toBe(1);
    const image = await decode(broken);
    expect([image.width, image.height]).toEqual([32, 48]); // stored pixels, not rotated
  });
});
