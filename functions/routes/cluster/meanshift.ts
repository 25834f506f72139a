// POST /api/cluster/meanshift: Mean Shift with scikit-learn's semantics (MeanShift, estimate_bandwidth).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import { meanShift, type MeanShiftOptions } from '../../core/cluster/mean-shift';
import { clusterAnswer } from './answer';
import { checkTrueLabels, readPoints } from './input';
import { clusterResponse, clusterSchemas, csvQuery, jsonBody } from './params';
import { clusterErrors, csvBody } from './responses';

/** Built on the isolate's first clustering request, with the schemas (see functions/app.ts). */
export function meanShiftRoute() {
  const { meanShiftParams, meanShiftParamsOut } = clusterSchemas();
  const Body = jsonBody('MeanShiftRequest', meanShiftParams);
  const Query = csvQuery('MeanShiftQuery', meanShiftParams);
  const Response = clusterResponse('MeanShiftResult', meanShiftParamsOut, {
    intensities: z.array(z.number().int()).openapi({ description: 'Points within bandwidth of each centre when it converged' }),
  });

  const route = createRoute({
    method: 'post',
    path: '/meanshift',
    summary: 'Mean Shift (scikit-learn MeanShift)',
    description:
      'Flat kernel. Each seed (every point, or one per bandwidth-wide bin with `binSeeding`) moves to the mean of ' +
      'the points within `bandwidth` until it moves less than 1e-3 x bandwidth; modes closer than one bandwidth ' +
      'are merged, keeping the densest. The bandwidth defaults to sklearn’s estimate (reported in params).',
    request: { query: Query, body: { content: { 'application/json': { schema: Body }, ...csvBody() } } },
    responses: {
      200: { description: 'The clusters, densest first', content: { 'application/json': { schema: Response } } },
      ...clusterErrors,
    },
  });

  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    const input = await readPoints<MeanShiftOptions>(c, () => c.req.valid('json'), () => c.req.valid('query'));
    const trueLabels = checkTrueLabels(input.trueLabels, input.points.n);
    const r = meanShift(input.points, { ...input.params, maxWork: c.get('limits').maxWork });
    return c.json({ ...clusterAnswer(r, input, trueLabels), intensities: r.intensities }, 200);
  });
}
