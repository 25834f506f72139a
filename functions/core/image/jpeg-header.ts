// Reads a JPEG's frame header (SOFn marker) by walking the marker segments, without decoding anything.
import { corruptImage, unsupportedImage } from './image-errors';

export interface JpegHeader {
  width: number;
  height: number;
  /** 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: number;
  /** SOF marker number 0..15 (0 baseline, 1 extended, 2 progressive; the rest are not decodable here). */
  frameType: number;
}

/** Frame types jpeg-js decodes: baseline, extended sequential and progressive Huffman, 8-bit samples. */
const DECODABLE = new Set([0, 1, 2]);

export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  let i = 2; // after SOI
  for (;;) {
    if (i >= bytes.length) throw corruptImage('JPEG ends before its frame header');
    if (bytes[i] !== 0xff) throw corruptImage(`JPEG marker expected at byte ${i}`);
    while (i < bytes.length && bytes[i] === 0xff) i++; // fill bytes
    if (i >= bytes.length) throw corruptImage('JPEG ends before its frame header');
    const marker = bytes[i++];
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // RSTn, TEM: no length
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda) {
      throw corruptImage('JPEG has no frame header before its image data');
    }
    if (i + 2 > bytes.length) throw corruptImage('JPEG is truncated inside a marker');
    const length = (bytes[i] << 8) | bytes[i + 1];
    if (length < 2) throw corruptImage('JPEG marker segment length is invalid');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8 || i + 8 > bytes.length) throw corruptImage('JPEG frame header is truncated');
      const precision = bytes[i + 2];
      const height = (bytes[i + 3] << 8) | bytes[i + 4];
      const width = (bytes[i + 5] << 8) | bytes[i + 6];
      const components = bytes[i + 7];
      const frameType = marker - 0xc0;
      if (width === 0) throw corruptImage('JPEG width is 0');
      if (height === 0) throw unsupportedImage('JPEG height defined by a DNL marker');
      if (!DECODABLE.has(frameType)) {
        throw unsupportedImage(`JPEG coding process SOF${frameType} (lossless, hierarchical or arithmetic)`);
      }
      if (precision !== 8) throw unsupportedImage(`JPEG with ${precision}-bit samples`);
      if (components !== 1 && components !== 3 && components !== 4) {
        throw unsupportedImage(`JPEG with ${components} colour components`);
      }
      return { width, height, components, frameType };
    }
    i += length;
  }
}
