// Integration: /api/model/misclassified serves the served model's misclassified.json, one entry per index of
// metrics.json's test.misclassified; a file that is malformed or of other weights is a 503, never a wrong gallery.
import { OpenAPIHono } from '@hono/zod-openapi';
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { MisclassifiedFile } from '../../functions/core/misclassified-digits';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { toErrorResponse } from '../../functions/errors';
import { modelRoutes } from '../../functions/routes/model';
import { loadClassifier } from '../../functions/runtime/classifier';
import { servedMisclassified, servedModel } from '../../functions/runtime/served-model';

const metrics = servedModel.metrics as unknown as ModelMetrics;
const file = servedMisclassified as MisclassifiedFile;

function appWith(misclassified: unknown) {
  const app = new OpenAPIHono().route('/', modelRoutes(loadClassifier, misclassified));
  app.onError((err, c) => toErrorResponse(err, c));
  return app;
}

describe('GET /api/model/misclassified', () => {
  it('returns one digit per misclassified test index of /api/model, with 784 pixel bytes each', async () => {
    const res = await SELF.fetch('http://localhost/api/model/misclassified');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as MisclassifiedFile;
    // toEqual against the file: a field the schema forgot would be stripped and fail here.
    expect(body).toEqual(file);
    expect(body.recipe).toBe(metrics.recipe);
    expect(body.testImages).toBe(10_000);
    expect(body.digits).toHaveLength(metrics.test.misclassified.length);
    expect(body.digits.map((d) => d.index)).toEqual(metrics.test.misclassified);
    for (const d of body.digits) {
      expect(d.predicted).not.toBe(d.label);
      const bytes = Uint8Array.from(atob(d.pixels), (ch) => ch.charCodeAt(0));
      expect(bytes).toHaveLength(784);
      expect(Math.max(...bytes)).toBeGreaterThan(200); // ink, white on black
      expect(bytes[0]).toBe(0);
    }
    // The confusion matrix's off-diagonal cells count the same digits.
    const offDiagonal = metrics.test.confusionMatrix.reduce((n, row, t) => n + row.reduce((m, v, p) => m + (p === t ? 0 : v), 0), 0);
    expect(body.digits).toHaveLength(offDiagonal);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await SELF.fetch('http://localhost/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/api/model/misclassified']?.get?.responses ?? {}).sort()).toEqual(['200', '503']);
  });

  it('is 503 model_unavailable when the file is malformed', async () => {
    const broken = { ...file, digits: [{ ...file.digits[0], pixels: 'AAAA' }, ...file.digits.slice(1)] };
    const res = await appWith(broken).request('/misclassified');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('model_unavailable');
    expect(body.error.message).toMatch(/misclassified\.json is malformed: digits\.0\.pixels/);
  });

  it('is 503 model_unavailable when the file lists other digits than metrics.json', async () => {
    const stale = { ...file, digits: file.digits.slice(1) };
    const res = await appWith(stale).request('/misclassified');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/does not match metrics\.json/);
    // /api/model itself is unaffected.
    expect((await appWith(stale).request('/')).status).toBe(200);
  });
});
