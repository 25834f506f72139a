// Truncated, mutated and hostile files end in an InputError (never a crash or a hang), and the WASM decoder
// recovers from its own failures instead of leaking memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../functions/core/errors';
import { crc32 } from '../../../functions/core/image/crc32';
import { decodeImage } from '../../../functions/core/image/decode';
import { createPngDecoder, type PngWasmExports } from '../../../functions/core/image/png-codec';
import { decodePngNode, encodePng, instantiatePngNode } from '../../../scripts/lib/node-png';
import { encodeJpeg, fixture, greyImage } from './helpers';

const decode = (bytes: Uint8Array) => decodeImage(bytes, { maxPixels: 1 << 20, png: decodePngNode });

/** Recomputes every chunk CRC, so damage inside IDAT gets past our checks and reaches the WASM decoder. */
function fixCrcs(png: Uint8Array): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  for (let o = 8; o + 12 <= out.length; ) {
    const length = view.getUint32(o);
    if (o + 12 + length > out.length) break;
    view.setUint32(o + 8 + length, crc32(out, o + 4, o + 8 + length));
    o += 12 + length;
  }
  return out;
}

/** Resolves to 'ok' or the InputError's code; anything else thrown fails the property. */
async function outcome(bytes: Uint8Array): Promise<string> {
  const started = performance.now();
  try {
    const image = await decode(bytes);
    expect(image.data.length).toBe(image.width * image.height * 4);
    return 'ok';
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.code;
  } finally {
    expect(performance.now() - started).toBeLessThan(2000);
  }
}

const digitLike = greyImage(64, 64, (x, y) => (Math.abs(Math.hypot(x - 32, y - 30) - 18) < 4 ? 20 : 235));

const damage = (source: Uint8Array) =>
  fc.record({
    edits: fc.array(fc.tuple(fc.nat(source.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    cut: fc.option(fc.nat(source.length - 1), { nil: undefined }),
  }).map(({ edits, cut }) => {
    const bytes = source.slice(0, cut ?? source.length);
    for (const [i, v] of edits) if (i < bytes.length) bytes[i] = v;
    return bytes;
  });

describe('corrupt and truncated files', () => {
  it('every truncation of a PNG and a JPEG past its signature is corrupt_image', async () => {
    const png = await encodePng({ width: 64, height: 64, colourType: 0, samples: greyToSamples() });
    const jpeg = encodeJpeg(digitLike);
    // Shorter than the signature (8 bytes PNG, 3 JPEG) is not recognisably an image: unsupported_image.
    for (const [file, signature] of [[png, 8], [jpeg, 3]] as const) {
      const codes = new Set<string>();
      for (let length = signature; length < file.length; length += 7) codes.add(await outcome(file.subarray(0, length)));
      expect([...codes]).toEqual(['corrupt_image']);
    }
  });

  it('mutated PNGs: InputError or a well-formed image, never anything else (fast-check)', async () => {
    const png = await encodePng({ width: 64, height: 64, colourType: 0, samples: greyToSamples(), interlaced: true });
    await fc.assert(fc.asyncProperty(damage(png), async (bytes) => void (await outcome(bytes))), { numRuns: 300, seed: 1 });
    // The same with CRCs repaired, so the WASM decoder itself meets the damage.
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(damage(png).map(fixCrcs), async (bytes) => void seen.add(await outcome(bytes))),
      { numRuns: 300, seed: 2 },
    );
    expect(seen.has('corrupt_image')).toBe(true);
  });

  it('mutated JPEGs (baseline and progressive): InputError or a well-formed image (fast-check)', async () => {
    for (const source of [encodeJpeg(digitLike), fixture('card-progressive.jpg'), fixture('card-orientation-6.jpg')]) {
      await fc.assert(fc.asyncProperty(damage(source), async (bytes) => void (await outcome(bytes))), { numRuns: 200, seed: 3 });
    }
  });

  it('a PNG with a bad CRC, a missing IEND, or no IDAT is corrupt_image before decoding', async () => {
    const png = await encodePng({ width: 8, height: 8, colourType: 0, samples: new Uint8Array(64) });
    const badCrc = png.slice();
    badCrc[40] ^= 1;
    const noIend = png.subarray(0, png.length - 12);
    const noIdat = Uint8Array.from([...png.subarray(0, 33), ...png.subarray(png.length - 12)]);
    for (const bytes of [badCrc, noIend, noIdat]) {
      await expect(decode(bytes)).rejects.toMatchObject({ kind: 'invalid', code: 'corrupt_image' });
    }
  });
});

describe('WASM PNG decoder recovery', () => {
  it('uses a fresh instance after each failure: 300 broken files later it still decodes, with bounded memory', async () => {
    const instances: PngWasmExports[] = [];
    const decoder = createPngDecoder(async (resolve) => {
      const exports = await instantiatePngNode(resolve);
      instances.push(exports);
      return exports;
    });
    const samples = Uint8Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 31) % 256);
    const good = await encodePng({ width: 300, height: 300, colourType: 2, samples, level: 1 });
    // Valid CRCs but the zlib stream cut short: only the WASM decoder can notice.
    const idatEnd = good.length - 12;
    const broken = fixCrcs(Uint8Array.from([...good.subarray(0, idatEnd - 4000), ...good.subarray(idatEnd)]));
    new DataView(broken.buffer).setUint32(33, new DataView(good.buffer).getUint32(33) - 4000);
    const fixed = fixCrcs(broken);
    for (let i = 0; i < 300; i++) await expect(decoder(fixed)).rejects.toMatchObject({ code: 'corrupt_image' });
    expect(instances.length).toBe(300);
    const image = await decoder(good);
    expect(Array.from(image.data.subarray(0, 8))).toEqual([0, 31, 62, 255, 93, 124, 155, 255]);
    expect(instances.length).toBe(301);
    expect(Math.max(...instances.map((e) => e.memory.buffer.byteLength))).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('WASM PNG decoder under concurrent requests', () => {
  it('good and broken PNGs decoded at once: every good one succeeds, no instance is used after it failed', async () => {
    let instantiated = 0;
    const decoder = createPngDecoder(async (resolve) => {
      instantiated++;
      return instantiatePngNode(resolve);
    });
    const good = await encodePng({ width: 40, height: 30, colourType: 0, samples: Uint8Array.from({ length: 1200 }, (_, i) => i % 256) });
    const broken = fixCrcs(good.map((b, i) => (i > 60 && i < good.length - 20 ? b ^ 0x5a : b)));
    const spy = (bytes: Uint8Array) =>
      decoder(bytes).then(
        (image) => ({ ok: true as const, image }),
        (err: unknown) => ({ ok: false as const, err }),
      );
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => spy(i % 3 === 0 ? broken : good)));
    results.forEach((r, i) => {
      if (i % 3 === 0) expect(r.ok ? 'decoded' : (r.err as InputError).code).toBe('corrupt_image');
      else expect(r.ok && Array.from(r.image.data.subarray(0, 8))).toEqual([0, 0, 0, 255, 1, 1, 1, 255]);
    });
    // One instance to start, at most one more per failure (none is reused after it failed).
    expect(instantiated).toBeGreaterThan(1);
    expect(instantiated).toBeLessThanOrEqual(1 + 8);
  });
});

function greyToSamples(): Uint8Array {
  const out = new Uint8Array(64 * 64);
  for (let i = 0; i < out.length; i++) out[i] = digitLike.data[i * 4];
  return out;
}
