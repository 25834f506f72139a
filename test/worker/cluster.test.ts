// Integration: /api/cluster/* inside workerd, JSON and CSV, scikit-learn's numbers, and every bad input's status and body.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import housingCsv from '../../../shared/data/housing.csv?raw';
import blobs from '../fixtures/sklearn/blobs.json';
import edge from '../fixtures/sklearn/edge-cases.json';
import housing from '../fixtures/sklearn/housing.json';
import demo from '../fixtures/sklearn/meanshift-demo.json';

const BASE = 'http://localhost/api/cluster';

interface ErrorBody {
  error: { code: string; message: string };
}
// The bodies are checked field by field below; `any` keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

const rows = (flat: number[], d: number) => Array.from({ length: flat.length / d }, (_, i) => flat.slice(i * d, i * d + d));
const blobPoints = rows(blobs.points, 2);
const demoPoints = rows(demo.points, 2);

const post = (path: string, body: string | Uint8Array, contentType: string | undefined, query = '') =>
  SELF.fetch(`${BASE}/${path}${query}`, { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} });
const postJson = (path: string, value: unknown) => post(path, JSON.stringify(value), 'application/json');
const postCsv = (path: string, text: string, query: Record<string, string>) =>
  post(path, text, 'text/csv', `?${new URLSearchParams(query)}`);

async function ok(res: Response): Promise<Body> {
  const body = (await res.json()) as Body;
  expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(200);
  return body;
}

async function expectError(res: Response, status: number, code: string, message: RegExp | string): Promise<void> {
  const body = (await res.json()) as ErrorBody;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(body.error.code).toBe(code);
  if (typeof message === 'string') expect(body.error.message).toBe(message);
  else expect(body.error.message).toMatch(message);
}

describe('POST /api/cluster/kmeans', () => {
  it('answers a hand-computed case with every field', async () => {
    const body = await ok(await postJson('kmeans', { points: [[0, 0], [0, 1], [10, 0], [10, 1]], init: [[0, 0], [10, 0]] }));
    expect(body).toEqual({
      labels: [0, 0, 1, 1],
      centers: [[0, 0.5], [10, 0.5]],
      inertia: 1,
      nIter: 2,
      nClusters: 2,
      params: {
        nClusters: 2,
        init: [[0, 0], [10, 0]],
        nInit: 1,
        maxIter: 300,
        tol: 1e-4,
        absoluteTol: 1e-4 * ((25 + 0.25) / 2),
        seed: 0,
        algorithm: 'hamerly',
      },
      warnings: [],
      droppedRows: 0,
    });
  });

  it('blobs as JSON: sklearn’s inertia (x 1.001) and the adjusted Rand index against the true labels', async () => {
    const body = await ok(await postJson('kmeans', { points: blobPoints, nClusters: 5, nInit: 10, trueLabels: blobs.trueLabels }));
    expect(body.labels).toHaveLength(2000);
    expect(body.inertia).toBeLessThanOrEqual(blobs.kmeans.inertia * 1.001);
    // Our partition differs from sklearn's by a few boundary points (inertia ratio 1.00002).
    expect(Math.abs(body.adjustedRandIndex - blobs.kmeans.ari)).toBeLessThan(0.005);
  });

  it('California housing as CSV, k = 6: sklearn’s inertia (x 1.001), the columns used, no rows dropped', async () => {
    const body = await ok(await postCsv('kmeans', housingCsv, { columns: 'median_income,latitude,longitude', nClusters: '6' }));
    const k6 = housing.byK.find((r) => r.k === 6)!;
    expect(body.inertia).toBeLessThanOrEqual(k6.kmeans.inertia * 1.001);
    expect(body.labels).toHaveLength(20640);
    expect(body.columns).toEqual(['median_income', 'latitude', 'longitude']);
    expect(body.droppedRows).toBe(0);
    expect(body.params.nClusters).toBe(6);
  });

  it('CSV: drops and counts the 207 rows without total_bedrooms', async () => {
    const body = await ok(await postCsv('kmeans', housingCsv, { columns: 'total_bedrooms,median_income', nClusters: '3', nInit: 'auto' }));
    expect(body.droppedRows).toBe(207);
    expect(body.labels).toHaveLength(20640 - 207);
    expect(body.params.nInit).toBe(1);
  });

  it('duplicated points with k above the distinct count: 200 with sklearn’s warning', async () => {
    const c = edge.kmeans.duplicatesAboveDistinct;
    const body = await ok(await postJson('kmeans', { points: c.points, ...c.params }));
    expect(body.inertia).toBe(0);
    expect(body.warnings).toEqual(['Number of distinct clusters (2) found smaller than nClusters (3). Possibly due to duplicate points.']);
  });
});

