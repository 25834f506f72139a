// Inputs for the limits, fuzz and fault tests: real digit files, crafted headers, and the error-shape check.
import { expect } from 'vitest';
import { crc32 } from '../../functions/core/image/crc32';
import drawn from '../fixtures/digits/drawn.json';
import raw from '../fixtures/digits/raw.json';

export const ORIGIN = 'http://localhost';

export interface ErrorBody {
  error: { code: string; message: string };
}

export const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Real MNIST test digits: 28x28 greyscale PNGs and 280x280 black-on-white drawings. */
export const rawPngs = raw.map((d) => bytesOf(d.png));
export const drawnPngs = drawn.map((d) => bytesOf(d.png));

/** Checks the one error shape and returns it; `status` and `code` are checked when given. */
export async function expectError(res: Response, status?: number, code?: string | RegExp): Promise<ErrorBody> {
  const text = await res.text();
  expect(res.headers.get('content-type'), text.slice(0, 200)).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (status !== undefined) expect(res.status, text.slice(0, 300)).toBe(status);
  if (typeof code === 'string') expect(body.error.code).toBe(code);
  else if (code) expect(body.error.code).toMatch(code);
  return body;
}

/** A baseline JPEG header (SOI, SOF0 for 3 components) claiming `width` x `height`, with no image data after it. */
export function jpegClaiming(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff, 0xd8, // SOI
    0xff, 0xc0, 0x00, 0x11, 0x08, // SOF0, length 17, 8-bit samples
    height >> 8, height & 0xff, width >> 8, width & 0xff,
    0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, // Y 2x2, Cb, Cr 1x1
    0xff, 0xd9, // EOI
  ]);
}

/** A multipart body with each file in the field `image`. */
export function imageForm(files: readonly Uint8Array[], type = 'image/png'): FormData {
  const form = new FormData();
  files.forEach((bytes, i) => form.append('image', new Blob([bytes], { type }), `digit-${i}.png`));
  return form;
}

/** A body that arrives as a stream with no Content-Length (chunked), `chunks` pieces of `chunkBytes`, counting what is read. */
export function countingStream(chunks: number, chunkBytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) return controller.close();
      sent++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x41));
    },
  });
  return { body, pulled: () => sent * chunkBytes };
}

/**
 * Recomputes the CRC of every chunk that fits in the file, so a mutated PNG passes the chunk checks and its damage
 * reaches the decoder itself (random bit flips would otherwise almost always stop at a checksum).
 */
export function fixPngCrcs(png: Uint8Array): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  let offset = 8;
  while (offset + 12 <= out.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > out.length) break;
    view.setUint32(end - 4, crc32(out, offset + 4, end - 4));
    offset = end;
  }
  return out;
}
