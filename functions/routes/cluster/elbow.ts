// POST /api/cluster/elbow: K-Means inertia and silhouette score for each k in kMin..kMax, to choose k.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import { elbow, type ElbowOptions } from '../../core/cluster/elbow';
import { readPoints } from './input';
import { clusterSchemas, csvQuery, jsonBody } from './params';
import { clusterErrors, csvBody } from './responses';

/** Built on the isolate's first clustering request, with the schemas (see functions/app.ts). */
export function elbowRoute() {
  const { elbowParams } = clusterSchemas();
  const Body = jsonBody('ElbowRequest', elbowParams).omit({ trueLabels: true });
  const Query = csvQuery('ElbowQuery', elbowParams);
  const Response = z
    .object({
      results: z.array(
        z.object({
          k: z.number().int(),
          inertia: z.number(),
          silhouette: z.number().nullable().openapi({ description: 'null for k = 1 (undefined)' }),
          nIter: z.number().int(),
        }),
      ),
      params: z.object({
        kMin: z.number().int(),
        kMax: z.number().int(),
        init: z.enum(['k-means++', 'random']),
        nInit: z.number().int(),
        maxIter: z.number().int(),
        tol: z.number(),
        seed: z.number().int(),
        algorithm: z.string(),
        silhouetteSampleSize: z.number().int(),
      }),
      warnings: z.array(z.string()),
      droppedRows: z.number().int(),
      columns: z.array(z.string()).optional(),
    })
    .openapi('ElbowResult');

  const route = createRoute({
    method: 'post',
    path: '/elbow',
    summary: 'Elbow table: inertia and silhouette for each k',
    description:
      'Runs K-Means (same parameters and defaults as /kmeans) for every k from kMin to kMax and scores each with ' +
      'the silhouette (on a seeded sample of `silhouetteSampleSize` points above that size).',
    request: { query: Query, body: { content: { 'application/json': { schema: Body }, ...csvBody() } } },
    responses: {
      200: { description: 'One row per k', content: { 'application/json': { schema: Response } } },
      ...clusterErrors,
    },
  });

  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    const input = await readPoints<ElbowOptions>(c, () => c.req.valid('json'), () => c.req.valid('query'));
    const r = elbow(input.points, { ...input.params, maxWork: c.get('limits').maxWork });
    return c.json(
      {
        results: r.results,
        params: r.params,
        warnings: r.warnings,
        droppedRows: input.droppedRows,
        ...(input.columns ? { columns: input.columns } : {}),
      },
      200,
    );
  });
}
