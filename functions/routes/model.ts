// GET /api/model: the served model's training record (metrics.json): architecture, history, test scores.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { loadClassifier, type Classifier } from '../runtime/classifier';
import { ApiError, ErrorSchema } from '../errors';
import { ModelMetricsSchema } from '../runtime/model-metrics-schema';

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'The served model and how it was trained',
  description: 'metrics.json written by training, for the model this Worker is running.',
  responses: {
    200: { description: "The model's metrics", content: { 'application/json': { schema: ModelMetricsSchema } } },
    503: { description: 'The model could not be loaded (`model_unavailable`)', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export function modelRoutes(load: () => Promise<Classifier> = loadClassifier) {
  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    const classifier = await load().catch((error: unknown) => {
      throw new ApiError(503, 'model_unavailable', `model unavailable: ${error instanceof Error ? error.message : String(error)}`);
    });
    // Served only for a model that loads, so the page never shows numbers for a model that is not running.
    return c.json(classifier.metrics, 200);
  });
}

export const model = modelRoutes();
