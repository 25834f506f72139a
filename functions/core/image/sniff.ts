// Recognises an image format by its magic bytes, never by file name or declared content type.
import type { ImageFormat } from './types';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** 'png', 'jpeg', or undefined for anything else (GIF, WebP, BMP, text, too short). */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  // SOI followed by the start of any marker.
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}
