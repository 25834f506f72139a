// Integration: /api/model serves the running model's metrics.json unchanged, or 503 when the model cannot load.
import { OpenAPIHono } from '@hono/zod-openapi';
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../functions/errors';
import { modelRoutes } from '../../functions/routes/model';
import { createClassifier } from '../../functions/runtime/classifier';
import { modelMetricsSchema } from '../../functions/runtime/model-metrics-schema';
import { servedModel } from '../../functions/runtime/served-model';

const { metrics } = servedModel;

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

  it('is 503 for a metrics.json malformed beyond what serving reads, while that model still classifies', async () => {
    // The classifier checks the fields it serves with at load; the whole file is checked where it is shown.
    const { architecture: _dropped, ...partial } = metrics;
    const classifier = await createClassifier({ ...servedModel, metrics: partial });
    expect(classifier.classify([new Float32Array(784)])[0].probabilities).toHaveLength(10);
    const app = new OpenAPIHono().route('/', modelRoutes(() => Promise.resolve(classifier)));
    app.onError((err, c) => toErrorResponse(err, c));
    const res = await app.request('/');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('model_unavailable');
    expect(body.error.message).toMatch(/^model unavailable: metrics\.json is malformed: architecture: /);
  });
});

describe('modelMetricsSchema', () => {
  it("keeps every optional field of ModelMetrics (the pooled recipe's), stripping none", () => {
    const report = { flaggedShare: 0.02, acceptedAccuracy: 0.997, errorsFlaggedShare: 0.6 };
    const full = {
      ...metrics,
      weightDtype: 'float16',
      uncertainThreshold: 0.62,
      uncertainty: { rule: 'keep 99.5% of correct validation predictions', keepCorrect: 0.995, validation: report, test: report },
      validation: { images: 5000, accuracy: 0.994, loss: 0.02, ece: 0.004 },
      training: {
        ...metrics.training,
        threads: 2,
        validationImages: 5000,
        selectedEpoch: 18,
        schedule: 'cosine from 0.002 to 2e-5 after 1 warm-up epoch',
        augmentation: {
          maxShift: 2, maxRotation: 12, minScale: 0.9, maxScale: 1.1, maxShear: 0.15,
          strokeProbability: 0.3, elasticProbability: 0.3, elasticAlpha: 30, elasticSigma: 4,
        },
      },
      test: { ...metrics.test, ece: 0.005 },
    };
    expect(modelMetricsSchema().parse(full)).toEqual(full);
  });
});
