// GET /api/model: the served model's training record (metrics.json): architecture, history, test scores.
// GET /api/model/misclassified: its misclassified test digits with their pixels (misclassified.json), for the gallery.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import type { MisclassifiedFile } from '../core/misclassified-digits';
import { loadClassifier, type Classifier } from '../runtime/classifier';
import { ApiError, ErrorSchema } from '../errors';
import { checkMisclassified, misclassifiedFileSchema } from '../runtime/misclassified-schema';
import { modelMetricsSchema } from '../runtime/model-metrics-schema';
import { servedMisclassified } from '../runtime/served-model';

const unavailable = { description: 'The model could not be loaded (`model_unavailable`)', content: { 'application/json': { schema: ErrorSchema } } };

function unavailableError(error: unknown): ApiError {
  return new ApiError(503, 'model_unavailable', `model unavailable: ${error instanceof Error ? error.message : String(error)}`);
}

/** Built on the isolate's first request for it (see functions/app.ts). */
export function modelRoutes(load: () => Promise<Classifier> = loadClassifier, misclassified: unknown = servedMisclassified) {
  const route = createRoute({
    method: 'get',
    path: '/',
    summary: 'The served model and how it was trained',
    description: 'metrics.json written by training, for the model this Worker is running.',
    responses: {
      200: { description: "The model's metrics", content: { 'application/json': { schema: modelMetricsSchema() } } },
      503: unavailable,
    },
  });

  const misclassifiedRoute = createRoute({
    method: 'get',
    path: '/misclassified',
    summary: 'The test digits the served model gets wrong',
    description:
      "Each MNIST test image the served model misclassifies (the indices of /api/model's `test.misclassified`), with " +
      'its true digit, the predicted digit, the confidence and its 28x28 pixels. Written beside the model by training ' +
      '(or `npm run misclassified`).',
    responses: {
      200: { description: 'The misclassified test digits', content: { 'application/json': { schema: misclassifiedFileSchema() } } },
      503: unavailable,
    },
  });

  // Checked once per isolate, on the first request for it (a rejection is kept: the file is bundled).
  let gallery: Promise<MisclassifiedFile> | undefined;
  const loadGallery = () => (gallery ??= load().then((classifier) => checkMisclassified(misclassified, classifier.report())));

  return new OpenAPIHono<AppEnv>()
    .openapi(route, async (c) => {
      // Served only for a model that loads, so the page never shows numbers for a model that is not running.
      const metrics = await load()
        .then((classifier) => classifier.report())
        .catch((error: unknown) => {
          throw unavailableError(error);
        });
      return c.json(metrics, 200);
    })
    .openapi(misclassifiedRoute, async (c) => {
      const file = await loadGallery().catch((error: unknown) => {
        throw unavailableError(error);
      });
      return c.json(file, 200);
    });
}

