// Integration: accuracy through the Worker on MNIST test digits uploaded the ways people upload them
// (scripts/fixtures/upload-kinds.ts): each kind >= 98.5% and within one point of the raw 28x28 digits.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import canvasOffcentre from '../fixtures/digits/kind-canvas-offcentre.json';
import chalkboardJpeg from '../fixtures/digits/kind-chalkboard-jpeg.json';
import exifRotated from '../fixtures/digits/kind-exif-rotated.json';
import grey16 from '../fixtures/digits/kind-grey16.json';
import paletteCorner from '../fixtures/digits/kind-palette-corner.json';
import paperPhoto from '../fixtures/digits/kind-paper-photo.json';
import thick from '../fixtures/digits/kind-thick.json';
import thin from '../fixtures/digits/kind-thin.json';
import raw from '../fixtures/digits/raw.json';

interface Upload {
  index: number;
  label: number;
  png?: string;
  jpeg?: string;
}

const KINDS: Record<string, Upload[]> = {
  'paper photo (black ink on white, large RGB, off-centre)': paperPhoto,
  'canvas export, transparent, off-centre': canvasOffcentre,
  'chalkboard photo (JPEG q70, blur, noise)': chalkboardJpeg,
  '16-bit greyscale PNG': grey16,
  'palette PNG, small coloured digit in a corner': paletteCorner,
  'thick strokes': thick,
  'thin strokes': thin,
  'JPEG rotated, with the EXIF orientation that undoes it': exifRotated,
};
const MIN_ACCURACY = 0.985;
const MAX_DROP = 0.01;
const BATCH = 100; // MAX_IMAGES_PER_REQUEST

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

async function predict(set: Upload[]): Promise<number[]> {
  const digits: number[] = [];
  for (let start = 0; start < set.length; start += BATCH) {
    const form = new FormData();
    for (const d of set.slice(start, start + BATCH)) {
      const [bytes, type] = d.png ? [d.png, 'image/png'] : [d.jpeg!, 'image/jpeg'];
      form.append('image', new Blob([bytesOf(bytes)], { type }), `digit-${d.index}`);
    }
    const res = await SELF.fetch('http://localhost/api/digits/classify', { method: 'POST', body: form });
    const body = (await res.json()) as { results: { digit: number }[] };
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    digits.push(...body.results.map((r) => r.digit));
  }
  return digits;
}

const accuracy = (set: Upload[], digits: number[]) => set.filter((d, i) => digits[i] === d.label).length / set.length;

describe('upload kinds, classified through the Worker', () => {
  for (const [kind, set] of Object.entries(KINDS)) {
    it(`${kind}: >= ${MIN_ACCURACY * 100}% and within a point of the raw digits`, async () => {
      // The same MNIST digits as 28x28 PNGs are the baseline.
      const baseline = set.map((d) => raw.find((r) => r.index === d.index)!);
      expect(baseline.every(Boolean)).toBe(true);
      const [kindAcc, rawAcc] = [accuracy(set, await predict(set)), accuracy(baseline, await predict(baseline))];
      expect(kindAcc).toBeGreaterThanOrEqual(MIN_ACCURACY);
      expect(rawAcc - kindAcc).toBeLessThanOrEqual(MAX_DROP + 1e-9);
    });
  }
});
