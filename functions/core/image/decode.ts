// Turns uploaded bytes into RGBA pixels: sniff, read the size from the header, refuse, then decode.
import { readJpegHeader } from './jpeg-header';
import { decodeJpeg } from './jpeg';
import { corruptImage, imageTooLarge, unsupportedImage } from './image-errors';
import { checkPngChunks, readPngHeader } from './png-header';
import { sniffFormat } from './sniff';
import type { DecodedImage, PngDecoder } from './types';

export interface DecodeOptions {
  /** Largest width x height accepted; checked from the header before any pixel buffer exists. */
  maxPixels: number;
  /** The runtime's PNG decoder (WASM in the Worker and in Node). */
  png: PngDecoder;
}

/**
 * Decodes a PNG or JPEG to RGBA (JPEG upright per its EXIF orientation). Throws InputError:
 * unsupported_image (415) for other formats, image_too_large (413) from the header alone,
 * corrupt_image (400) for truncated or malformed files.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedImage> {
  const format = sniffFormat(bytes);
  if (format === undefined) throw unsupportedImage('expected a PNG or JPEG file');
  if (format === 'png') {
    const header = readPngHeader(bytes);
    refuseLarge(header.width, header.height, options.maxPixels);
    checkPngChunks(bytes, header);
    const image = await options.png(bytes);
    if (image.width !== header.width || image.height !== header.height) {
      throw corruptImage('PNG decoder returned a size that does not match the header');
    }
    return image;
  }
  const header = readJpegHeader(bytes);
  refuseLarge(header.width, header.height, options.maxPixels);
  return decodeJpeg(bytes, header, options.maxPixels);
}

function refuseLarge(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) throw imageTooLarge(width, height, maxPixels);
}
