// The committed digit fixtures (test/fixtures/digits) are what the manifest says: real MNIST test digits, every
// set and upload kind decodes, and preprocessing each file lands close to the raw digit through the same pipeline.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../functions/core/image/decode';
import { preprocessImage, preprocessPixels } from '../../../functions/core/image/preprocess';
import type { DecodedImage } from '../../../functions/core/image/types';
import { decodePngNode } from '../../../scripts/lib/node-png';
import { mnistTestDigit, mnistTestLabel } from './mnist';

const dir = new URL('../../fixtures/digits/', import.meta.url);
const read = <T>(name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;

interface Manifest {
  seed: number;
  perClass: number;
  indices: number[];
  sets: Record<string, { count: number }>;
  kinds: Record<string, { count: number; format: 'png' | 'jpeg' }>;
  bytes: { total: number };
}
type Entry = { index: number; label: number; png?: string; jpeg?: string };

const manifest = read<Manifest>('manifest.json');
const pixels = read<{ index: number; label: number; pixels: number[] }[]>('pixels.json');
const decode = (e: Entry) => decodeImage(new Uint8Array(Buffer.from(e.png ?? e.jpeg ?? '', 'base64')), { maxPixels: 1 << 22, png: decodePngNode });
const reference = new Map(pixels.map((p) => [p.index, preprocessPixels(p.pixels)]));
const mad = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe('digit fixtures', () => {
  it('are 200 real MNIST test digits, 20 of each label, with their true labels and pixels', () => {
    expect(manifest.indices).toHaveLength(200);
    expect(new Set(manifest.indices).size).toBe(200);
    expect(pixels.map((p) => p.index)).toEqual(manifest.indices);
    const perLabel = new Array(10).fill(0);
    for (const p of pixels) {
      expect(p.label).toBe(mnistTestLabel(p.index));
      expect(p.pixels).toEqual(Array.from(mnistTestDigit(p.index)));
      perLabel[p.label]++;
    }
    expect(perLabel).toEqual(new Array(10).fill(20));
    expect(manifest.bytes.total).toBeLessThan(5.5 * 1024 * 1024);
  });

  it('raw.json decodes to exactly the MNIST pixels (8-bit grey, 28x28)', async () => {
    for (const e of read<Entry[]>('raw.json')) {
      const image = await decode(e);
      expect([image.width, image.height]).toEqual([28, 28]);
      const red = Array.from({ length: 784 }, (_, i) => image.data[i * 4]);
      expect(red).toEqual(Array.from(mnistTestDigit(e.index)));
    }
  });

  it('drawn.json (black on white) and canvas.json (transparent RGBA) preprocess to the same input', async () => {
    const drawn = read<Entry[]>('drawn.json');
    const canvas = read<Entry[]>('canvas.json');
    expect(canvas.map((e) => e.index)).toEqual(manifest.indices);
    for (let i = 0; i < drawn.length; i += 10) {
      const [a, b] = await Promise.all([decode(drawn[i]), decode(canvas[i])]);
      expect([a.width, a.height, b.width, b.height]).toEqual([280, 280, 280, 280]);
      expect(b.data[3]).toBe(0); // transparent corner
      expect(mad(preprocessImage(a), preprocessImage(b))).toBeLessThan(1e-3);
    }
  });

  // Mean absolute difference from the raw digit's input, per kind (measured 0.024-0.034; thick/thin 0.052-0.054,
  // their strokes differ by design). Bounds leave room for rounding, not for a broken kind.
  const bounds: Record<string, number> = { thick: 0.065, thin: 0.065 };
  const files = [
    ...Object.entries(manifest.sets).map(([name, { count }]) => ({ name, count, file: `${name}.json`, format: 'png' as const })),
    ...Object.entries(manifest.kinds).map(([name, { count, format }]) => ({ name, count, file: `kind-${name}.json`, format })),
  ];
  for (const { name, count, file, format } of files) {
    it(`${name}: ${count} files decode and preprocess close to the raw digit`, async () => {
      const entries = read<Entry[]>(file);
      expect(entries).toHaveLength(count);
      let sum = 0;
      for (const e of entries) {
        expect(e.label).toBe(mnistTestLabel(e.index));
        expect(e[format]).toBeTypeOf('string');
        const image: DecodedImage = await decode(e);
        sum += mad(preprocessImage(image), reference.get(e.index)!);
      }
      expect(sum / entries.length).toBeLessThan(bounds[name] ?? 0.04);
    });
  }
});
