// /api/cluster: K-Means, Mini-Batch K-Means, Mean Shift and the elbow table, each on JSON or CSV points.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import { elbowRoute } from './elbow';
import { jsonOrCsv } from './input';
import { kmeansRoute } from './kmeans';
import { meanShiftRoute } from './meanshift';
import { miniBatchRoute } from './minibatch-kmeans';

/** Built on the isolate's first clustering request (see functions/app.ts). */
export function clusterRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  // Before the routes' validators, so a wrong Content-Type gets a 415 that says what is accepted.
  app.use('*', jsonOrCsv);
  return app.route('/', kmeansRoute()).route('/', miniBatchRoute()).route('/', meanShiftRoute()).route('/', elbowRoute());
}
