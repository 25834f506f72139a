// Integration: /api/health reports the WASM-SIMD backend and the loaded model, or 503 with the reason.
import { OpenAPIHono } from '@hono/zod-openapi';
import { KernelBackend, registerBackend, removeBackend, setBackend } from '@tensorflow/tfjs-core';
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../functions/errors';
import { healthRoutes } from '../../functions/routes/health';
import { loadClassifier } from '../../functions/runtime/classifier';
import { servedModel } from '../../functions/runtime/served-model';

const { metrics, modelJson } = servedModel;

/** Parameter count from the weight manifest, independently of what training wrote in metrics.json. */
const manifestParameters = modelJson.weightsManifest[0].weights.reduce(
  (sum, w) => sum + w.shape.reduce((a, b) => a * b, 1),
  0,
);

class StandInBackend extends KernelBackend {
  override dispose(): void {}
}

describe('GET /api/health', () => {
  it('is ok on the wasm backend with SIMD and names the model', async () => {
    const res = await SELF.fetch('http://localhost/api/health');
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({
      status: 'ok',
      backend: 'wasm',
      simd: true,
      model: { recipe: metrics.recipe, parameters: manifestParameters, testAccuracy: metrics.test.accuracy },
    });
  });

  it('is 503 with the reason when the model cannot load', async () => {
    const app = new OpenAPIHono().route('/', healthRoutes(() => Promise.reject(new Error('weights.bin is truncated'))));
    app.onError((err, c) => toErrorResponse(err, c));
    const res = await app.request('/');
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, unknown>;
    // The backend itself is fine here, so it is still reported as wasm with SIMD.
    expect(body).toEqual({
      status: 'unavailable',
      backend: 'wasm',
      simd: true,
      model: null,
      reason: 'weights.bin is truncated',
    });
  });

  it('is 503 when tfjs has been switched off the wasm backend, naming the one in use', async () => {
    const app = new OpenAPIHono().route('/', healthRoutes(loadClassifier));
    await loadClassifier();
    // A stand-in backend: tfjs accepts any KernelBackend, which is exactly how a silent fallback would look.
    registerBackend('stand-in', () => new StandInBackend());
    expect(await setBackend('stand-in')).toBe(true);
    try {
      const res = await app.request('/');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'unavailable',
        backend: 'stand-in',
        reason: 'tfjs is running on the stand-in backend, not wasm',
      });
    } finally {
      expect(await setBackend('wasm')).toBe(true);
      removeBackend('stand-in');
    }
    expect((await app.request('/')).status).toBe(200);
  });
});
