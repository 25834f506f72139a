// Integration: GET /api/datasets/blobs inside workerd: sklearn's make_blobs recipe, seeded, limits and bad parameters.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const URL_ = 'http://localhost/api/datasets/blobs';

interface Blobs {
  points: number[][];
  labels: number[];
  centers: number[][];
}
interface ErrorBody {
  error: { code: string; message: string };
}

async function get(query: string): Promise<Response> {
  return SELF.fetch(`${URL_}${query}`);
}

async function blobs(query: string): Promise<Blobs> {
  const res = await get(query);
  const body = (await res.json()) as Blobs;
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
  return body;
}

describe('GET /api/datasets/blobs', () => {
  it('defaults to sklearn’s: 100 points, 3 centres in [-10, 10), 2 features', async () => {
    const b = await blobs('');
    expect(b.points).toHaveLength(100);
    expect(b.points.every((p) => p.length === 2)).toBe(true);
    expect(b.centers).toHaveLength(3);
    expect(b.centers.flat().every((v) => v >= -10 && v < 10)).toBe(true);
    const counts = [0, 0, 0];
    b.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual([34, 33, 33]);
  });

  it('nSamples=2000&centers=5&clusterStd=1.5&seed=42: the same points every time, 400 per blob, which K-Means recovers', async () => {
    const query = '?nSamples=2000&centers=5&clusterStd=1.5&seed=42';
    const a = await blobs(query);
    const b = await blobs(query);
    expect(b).toEqual(a);
    const counts = [0, 0, 0, 0, 0];
    a.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual([400, 400, 400, 400, 400]);
    // Each point lies about 1.5 from its centre: the mean squared distance per coordinate is about 1.5^2.
    let s2 = 0;
    a.points.forEach((p, i) => p.forEach((v, t) => (s2 += (v - a.centers[a.labels[i]][t]) ** 2)));
    expect(Math.sqrt(s2 / 4000)).toBeCloseTo(1.5, 1);
    const res = await SELF.fetch('http://localhost/api/cluster/kmeans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ points: a.points, nClusters: 5, trueLabels: a.labels }),
    });
    const clustered = (await res.json()) as { adjustedRandIndex: number };
    expect(clustered.adjustedRandIndex).toBeGreaterThan(0.8);
  });

  it('takes explicit centres "x,y;x,y", one std per centre, and shuffle=false', async () => {
    const b = await blobs('?nSamples=4&centers=1,1;-1,-1&clusterStd=0,0&shuffle=false');
    expect(b.points).toEqual([[1, 1], [1, 1], [-1, -1], [-1, -1]]);
    expect(b.labels).toEqual([0, 0, 1, 1]);
  });

  it('nFeatures and centerBox shape the random centres', async () => {
    const b = await blobs('?nSamples=30&centers=2&nFeatures=3&centerBox=0,1&seed=5');
    expect(b.centers.flat().every((v) => v >= 0 && v < 1)).toBe(true);
    expect(b.points[0]).toHaveLength(3);
  });

  it.each([
    ['?nSamples=0', 400, 'invalid_request', /^nSamples: Too small: expected number to be >=1$/],
    ['?nSamples=abc', 400, 'invalid_request', /^nSamples: Invalid input: expected number, received string$/],
    ['?centers=abc', 400, 'invalid_request', /^centers: centers must be a count \(>= 1\) or centres as "x,y;x,y"$/],
    ['?clusterStd=-1', 400, 'invalid_request', /^clusterStd: /],
    ['?centers=2&clusterStd=1,2,3', 400, 'invalid_parameter', 'clusterStd lists 3 values for 2 centres'],
    ['?centers=1,1;2', 400, 'ragged_points', /centers\[1\] has 1 coordinates but centers\[0\] has 2/],
    ['?samples=10', 400, 'invalid_request', /Unrecognized key: "samples"/],
    ['?nSamples=200001', 413, 'too_many_points', '200001 points; the limit is 200000 points per request'],
    ['?nFeatures=65', 413, 'too_many_dimensions', '65 dimensions per point; the limit is 64'],
    ['?nSamples=100000&nFeatures=20', 413, 'too_many_values', /= 2000000 values; the limit is 1000000/],
  ])('%s -> %i %s', async (query, status, code, message) => {
    const res = await get(query);
    const body = (await res.json()) as ErrorBody;
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(body.error.code).toBe(code);
    if (typeof message === 'string') expect(body.error.message).toBe(message);
    else expect(body.error.message).toMatch(message);
  });
});
