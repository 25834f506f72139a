// PNG decoding through decodeImage + the WASM decoder: every colour type and bit depth, interlaced, tRNS.
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../functions/core/image/decode';
import { decodePngNode, encodePng, type PngColourType } from '../../../scripts/lib/node-png';
import { fixture, regionMean } from './helpers';

const decode = (bytes: Uint8Array) => decodeImage(bytes, { maxPixels: 1 << 20, png: decodePngNode });

const CHANNELS: Record<PngColourType, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const CASES: [PngColourType, (1 | 2 | 4 | 8 | 16)[]][] = [
  [0, [1, 2, 4, 8, 16]],
  [2, [8, 16]],
  [3, [1, 2, 4, 8]],
  [4, [8, 16]],
  [6, [8, 16]],
];

/**
 * Expected RGBA 8-bit for the samples our encoder wrote: low grey depths scale up to 8 bits (v * 255 / max);
 * 16-bit samples keep their high byte.
 */
function expected(ct: PngColourType, depth: number, samples: number[], palette: [number, number, number][], alpha: number[]): number[] {
  const max = (1 << depth) - 1;
  const outMax = 255;
  const up = (v: number) => (depth < 8 ? (v * 255) / max : depth === 16 ? v >> 8 : v);
  const out: number[] = [];
  const ch = CHANNELS[ct];
  for (let p = 0; p < samples.length / ch; p++) {
    const s = samples.slice(p * ch, p * ch + ch);
    if (ct === 0) out.push(up(s[0]), up(s[0]), up(s[0]), outMax);
    if (ct === 2) out.push(up(s[0]), up(s[1]), up(s[2]), outMax);
    if (ct === 3) out.push(...palette[s[0]], alpha[s[0]] ?? 255);
    if (ct === 4) out.push(up(s[0]), up(s[0]), up(s[0]), up(s[1]));
    if (ct === 6) out.push(...s.map(up));
  }
  return out;
}

describe('PNG colour types and bit depths', () => {
  for (const [ct, depths] of CASES) {
    for (const depth of depths) {
      for (const interlaced of [false, true]) {
        it(`colour type ${ct}, ${depth}-bit${interlaced ? ', Adam7 interlaced' : ''}`, async () => {
          const [width, height] = [13, 9]; // odd sizes: partial bytes per row, uneven interlace passes
          const max = (1 << depth) - 1;
          const samples = Array.from({ length: width * height * CHANNELS[ct] }, (_, i) => (i * 7919 + 13) % (max + 1));
          const palette = Array.from({ length: max + 1 }, (_, i): [number, number, number] => [(i * 37) % 256, (i * 91) % 256, (i * 13) % 256]);
          const alpha = ct === 3 ? [0, 64, 200].slice(0, max + 1) : [];
          const png = await encodePng({
            width, height, colourType: ct, bitDepth: depth, samples, interlaced,
            palette: ct === 3 ? palette : undefined,
            transparency: ct === 3 ? alpha : undefined,
          });
          const image = await decode(png);
          expect(image.width).toBe(width);
          expect(image.height).toBe(height);
          expect(image.data).toBeInstanceOf(Uint8Array);
          expect(Array.from(image.data)).toEqual(expected(ct, depth, samples, palette, alpha));
        });
      }
    }
  }

  it('grey with a tRNS colour key makes exactly that grey transparent', async () => {
    const samples = [0, 100, 200, 100];
    const image = await decode(await encodePng({ width: 2, height: 2, colourType: 0, samples, transparency: [100] }));
    expect(Array.from(image.data)).toEqual([0, 0, 0, 255, 100, 100, 100, 0, 200, 200, 200, 255, 100, 100, 100, 0]);
  });

  it('an interlaced 1x1 image (six empty Adam7 passes)', async () => {
    const image = await decode(await encodePng({ width: 1, height: 1, colourType: 2, samples: [1, 2, 3], interlaced: true }));
    expect(Array.from(image.data)).toEqual([1, 2, 3, 255]);
  });
});

describe('PNGs from a second encoder (Pillow, test/fixtures/images)', () => {
  // The card: white, black block at x 4..19 y 4..15, grey 128 block at x 32..43 y 20..27.
  it('1-bit grey', async () => {
    const image = await decode(fixture('card-grey1.png'));
    expect(regionMean(image, 0, 4, 4, 20, 16)).toBe(0);
    expect(regionMean(image, 0, 32, 20, 44, 28)).toBe(0); // 128 thresholded to black when written
    expect(regionMean(image, 0, 0, 0, 48, 4)).toBe(255);
  });

  it('4-bit palette with tRNS: the black block is transparent', async () => {
    const image = await decode(fixture('card-palette4-trns.png'));
    expect(regionMean(image, 3, 4, 4, 20, 16)).toBe(0);
    expect(regionMean(image, 3, 0, 0, 48, 4)).toBe(255);
    expect(regionMean(image, 0, 32, 20, 44, 28)).toBe(128);
  });

  it('16-bit grey arrives as 8 bits (the high byte)', async () => {
    const image = await decode(fixture('card-grey16.png'));
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(regionMean(image, 0, 32, 20, 44, 28)).toBe(128);
    expect(regionMean(image, 1, 0, 0, 48, 4)).toBe(255);
    expect(regionMean(image, 3, 0, 0, 48, 32)).toBe(255);
  });

  it('grey + alpha', async () => {
    const image = await decode(fixture('card-grey-alpha.png'));
    expect(regionMean(image, 0, 4, 4, 20, 16)).toBe(0);
    expect(regionMean(image, 2, 32, 20, 44, 28)).toBe(128);
    expect(regionMean(image, 3, 0, 0, 48, 32)).toBe(128);
  });
});