describe('POST /api/cluster/minibatch-kmeans', () => {
  it('housing as CSV, k = 3: within the spread of sklearn’s runs, sklearn’s defaults reported', async () => {
    const body = await ok(await postCsv('minibatch-kmeans', housingCsv, { columns: 'median_income,latitude,longitude', nClusters: '3' }));
    const k3 = housing.byK.find((r) => r.k === 3)!;
    expect(body.inertia).toBeLessThanOrEqual(Math.max(...k3.miniBatch.inertias) * 1.05);
    expect(body.params).toMatchObject({ batchSize: 1024, maxIter: 100, maxNoImprovement: 10, nInit: 3, initSize: 3072, reassignmentRatio: 0.01 });
    expect(body.nIter).toBe(Math.ceil((body.nSteps * 1024) / 20640));
  });

  it('JSON with maxNoImprovement null runs every step', async () => {
    const body = await ok(await postJson('minibatch-kmeans', { points: blobPoints, nClusters: 5, maxIter: 2, batchSize: 500, maxNoImprovement: null }));
    expect(body.nSteps).toBe(8);
    expect(body.params.maxNoImprovement).toBeNull();
  });

  it('CSV query values are coerced: null, numbers', async () => {
    const csv = `x,y\n${blobPoints.map((p) => p.join(',')).join('\n')}\n`;
    const body = await ok(await postCsv('minibatch-kmeans', csv, { nClusters: '5', maxIter: '2', batchSize: '500', maxNoImprovement: 'null' }));
    expect(body.nSteps).toBe(8);
    expect(body.columns).toEqual(['x', 'y']);
  });
});

describe('POST /api/cluster/meanshift', () => {
  it('scikit-learn’s demo with its bandwidth and bin seeding: the same 3 centres and labels', async () => {
    const body = await ok(await postJson('meanshift', { points: demoPoints, bandwidth: demo.bandwidth, binSeeding: true }));
    expect(body.nClusters).toBe(3);
    body.centers.flat().forEach((v: number, i: number) => expect(Math.abs(v - demo.centers.flat()[i])).toBeLessThan(1e-3 * demo.bandwidth));
    expect(body.labels.join('')).toBe(demo.labels);
    expect(body.intensities).toHaveLength(3);
    expect(body.params).toMatchObject({ bandwidth: demo.bandwidth, bandwidthEstimated: false, binSeeding: true, clusterAll: true });
  });

  it('estimates the bandwidth as sklearn does and reports it', async () => {
    const body = await ok(await postJson('meanshift', { points: blobPoints, binSeeding: true }));
    expect(body.params.bandwidthEstimated).toBe(true);
    expect(body.params.bandwidth).toBeCloseTo(blobs.estimateBandwidth.bandwidth, 12);
  });

  it('integers 107, 107, 108, 109 with bin seeding as CSV (query booleans coerced)', async () => {
    const body = await ok(await postCsv('meanshift', 'v\n107\n107\n108\n109\n', { binSeeding: 'true', bandwidth: '2' }));
    expect(body.centers).toEqual([[107.75]]);
    expect(body.labels).toEqual([0, 0, 0, 0]);
  });

  it('clusterAll false labels orphans -1, as sklearn', async () => {
    const c = edge.meanShift.orphansNotClustered;
    const body = await ok(await postJson('meanshift', { points: c.points, ...c.params }));
    expect(body.labels).toEqual(c.sklearn.labels);
  });

  it('seeds with no neighbour: 422 with sklearn’s reason', async () => {
    await expectError(
      await postJson('meanshift', { points: [[107], [108]], bandwidth: 0.1, seeds: [[0]] }),
      422,
      'no_seed_neighbours',
      'No point was within bandwidth=0.1 of any seed. Try a different seeding strategy or increase the bandwidth.',
    );
  });
});

describe('POST /api/cluster/elbow', () => {
  it('inertia and silhouette for each k; sklearn’s inertia at the true k', async () => {
    const body = await ok(await postJson('elbow', { points: blobPoints, kMin: 2, kMax: 6 }));
    expect(body.results.map((r: { k: number }) => r.k)).toEqual([2, 3, 4, 5, 6]);
    const k5 = body.results.find((r: { k: number }) => r.k === 5);
    expect(k5.inertia).toBeLessThanOrEqual(blobs.elbow[4].inertia * 1.001);
    expect(Math.abs(k5.silhouette - (blobs.elbow[4].silhouette as number))).toBeLessThan(1e-3);
    const inertias = body.results.map((r: { inertia: number }) => r.inertia);
    expect(inertias).toEqual([...inertias].sort((a: number, b: number) => b - a));
  });

  it('k = 1 has no silhouette (null)', async () => {
    const body = await ok(await postJson('elbow', { points: [[0], [1], [5], [6]], kMin: 1, kMax: 2, nInit: 1 }));
    expect(body.results[0]).toMatchObject({ k: 1, silhouette: null });
  });
});

