// GET /api/datasets/blobs: scikit-learn's make_blobs (Gaussian blobs), seeded, for trying the clustering routes.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { assertSize } from '../core/cluster/limits';
import { makeBlobs, makeBlobsDefaults } from '../core/cluster/make-blobs';
import { toRows } from '../core/cluster/points';
import { ApiError, ErrorSchema } from '../errors';
import { coerceQueryValue } from './cluster/params';

/** "x,y;x,y" (rows separated by semicolons) -> number[][]. */
const listOfRows = (v: string) => v.split(';').map((row) => row.split(',').map((s) => Number(s.trim())));
const listOfNumbers = (v: string) => v.split(',').map((s) => Number(s.trim()));

/** Built on the isolate's first request for it, with its schemas (see functions/app.ts). */
export function datasetsRoutes() {
  const Query = z
    .strictObject({
      nSamples: z
        .preprocess(coerceQueryValue, z.number().int().min(1))
        .optional()
        .openapi({ description: 'Points in all (split evenly over the centres)', default: makeBlobsDefaults.nSamples }),
      centers: z
        .preprocess(
          (v) => (typeof v === 'string' && v.includes(',') ? listOfRows(v) : coerceQueryValue(v)),
          z.union([z.number().int().min(1), z.array(z.array(z.number()).min(1)).min(1)], {
            error: 'centers must be a count (>= 1) or centres as "x,y;x,y"',
          }),
        )
        .optional()
        .openapi({ type: 'string', description: 'A count (random centres in centerBox) or "x,y;x,y"', default: '3' }),
      nFeatures: z
        .preprocess(coerceQueryValue, z.number().int().min(1))
        .optional()
        .openapi({ description: 'Dimensions (with a count of centres)', default: makeBlobsDefaults.nFeatures }),
      clusterStd: z
        .preprocess(
          (v) => (typeof v === 'string' && v.includes(',') ? listOfNumbers(v) : coerceQueryValue(v)),
          z.union([z.number().min(0), z.array(z.number().min(0))], { error: 'clusterStd must be a number >= 0 or one per centre "a,b,c"' }),
        )
        .optional()
        .openapi({ type: 'string', description: 'Standard deviation, or one per centre "a,b,c"', default: '1' }),
      centerBox: z
        .preprocess((v) => (typeof v === 'string' ? listOfNumbers(v) : v), z.tuple([z.number(), z.number()]))
        .optional()
        .openapi({ type: 'string', description: 'Bounds of random centres "low,high"', default: '-10,10' }),
      shuffle: z.preprocess(coerceQueryValue, z.boolean()).optional().openapi({ default: true }),
      seed: z.preprocess(coerceQueryValue, z.number().int().min(0).max(2 ** 32 - 1)).optional().openapi({ default: 0 }),
    })
    .openapi('BlobsQuery');

  const Response = z
    .object({
      points: z.array(z.array(z.number())),
      labels: z.array(z.number().int()).openapi({ description: 'Blob of each point' }),
      centers: z.array(z.array(z.number())),
    })
    .openapi('Blobs');

  const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

  const route = createRoute({
    method: 'get',
    path: '/blobs',
    summary: 'Gaussian blobs (scikit-learn make_blobs)',
    description:
      'sklearn’s recipe (uniform centres, normal points, shuffled) with our seeded generator: the same seed always ' +
      'gives the same points, but not NumPy’s numbers.',
    request: { query: Query },
    responses: {
      200: { description: 'The points and the blob of each', content: { 'application/json': { schema: Response } } },
      400: error('A parameter is not valid (`invalid_request`, `invalid_parameter`)'),
      413: error('More points, dimensions or values than a clustering request may have (`too_many_points`, ...), or more centres (`too_many_centers`)'),
    },
  });

  return new OpenAPIHono<AppEnv>().openapi(route, (c) => {
    const q = c.req.valid('query');
    const limits = c.get('limits');
    const d = Array.isArray(q.centers) ? q.centers[0].length : (q.nFeatures ?? makeBlobsDefaults.nFeatures);
    // Check the size before generating: a request for 10^9 points must cost nothing.
    assertSize(q.nSamples ?? makeBlobsDefaults.nSamples, d, limits);
    // The centres are generated and returned too: centers=1e9 ran workerd out of memory, killing the isolate.
    const nCenters = Array.isArray(q.centers) ? q.centers.length : (q.centers ?? makeBlobsDefaults.centers);
    const maxCenters = Math.min(limits.maxPoints, Math.floor(limits.maxValues / d));
    if (nCenters > maxCenters) {
      throw new ApiError(413, 'too_many_centers', `${nCenters} centers of ${d} dimensions; the limit is ${maxCenters}`);
    }
    const blobs = makeBlobs(q);
    // A huge centerBox or clusterStd overflows to Infinity, which JSON would send as null.
    if (!blobs.points.data.every(Number.isFinite)) {
      throw new ApiError(400, 'invalid_parameter', 'centerBox and clusterStd give coordinates beyond the range of a double; use smaller values');
    }
    return c.json({ points: toRows(blobs.points.data, d), labels: Array.from(blobs.labels), centers: toRows(blobs.centers, d) }, 200);
  });
}
