// Integration: POST /api/digits/classify on 200 real MNIST test digits, as the raw 28x28 PNG, drawn black on white
// at 280x280, a transparent canvas export and JSON pixels: each set about as accurate as the raw digits.
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import canvas from '../fixtures/digits/canvas.json';
import drawn from '../fixtures/digits/drawn.json';
import pixels from '../fixtures/digits/pixels.json';
import raw from '../fixtures/digits/raw.json';

const URL = 'http://localhost/api/digits/classify';
/** The model scores ~98.5% on all 10,000 test images; 200 of them leave room for a few unlucky ones. */
const MIN_ACCURACY = 0.97;
/** Converting a drawing to MNIST style may cost a little, never much. */
const MAX_DROP = 0.015;
const BATCH = 100; // MAX_IMAGES_PER_REQUEST

interface Prediction {
  digit: number;
  confidence: number;
  probabilities: number[];
  preprocessed: number[];
}
interface PngFixture {
  index: number;
  label: number;
  png: string;
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Classifies a set through multipart uploads of BATCH files; results come back in upload order. */
async function classifyAll(set: PngFixture[]): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (let start = 0; start < set.length; start += BATCH) {
    const form = new FormData();
    for (const d of set.slice(start, start + BATCH)) {
      form.append('image', new Blob([bytesOf(d.png)], { type: 'image/png' }), `mnist-${d.index}.png`);
    }
    const res = await SELF.fetch(URL, { method: 'POST', body: form });
    const body = (await res.json()) as { results: Prediction[] };
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    predictions.push(...body.results);
  }
  return predictions;
}

function accuracy(set: { label: number }[], predictions: Prediction[]): number {
  expect(predictions).toHaveLength(set.length);
  return set.filter((d, i) => predictions[i].digit === d.label).length / set.length;
}

function expectWellFormed(p: Prediction): void {
  expect(p.probabilities).toHaveLength(10);
  expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expect(p.confidence).toBe(p.probabilities[p.digit]);
  expect(Math.max(...p.probabilities)).toBe(p.confidence);
  expect(p.preprocessed).toHaveLength(784);
  expect(p.preprocessed.every((v) => v >= 0 && v <= 1)).toBe(true);
}

describe('classifying 200 real MNIST test digits', () => {
  let rawPredictions: Prediction[];
  let rawAccuracy: number;
  beforeAll(async () => {
    rawPredictions = await classifyAll(raw);
    rawAccuracy = accuracy(raw, rawPredictions);
  });

  it(`raw 28x28 PNGs: >= ${MIN_ACCURACY * 100}%`, () => {
    rawPredictions.forEach(expectWellFormed);
    expect(rawAccuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });

  it.each([
    ['black on white, 280x280', drawn],
    ['transparent canvas export, 280x280', canvas],
  ])('%s: as accurate as the raw digits', async (_name, set) => {
    const predictions = await classifyAll(set);
    predictions.forEach(expectWellFormed);
    const acc = accuracy(set, predictions);
    expect(acc).toBeGreaterThanOrEqual(MIN_ACCURACY);
    expect(acc).toBeGreaterThanOrEqual(rawAccuracy - MAX_DROP);
  });

  it('JSON pixels (784 values): the same answers as the raw PNGs', async () => {
    const predictions: Prediction[] = [];
    for (const d of pixels) {
      const res = await SELF.fetch(URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pixels: d.pixels }),
      });
      expect(res.status).toBe(200);
      predictions.push((await res.json()) as Prediction);
    }
    expect(accuracy(pixels, predictions)).toBeGreaterThanOrEqual(MIN_ACCURACY);
    // Same digit, same preprocessing, same model: the PNG and the pixel paths must agree exactly.
    predictions.forEach((p, i) => {
      expect(pixels[i].index).toBe(raw[i].index);
      expect(p.digit).toBe(rawPredictions[i].digit);
      p.probabilities.forEach((v, d) => expect(v).toBeCloseTo(rawPredictions[i].probabilities[d], 6));
    });
  });

  it('JSON pixels as 28 rows of 28 give the same answer as 784 values', async () => {
    const flat = pixels[0].pixels;
    const rows = Array.from({ length: 28 }, (_, r) => flat.slice(r * 28, (r + 1) * 28));
    const answers = await Promise.all(
      [flat, rows].map(async (p) => {
        const res = await SELF.fetch(URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ pixels: p }),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as Prediction;
      }),
    );
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0].digit).toBe(pixels[0].label);
  });
});

describe('response shapes', () => {
  it('one raw PNG answers a single prediction', async () => {
    const d = raw.find((x) => x.label === 7)!;
    const res = await SELF.fetch(URL, { method: 'POST', headers: { 'content-type': 'image/png' }, body: bytesOf(d.png) });
    expect(res.status).toBe(200);
    const p = (await res.json()) as Prediction;
    expectWellFormed(p);
    expect(p.digit).toBe(7);
    expect(p.confidence).toBeGreaterThan(0.9);
  });

  it('several files answer {results} in upload order, each as if sent alone', async () => {
    // One of each digit, in a shuffled order, mixing the three kinds of image.
    const order = [3, 9, 0, 6, 1, 8, 2, 5, 7, 4];
    const sets = [raw, drawn, canvas];
    const chosen = order.map((digit, i) => sets[i % 3].find((x) => x.label === digit && x.index !== 0)!);
    const form = new FormData();
    for (const d of chosen) form.append('image', new Blob([bytesOf(d.png)], { type: 'image/png' }), `${d.index}.png`);
    const res = await SELF.fetch(URL, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Prediction[] };
    expect(results.map((r) => r.digit)).toEqual(order);

    for (const [i, d] of chosen.entries()) {
      const alone = await SELF.fetch(URL, { method: 'POST', headers: { 'content-type': 'image/png' }, body: bytesOf(d.png) });
      const single = (await alone.json()) as Prediction;
      expect(results[i].preprocessed).toEqual(single.preprocessed);
      results[i].probabilities.forEach((v, k) => expect(v).toBeCloseTo(single.probabilities[k], 5));
    }
  });
});
