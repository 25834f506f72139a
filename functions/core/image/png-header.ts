// Reads and checks a PNG's chunk structure (IHDR, CRCs, PLTE/IDAT/IEND) without inflating anything.
import { crc32 } from './crc32';
import { corruptImage, unsupportedImage } from './image-errors';
import { PNG_SIGNATURE } from './sniff';

export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample (per palette index for colour type 3): 1, 2, 4, 8 or 16. */
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colourType: number;
  interlaced: boolean;
}

/** Allowed bit depths per colour type (PNG spec, table 11.1). */
const DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const IHDR_END = PNG_SIGNATURE.length + 8 + 13 + 4; // signature, length + type, 13 data bytes, CRC = 33

const u32 = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const typeAt = (b: Uint8Array, i: number) => String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);

/** The IHDR fields, from the first 33 bytes only: enough to refuse a huge image before reading the rest. */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  if (bytes.length < IHDR_END) throw corruptImage('PNG is shorter than its header');
  if (u32(bytes, 8) !== 13 || typeAt(bytes, 12) !== 'IHDR') throw corruptImage('PNG does not start with IHDR');
  if (crc32(bytes, 12, 29) !== u32(bytes, 29)) throw corruptImage('PNG header checksum mismatch');
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const [bitDepth, colourType, compression, filter, interlace] = bytes.subarray(24, 29);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw corruptImage(`PNG size ${width}x${height} is invalid`);
  }
  if (!DEPTHS[colourType]?.includes(bitDepth)) {
    throw corruptImage(`PNG colour type ${colourType} with bit depth ${bitDepth} is invalid`);
  }
  if (compression !== 0 || filter !== 0 || interlace > 1) throw corruptImage('PNG header has unknown methods');
  return { width, height, bitDepth, colourType, interlaced: interlace === 1 };
}

const KNOWN_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

/**
 * Walks every chunk: lengths inside the file, CRCs, IDATs consecutive, PLTE where required, IEND present.
 * Catches truncation and bit flips before the WASM decoder sees the bytes (bytes after IEND are ignored,
 * as libpng does).
 */
export function checkPngChunks(bytes: Uint8Array, header: PngHeader): void {
  let offset: number = PNG_SIGNATURE.length;
  let idats = 0;
  let idatEnded = false;
  let palette = false;
  for (;;) {
    if (offset + 12 > bytes.length) throw corruptImage('PNG is truncated (no IEND chunk)');
    const length = u32(bytes, offset);
    const type = typeAt(bytes, offset + 4);
    if (!/^[A-Za-z]{4}$/.test(type)) throw corruptImage(`PNG chunk type at byte ${offset} is invalid`);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) throw corruptImage(`PNG chunk ${type} is truncated`);
    if (crc32(bytes, offset + 4, end - 4) !== u32(bytes, end - 4)) throw corruptImage(`PNG chunk ${type} checksum mismatch`);
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && !KNOWN_CRITICAL.has(type)) throw unsupportedImage(`PNG has an unknown critical chunk ${type}`);
    if (type === 'IHDR' && offset !== PNG_SIGNATURE.length) throw corruptImage('PNG has a second IHDR');
    if (type === 'PLTE') {
      if (length === 0 || length % 3 !== 0 || length / 3 > 256) throw corruptImage('PNG palette length is invalid');
      palette = true;
    }
    if (type === 'IDAT') {
      if (idatEnded) throw corruptImage('PNG image data chunks are not consecutive');
      idats++;
    } else if (idats > 0) {
      idatEnded = true;
    }
    if (type === 'IEND') break;
    offset = end;
  }
  if (idats === 0) throw corruptImage('PNG has no image data');
  if (header.colourType === 3 && !palette) throw corruptImage('palette PNG has no PLTE chunk');
}
