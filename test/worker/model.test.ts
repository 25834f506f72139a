// Integration: /api/model serves the running model's metrics.json unchanged, or 503 when the model cannot load.
import { OpenAPIHono } from '@hono/zod-openapi';
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import metrics from '../../model/reference/metrics.json';
import { toErrorResponse } from '../../functions/errors';
import { modelRoutes } from '../../functions/routes/model';

describe('GET /api/model', () => {
  it('returns metrics.json exactly as training wrote it', async () => {
    const res = await SELF.fetch('http://localhost/api/model');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    // toEqual against the file itself: a field the response schema forgot would be stripped and fail here.
    expect(await res.json()).toEqual(metrics);
  });

  it('is 503 model_unavailable with the reason when the model cannot load', async () => {
    const app = new OpenAPIHono().route('/', modelRoutes(() => Promise.reject(new Error('model.json: bad layer'))));
    app.onError((err, c) => toErrorResponse(err, c));
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'model_unavailable', message: 'model unavailable: model.json: bad layer' },
    });
  });
});
