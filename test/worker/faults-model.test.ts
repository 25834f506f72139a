// Integration, fault: the Worker as deployed but with a truncated weights file. /api/health says 503 with the reason,
// classification and /api/model answer 503 model_unavailable, and clustering keeps working. No test-only route or
// flag exists in production: the fault is injected by mocking the module that names the served model, and this
// file runs in its own isolate, so no other test sees it.
import { SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { expectError, ORIGIN, rawPngs } from './fuzz-inputs';

vi.mock('../../functions/runtime/served-model', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/runtime/served-model')>();
  const { weights } = real.servedModel;
  return { ...real, servedModel: { ...real.servedModel, weights: weights.slice(0, weights.byteLength - 4096) } };
});

const classify = () =>
  SELF.fetch(`${ORIGIN}/api/digits/classify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: rawPngs[0] });
const kmeans = () =>
  SELF.fetch(`${ORIGIN}/api/cluster/kmeans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ points: [[0, 0], [0, 1], [9, 9], [9, 8]], nClusters: 2 }),
  });

describe('the model fails to load', () => {
  it('/api/health is 503 with the reason; the backend itself is reported healthy', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/health`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(503);
    expect(body).toMatchObject({ status: 'unavailable', backend: 'wasm', simd: true, model: null });
    expect(body.reason).toMatch(/should have \d+ values but has \d+/);
  });

  it('classification answers 503 model_unavailable with the same reason, every time', async () => {
    for (let i = 0; i < 3; i++) {
      const { error } = await expectError(await classify(), 503, 'model_unavailable');
      expect(error.message).toMatch(/^model unavailable: .*should have \d+ values but has \d+/);
    }
  });

  it('bad input is still refused for what it is (400/415), before the model is needed', async () => {
    await expectError(
      await SELF.fetch(`${ORIGIN}/api/digits/classify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'nope' }),
      415,
      'unsupported_image',
    );
  });

  it('/api/model answers 503 model_unavailable', async () => {
    await expectError(await SELF.fetch(`${ORIGIN}/api/model`), 503, 'model_unavailable');
  });

  it('clustering, datasets and the contract keep working, interleaved with the failures', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await kmeans();
      const body = (await res.json()) as { labels: number[] };
      expect(res.status).toBe(200);
      expect(new Set(body.labels.slice(0, 2)).size).toBe(1);
      expect(body.labels[0]).not.toBe(body.labels[2]);
      await expectError(await classify(), 503, 'model_unavailable');
    }
    expect((await SELF.fetch(`${ORIGIN}/api/datasets/blobs?nSamples=10`)).status).toBe(200);
    expect((await SELF.fetch(`${ORIGIN}/api/openapi.json`)).status).toBe(200);
  });
});
