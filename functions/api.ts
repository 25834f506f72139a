// Every route of the API in one tree: the contract (OpenAPI document, the page's typed client) and the handler
// of every request but digit classification, which app.ts serves itself. Built on the first such request.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';
import { handleErrors } from './errors';
import { setLimits } from './middleware';
import { clusterRoutes } from './routes/cluster';
import { datasetsRoutes } from './routes/datasets';
import { digits } from './routes/digits';
import { docs } from './routes/docs';
import { healthRoutes } from './routes/health';
import { modelRoutes } from './routes/model';
import { validationHook } from './validation';

export function createApi() {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Reached through app.ts, which has already run the rest of the API's middleware on the request.
  api.use('/api/*', setLimits);

  const routes = api
    .route('/api/health', healthRoutes())
    .route('/api/model', modelRoutes())
    .route('/api/digits', digits)
    .route('/api/cluster', clusterRoutes())
    .route('/api/datasets', datasetsRoutes());

  api.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'edgelearn API',
      version: '0.1.0',
      description:
        'Handwritten-digit recognition (a CNN trained on MNIST, run with TensorFlow.js WASM-SIMD) and point ' +
        'clustering (K-Means, Mini-Batch K-Means, Mean Shift with scikit-learn semantics) at the edge. ' +
        'Every error is `{"error": {"code", "message"}}`.',
    },
  });
  api.route('/api/docs', docs);
  handleErrors(api);

  return { api, routes };
}

/** The typed route tree, for the page's `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApi>['routes'];
