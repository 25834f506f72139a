// Builds the API: mounts one sub-app per resource under /api, maps every error to the one error shape.
// First: tfjs-core's platform must be in place before any tfjs-core module evaluates (see the file).
import './runtime/tfjs-platform';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env';
import { limitsFrom } from './config';
import { ApiError, toErrorResponse } from './errors';
import { cluster } from './routes/cluster';
import { datasets } from './routes/datasets';
import { docs } from './routes/docs';
import { health } from './routes/health';
import { digits } from './routes/digits';
import { model } from './routes/model';
import { isAllowedOrigin } from './origins';
import { validationHook } from './validation';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // API responses are data, never pages: no sniffing, no framing, no referrer leaks.
  app.use('/api/*', secureHeaders({ crossOriginResourcePolicy: false }));
  app.use('/api/*', async (c, next) => {
    const limits = limitsFrom(c.env);
    c.set('limits', limits);
    const allow = cors({
      origin: (origin) => (isAllowedOrigin(origin, c.req.url, limits.allowedOrigins) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    });
    return allow(c, next);
  });
  app.use('/api/*', async (c, next) => {
    const limits = c.get('limits');
    const limit = bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `request body is larger than ${limits.maxBodyBytes} bytes`);
      },
    });
    return limit(c, next);
  });

  const routes = app
    .route('/api/health', health)
    .route('/api/model', model)
    .route('/api/digits', digits)
    .route('/api/cluster', cluster)
    .route('/api/datasets', datasets);

  app.doc31('/api/openapi.json', {
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
  app.route('/api/docs', docs);

  app.notFound((c) => {
    const path = c.req.path.replace(/\/+$/, '') || '/';
    const methods = app.routes
      .filter((r) => r.method !== 'ALL' && r.path === path)
      .map((r) => r.method);
    if (methods.length > 0) {
      c.header('Allow', [...new Set(methods)].join(', '));
      return toErrorResponse(
        new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${path}; use ${[...new Set(methods)].join(' or ')}`),
        c,
      );
    }
    return toErrorResponse(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`), c);
  });
  app.onError((err, c) => toErrorResponse(err, c));

  return { app, routes };
}

const built = createApp();
export const app = built.app;
/** The typed route tree, for the page's `hc<AppType>` client. */
export type AppType = typeof built.routes;
