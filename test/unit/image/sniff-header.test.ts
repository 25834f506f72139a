// Format sniffing and header-only size reading, including the refusal of huge images before decoding.
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../functions/core/image/decode';
import { readDimensions } from '../../../functions/core/image/dimensions';
import { sniffFormat } from '../../../functions/core/image/sniff';
import { InputError } from '../../../functions/core/errors';
import { crc32 } from '../../../functions/core/image/crc32';
import { decodePngNode, encodePng } from '../../../scripts/lib/node-png';
import { fixture } from './helpers';

const bytes = (...b: number[]) => Uint8Array.from(b);

/** A valid PNG file whose IHDR claims width x height and whose data is `idatBytes` of zeros (not a valid stream). */
function pngClaiming(width: number, height: number, idatBytes: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(idatBytes)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('sniffFormat', () => {
  it('recognises PNG and JPEG by magic bytes only', () => {
    expect(sniffFormat(fixture('card-grey16.png'))).toBe('png');
    expect(sniffFormat(fixture('card-baseline.jpg'))).toBe('jpeg');
    expect(sniffFormat(bytes(0xff, 0xd8, 0xff))).toBe('jpeg');
  });

  it('returns undefined for other formats and short input', () => {
    expect(sniffFormat(new TextEncoder().encode('GIF89a....'))).toBeUndefined();
    expect(sniffFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBeUndefined();
    expect(sniffFormat(bytes(0x42, 0x4d, 0, 0))).toBeUndefined(); // BMP
    expect(sniffFormat(bytes(0x89, 0x50, 0x4e, 0x47))).toBeUndefined(); // truncated PNG signature
    expect(sniffFormat(bytes(0xff, 0xd8))).toBeUndefined();
    expect(sniffFormat(new Uint8Array(0))).toBeUndefined();
  });
});

describe('readDimensions', () => {
  it('reads PNG width and height from IHDR', async () => {
    expect(readDimensions(await encodePng({ width: 300, height: 7, colourType: 0, samples: new Uint8Array(2100) }), 'png')).toEqual({ width: 300, height: 7 });
    expect(readDimensions(fixture('card-palette4-trns.png'), 'png')).toEqual({ width: 48, height: 32 });
  });

  it('reads JPEG width and height from the SOF marker after APPn/DQT segments (baseline, progressive, EXIF)', () => {
    expect(readDimensions(fixture('card-baseline.jpg'), 'jpeg')).toEqual({ width: 48, height: 32 });
    expect(readDimensions(fixture('card-progressive.jpg'), 'jpeg')).toEqual({ width: 48, height: 32 });
    // Stored rotated by 90 degrees: the header has the stored size.
    expect(readDimensions(fixture('card-orientation-6.jpg'), 'jpeg')).toEqual({ width: 32, height: 48 });
  });

  it('refuses a JPEG coding process jpeg-js cannot decode with 415', () => {
    const jpeg = fixture('card-baseline.jpg').slice();
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    jpeg[sof + 1] = 0xc9; // arithmetic coding
    expect(() => readDimensions(jpeg, 'jpeg')).toThrow(expect.objectContaining({ kind: 'unsupported', code: 'unsupported_image' }));
  });

  it('gives corrupt_image (400) for a header cut short', () => {
    const png = fixture('card-grey16.png');
    for (const length of [8, 20, 32]) {
      expect(() => readDimensions(png.subarray(0, length), 'png')).toThrow(expect.objectContaining({ kind: 'invalid', code: 'corrupt_image' }));
    }
    const jpeg = fixture('card-baseline.jpg');
    for (const length of [2, 3, 30, 150]) {
      expect(() => readDimensions(jpeg.subarray(0, length), 'jpeg')).toThrow(expect.objectContaining({ kind: 'invalid', code: 'corrupt_image' }));
    }
  });
});

describe('decodeImage limits and formats', () => {
  it('refuses a 48 KB PNG claiming 20000x20000 from its header, without decoding', async () => {
    const bomb = pngClaiming(20000, 20000, 48 * 1024);
    expect(bomb.length).toBeGreaterThan(48 * 1024);
    let decoderCalled = false;
    const error = await decodeImage(bomb, {
      maxPixels: 4096 * 4096,
      png: async () => {
        decoderCalled = true;
        throw new Error('must not be called');
      },
    }).catch((e: unknown) => e);
    expect(decoderCalled).toBe(false); // the proof that nothing was decoded (a timing bound would flake under load)
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ kind: 'too_large', code: 'image_too_large' });
    expect((error as Error).message).toMatch(/20000x20000 = 400000000 pixels; the limit is 16777216 pixels: send a smaller copy/);
  });

  it('refuses a JPEG whose SOF claims more than maxPixels', async () => {
    const jpeg = fixture('card-baseline.jpg').slice();
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    jpeg.set([0xff, 0xff, 0xff, 0xff], sof + 5); // height and width 65535
    await expect(decodeImage(jpeg, { maxPixels: 1e6, png: decodePngNode })).rejects.toMatchObject({ code: 'image_too_large' });
  });

  it('accepts an image of exactly maxPixels and refuses one pixel more', async () => {
    const png = await encodePng({ width: 10, height: 10, colourType: 0, samples: new Uint8Array(100) });
    await expect(decodeImage(png, { maxPixels: 100, png: decodePngNode })).resolves.toMatchObject({ width: 10, height: 10 });
    await expect(decodeImage(png, { maxPixels: 99, png: decodePngNode })).rejects.toMatchObject({ code: 'image_too_large' });
  });

  it('refuses other formats with unsupported_image (415)', async () => {
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
    await expect(decodeImage(gif, { maxPixels: 100, png: decodePngNode })).rejects.toMatchObject({ kind: 'unsupported', code: 'unsupported_image' });
  });
});
