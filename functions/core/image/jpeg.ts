// JPEG decoding in pure JS (jpeg-js: baseline, progressive, greyscale, CMYK) plus the EXIF orientation (exifr).
import { orientation as readExifOrientation } from 'exifr/dist/lite.esm.mjs';
import decodeJpegJs from 'jpeg-js/lib/decoder.js';
import { corruptImage } from './image-errors';
import type { JpegHeader } from './jpeg-header';
import { applyOrientation, isExifOrientation, type ExifOrientation } from './orientation';
import type { DecodedImage } from './types';

/**
 * jpeg-js's own accounting, bytes per pixel at most: coefficient blocks (4 bytes x 64 per 8x8 block per
 * component, up to 4 components = 16), component planes (4) and the RGBA output (4). A second line of defence
 * behind the header check (a file with several frames could otherwise claim more than its header).
 */
const BYTES_PER_PIXEL = 24;

export async function decodeJpeg(bytes: Uint8Array, header: JpegHeader, maxPixels: number): Promise<DecodedImage> {
  let raw: ReturnType<typeof decodeJpegJs>;
  try {
    raw = decodeJpegJs(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((maxPixels * BYTES_PER_PIXEL) / 2 ** 20) + 16,
    });
  } catch (err) {
    throw corruptImage(`JPEG could not be decoded (${err instanceof Error ? err.message : String(err)})`, err);
  }
  if (raw.width !== header.width || raw.height !== header.height || raw.data.length !== raw.width * raw.height * 4) {
    throw corruptImage('JPEG decoder returned an image that does not match the header');
  }
  const image: DecodedImage = { width: raw.width, height: raw.height, data: raw.data };
  return applyOrientation(image, await readOrientation(bytes));
}

/** The EXIF orientation, 1 when absent or unreadable: a broken EXIF block does not make the pixels unusable. */
export async function readOrientation(bytes: Uint8Array): Promise<ExifOrientation> {
  try {
    const value = await readExifOrientation(bytes);
    return isExifOrientation(value) ? value : 1;
  } catch {
    return 1;
  }
}
