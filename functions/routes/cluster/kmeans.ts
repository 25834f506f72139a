// POST /api/cluster/kmeans: K-Means with scikit-learn's semantics (KMeans) on JSON or CSV points.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import { kmeans, type KMeansOptions } from '../../core/cluster/kmeans';
import { clusterAnswer } from './answer';
import { checkTrueLabels, readPoints } from './input';
import { clusterResponse, clusterSchemas, csvQuery, jsonBody } from './params';
import { clusterErrors, csvBody } from './responses';

/** Built on the isolate's first clustering request, with the schemas (see functions/app.ts). */
export function kmeansRoute() {
  const { kmeansParams, kmeansParamsOut } = clusterSchemas();
  const Body = jsonBody('KMeansRequest', kmeansParams);
  const Query = csvQuery('KMeansQuery', kmeansParams);
  const Response = clusterResponse('KMeansResult', kmeansParamsOut, {});

  const route = createRoute({
    method: 'post',
    path: '/kmeans',
    summary: 'K-Means (scikit-learn KMeans)',
    description:
      'Best of `nInit` runs from k-means++ (or random, or given) centres; Lloyd iterations until the labels stop ' +
      'changing or the centres move less than `tol` x the mean per-feature variance; labels agree with the final centres.',
    request: { query: Query, body: { content: { 'application/json': { schema: Body }, ...csvBody() } } },
    responses: {
      200: { description: 'The clusters', content: { 'application/json': { schema: Response } } },
      ...clusterErrors,
    },
  });

  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    const input = await readPoints<KMeansOptions>(c, () => c.req.valid('json'), () => c.req.valid('query'));
    const trueLabels = checkTrueLabels(input.trueLabels, input.points.n);
    const r = kmeans(input.points, { ...input.params, maxWork: c.get('limits').maxWork });
    return c.json(clusterAnswer(r, input, trueLabels), 200);
  });
}
