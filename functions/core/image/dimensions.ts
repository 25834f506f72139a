// Width and height from the file header alone, so a huge image is refused before any pixel is allocated.
import { readJpegHeader } from './jpeg-header';
import { readPngHeader } from './png-header';
import type { ImageFormat } from './types';

/** Throws InputError('invalid', 'corrupt_image') when the header is missing or malformed. */
export function readDimensions(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } {
  const { width, height } = format === 'png' ? readPngHeader(bytes) : readJpegHeader(bytes);
  return { width, height };
}
