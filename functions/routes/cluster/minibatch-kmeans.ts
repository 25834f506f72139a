// POST /api/cluster/minibatch-kmeans: Mini-Batch K-Means with scikit-learn's semantics (MiniBatchKMeans).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import { miniBatchKMeans, type MiniBatchKMeansOptions } from '../../core/cluster/minibatch-kmeans';
import { clusterAnswer } from './answer';
import { checkTrueLabels, readPoints } from './input';
import { clusterResponse, clusterSchemas, csvQuery, jsonBody } from './params';
import { clusterErrors, csvBody } from './responses';

/** Built on the isolate's first clustering request, with the schemas (see functions/app.ts). */
export function miniBatchRoute() {
  const { miniBatchParams, miniBatchParamsOut } = clusterSchemas();
  const Body = jsonBody('MiniBatchKMeansRequest', miniBatchParams);
  const Query = csvQuery('MiniBatchKMeansQuery', miniBatchParams);
  const Response = clusterResponse('MiniBatchKMeansResult', miniBatchParamsOut, {
    nSteps: z.number().int().openapi({ description: 'Mini-batches processed (sklearn `n_steps_`); nIter counts passes over the data' }),
  });

  const route = createRoute({
    method: 'post',
    path: '/minibatch-kmeans',
    summary: 'Mini-Batch K-Means (scikit-learn MiniBatchKMeans)',
    description:
      'Random mini-batches move each centre towards its points with a 1/count learning rate; stops when the ' +
      'smoothed batch inertia has not improved for `maxNoImprovement` batches (or after maxIter passes); centres ' +
      'with few points are moved to random points. Labels and inertia are for all points and the final centres.',
    request: { query: Query, body: { content: { 'application/json': { schema: Body }, ...csvBody() } } },
    responses: {
      200: { description: 'The clusters', content: { 'application/json': { schema: Response } } },
      ...clusterErrors,
    },
  });

  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    const input = await readPoints<MiniBatchKMeansOptions>(c, () => c.req.valid('json'), () => c.req.valid('query'));
    const trueLabels = checkTrueLabels(input.trueLabels, input.points.n);
    const r = miniBatchKMeans(input.points, { ...input.params, maxWork: c.get('limits').maxWork });
    return c.json({ ...clusterAnswer(r, input, trueLabels), nSteps: r.nSteps }, 200);
  });
}