describe('bad input: a JSON error with the right status, naming the problem', () => {
  it.each([
    ['a string in points', { points: [[1, 2], ['a', 3]] }, 'invalid_points', 'points[1][0] must be a finite number, got the string "a"'],
    ['null in points', { points: [[1, 2], [null, 3]] }, 'invalid_points', 'points[1][0] must be a finite number, got null'],
    ['a ragged row', { points: [[1, 2], [3]] }, 'ragged_points', 'points[1] has 1 coordinates but points[0] has 2; every point needs the same number'],
    ['no points', { points: [] }, 'empty_points', 'points is empty; send at least one point'],
    ['a point that is not an array', { points: [1, 2] }, 'invalid_points', 'points[0] must be an array of numbers, got 1'],
  ])('%s -> 400', async (_, value, code, message) => {
    await expectError(await postJson('kmeans', value), 400, code, message);
  });

  it('Infinity (1e999 in JSON) -> 400', async () => {
    await expectError(await post('kmeans', '{"points": [[1e999, 0]]}', 'application/json'), 400, 'invalid_points', 'points[0][0] must be a finite number, got Infinity');
  });

  it('NaN (not JSON at all) -> 400', async () => {
    await expectError(await post('kmeans', '{"points": [[NaN, 0]]}', 'application/json'), 400, 'bad_request', /Malformed JSON/);
  });

  it.each([
    [{ nClusters: 0 }, /^nClusters: Too small: expected number to be >=1$/],
    [{ nClusters: 2.5 }, /^nClusters: Invalid input: expected int, received number$/],
    [{ nClusters: '3' }, /^nClusters: Invalid input: expected number, received string$/],
    [{ nClusterz: 3 }, /Unrecognized key: "nClusterz"/],
    [{ init: 'kmeans++' }, /^init: init must be 'k-means\+\+', 'random' or an array of centres$/],
    [{ nInit: 'many' }, /^nInit: nInit must be 'auto' or an integer >= 1$/],
  ])('parameter %j -> 400 naming it', async (params, message) => {
    await expectError(await postJson('kmeans', { points: [[0], [1], [2]], ...params }), 400, 'invalid_request', message);
  });

  it('unknown Mean Shift and Mini-Batch parameters -> 400 naming them', async () => {
    await expectError(await postJson('meanshift', { points: [[0]], kernel: 'gaussian' }), 400, 'invalid_request', /Unrecognized key: "kernel"/);
    await expectError(await postJson('minibatch-kmeans', { points: [[0]], batch_size: 10 }), 400, 'invalid_request', /Unrecognized key: "batch_size"/);
    await expectError(await postJson('meanshift', { points: [[0]], bandwidth: 0 }), 400, 'invalid_request', /^bandwidth: Too small: expected number to be >0$/);
  });

  it('more clusters than points -> 422', async () => {
    await expectError(
      await postJson('kmeans', { points: [[0], [1]], nClusters: 3 }),
      422,
      'too_few_points',
      '2 points cannot form 3 clusters; send at least nClusters points or lower nClusters',
    );
  });

  it('trueLabels of the wrong length -> 400', async () => {
    await expectError(await postJson('kmeans', { points: [[0], [1]], nClusters: 1, trueLabels: [0] }), 400, 'invalid_request', 'trueLabels has 1 labels for 2 points');
  });

  it('query parameters with a JSON body -> 400 (never silently ignored)', async () => {
    await expectError(
      await post('kmeans', JSON.stringify({ points: [[0]] }), 'application/json', '?nClusters=1'),
      400,
      'invalid_request',
      'query parameters (nClusters) are read only with a text/csv body; put them in the JSON body',
    );
  });

  it.each([
    ['text/plain', 'Content-Type "text/plain" is not accepted'],
    [undefined, 'Content-Type (none) is not accepted'],
    ['application/x-www-form-urlencoded', 'Content-Type "application/x-www-form-urlencoded" is not accepted'],
  ])('Content-Type %s -> 415', async (type, message) => {
    // Bytes, not a string: fetch would label a string text/plain.
    const escaped = message.replace(/[()]/g, '\\$&');
    await expectError(await post('kmeans', new TextEncoder().encode('x=1'), type), 415, 'unsupported_media_type', new RegExp(`^${escaped}; send application/json`));
  });

  it('GET on a clustering route -> 405', async () => {
    const res = await SELF.fetch(`${BASE}/kmeans`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  describe('CSV', () => {
    it('an unknown column -> 400 listing the available ones', async () => {
      await expectError(
        await postCsv('kmeans', housingCsv, { columns: 'latitude,income' }),
        400,
        'unknown_columns',
        /^unknown column\(s\) "income"; the CSV has "longitude", "latitude", .*"ocean_proximity"$/,
      );
    });

    it('a non-numeric value in a chosen column -> 400 naming line and column', async () => {
      await expectError(
        await postCsv('kmeans', housingCsv, { columns: 'latitude,ocean_proximity' }),
        400,
        'invalid_csv_value',
        'line 2, column "ocean_proximity": "NEAR BAY" is not a number',
      );
    });

    it('an unknown query parameter -> 400 naming it; a bad value -> 400', async () => {
      await expectError(await postCsv('kmeans', 'a\n1\n', { k: '1' }), 400, 'invalid_request', /Unrecognized key: "k"/);
      await expectError(await postCsv('kmeans', 'a\n1\n', { nClusters: 'two' }), 400, 'invalid_request', /^nClusters: Invalid input: expected number, received string$/);
    });

    it('an empty CSV -> 400', async () => {
      await expectError(await postCsv('kmeans', '', {}), 400, 'empty_points', /the CSV is empty/);
    });
  });
});

describe('limits: 413 for size, 422 for work, saying what to lower', () => {
  it('more than MAX_POINTS (200,000) points -> 413', async () => {
    const body = `{"points":[${'[0],'.repeat(200_000)}[0]]}`;
    await expectError(await post('kmeans', body, 'application/json'), 413, 'too_many_points', '200001 points; the limit is 200000 points per request');
  });

  it('more than MAX_DIMENSIONS (64) -> 413', async () => {
    await expectError(await postJson('kmeans', { points: [new Array(65).fill(0)] }), 413, 'too_many_dimensions', '65 dimensions per point; the limit is 64');
  });

  it('more than MAX_VALUES (1,000,000) numbers -> 413', async () => {
    const row = `[${new Array(50).fill(0).join(',')}]`;
    const body = `{"points":[${new Array(20_001).fill(row).join(',')}]}`;
    await expectError(await post('kmeans', body, 'application/json'), 413, 'too_many_values', /20001 points x 50 dimensions = 1000050 values/);
  });

  it('a CSV with more rows than MAX_POINTS -> 413 before reading it all', async () => {
    const csv = `a\n${'1\n'.repeat(200_001)}`;
    await expectError(await postCsv('kmeans', csv, {}), 413, 'too_many_points', /more than 200000 rows/);
  });

  it('K-Means work above MAX_WORK -> 422 naming what to lower', async () => {
    const points = Array.from({ length: 10_000 }, (_, i) => [i % 100, Math.floor(i / 100)]);
    await expectError(
      await postJson('kmeans', { points, nClusters: 100 }),
      422,
      'too_much_work',
      'this request needs about 3.00e9 distance evaluations (10000 points x 100 clusters x nInit 10 x maxIter 300), above the limit of 2.00e9; lower nInit, maxIter or nClusters, or send fewer points',
    );
  });

  it('Mean Shift without bin seeding on 50,000 points -> 422 suggesting binSeeding', async () => {
    const points = Array.from({ length: 50_000 }, (_, i) => [i % 250, Math.floor(i / 250)]);
    await expectError(
      await postJson('meanshift', { points, bandwidth: 3 }),
      422,
      'too_much_work',
      /50000 seeds x 50000 points\), above the limit of 2.00e9; lower the number of points, or turn on binSeeding$/,
    );
  });
});

describe('OpenAPI document', () => {
  it('documents each clustering route: JSON and CSV bodies, the query parameters, every error status', async () => {
    const doc = (await (await SELF.fetch('http://localhost/api/openapi.json')).json()) as Body;
    for (const name of ['kmeans', 'minibatch-kmeans', 'meanshift', 'elbow']) {
      const op = doc.paths[`/api/cluster/${name}`].post;
      expect(Object.keys(op.requestBody.content).sort(), name).toEqual(['application/json', 'text/csv']);
      expect(Object.keys(op.responses).sort(), name).toEqual(['200', '400', '413', '415', '422']);
      expect(op.parameters.map((p: { name: string }) => p.name), name).toContain('columns');
    }
    const blobsOp = doc.paths['/api/datasets/blobs'].get;
    expect(blobsOp.parameters.map((p: { name: string }) => p.name)).toEqual(['nSamples', 'centers', 'nFeatures', 'clusterStd', 'centerBox', 'shuffle', 'seed']);
  });
});
