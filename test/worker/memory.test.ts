// Integration: classifying 1,000 images of different sizes in one isolate leaves tfjs's tensors and both WASM heaps
// (tfjs's and the PNG decoder's) where they were after warm-up; failing decodes do not grow them either.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { Random } from '../../functions/core/random';
import { memoryStats } from '../../functions/runtime/memory-stats';
import { expectError, ORIGIN, rawPngs } from './fuzz-inputs';
import { corruptDeepPng, thousandImages, type TestImage } from './memory-images';

const CLASSIFY = `${ORIGIN}/api/digits/classify`;
const BATCH = 100;

async function classify(batch: readonly TestImage[]): Promise<void> {
  const form = new FormData();
  batch.forEach((img, i) => form.append('image', new Blob([img.bytes], { type: img.type }), `${i}.${img.type.slice(6)}`));
  const res = await SELF.fetch(CLASSIFY, { method: 'POST', body: form });
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(200);
  expect((JSON.parse(text) as { results: unknown[] }).results).toHaveLength(batch.length);
}

describe('memory', () => {
  it('1,000 images of different sizes: tensors and WASM heaps return to their post-warm-up values', async () => {
    const images = await thousandImages();
    expect(images).toHaveLength(1000);
    expect(new Set(images.map((i) => `${i.width}x${i.height}`)).size).toBeGreaterThan(300);

    // Warm-up: the model loads (its weight tensors stay) and each heap grows to fit the largest batch and image.
    const largest = [...images].sort((a, b) => b.width * b.height - a.width * a.height).slice(0, BATCH);
    await classify(largest);
    const start = memoryStats();
    expect(start.numTensors).toBeGreaterThan(0); // the weights
    expect(start.tfWasmHeapBytes).toBeGreaterThan(0);
    expect(start.pngWasmHeapBytes).toBeGreaterThan(0);

    const random = new Random(1000);
    const order = images.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let i = 0; i < order.length; i += BATCH) await classify(order.slice(i, i + BATCH).map((k) => images[k]));

    expect(memoryStats()).toEqual(start);
  });

  it('300 PNGs that fail inside the WASM decoder leave no tensors behind and the decoder heap no larger', async () => {
    const good = rawPngs.slice(0, 3).map((bytes) => ({ bytes, type: 'image/png' as const, width: 28, height: 28 }));
    await classify(good);
    const start = memoryStats();
    for (let i = 0; i < 300; i++) {
      const png = await corruptDeepPng(64 + (i % 7) * 40, 48 + (i % 5) * 30, i);
      const res = await SELF.fetch(CLASSIFY, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
      const body = await expectError(res, 400, 'corrupt_image');
      // Past the header and chunk checks: the failure comes from inflating or unfiltering the data.
      expect(body.error.message).not.toMatch(/checksum|truncated|chunk|header/);
    }
    await classify(good); // and the decoder still works
    const end = memoryStats();
    expect(end.numTensors).toBe(start.numTensors);
    expect(end.backendDataIds).toBe(start.backendDataIds);
    expect(end.tfWasmHeapBytes).toBe(start.tfWasmHeapBytes);
    // After a failure the codec starts a fresh instance, so its heap may be smaller; it must never be larger.
    expect(end.pngWasmHeapBytes).toBeLessThanOrEqual(start.pngWasmHeapBytes);
  });
});
