// The Worker's app: the API's middleware, digit classification built at isolate start, the rest on first use.
//
// Why not every route at start-up: building a route builds its zod schemas and their OpenAPI metadata, and that
// was 7 of a fresh isolate's 28 ms of module evaluation for routes a digit request never touches (clustering
// and datasets, mostly). A cold isolate must answer a digit fast, so that one route is mounted here, and every
// other /api request goes to the whole API tree (api.ts), built by the first such request and kept for the
// isolate's life. The tree has the digits route too, so it stays the one contract (OpenAPI, typed client).
// Not a dynamic import(): the bundler then wraps every module the tree imports, tfjs and zod included, in a
// lazy initialiser, which cost more start-up than it saved (measured). So the modules only api.ts needs build
// no schemas at module level: each route module exports a function that builds its schemas and routes.
// First: tfjs-core's platform must be in place before any tfjs-core module evaluates (see the file).
import './runtime/tfjs-platform';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LinearRouter } from 'hono/router/linear-router';
import { createApi } from './api';
import type { AppEnv } from './app-env';
import { handleErrors } from './errors';
import { useApiMiddleware } from './middleware';
import { digits } from './routes/digits';
import { validationHook } from './validation';

export function createApp() {
  // LinearRouter: for three routes, matching down a list beats compiling RegExpRouter's matcher on the first
  // request (about 1 ms of a cold start).
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, router: new LinearRouter() });
  useApiMiddleware(app);
  app.route('/api/digits', digits);

  let api: OpenAPIHono<AppEnv> | undefined;
  app.all('/api/*', (c) => {
    api ??= createApi().api;
    return api.fetch(c.req.raw, c.env, executionContextOf(c));
  });
  handleErrors(app);
  return app;
}

/** Hono's getter throws when there is none (`app.request` in tests); Hono's own `mount` reads it the same way. */
function executionContextOf(c: Context): Context['executionCtx'] | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

export const app = createApp();
