// Integration: every limit from [vars] refuses what is over it (413, or 422 for work) and serves what is at it; huge
// images are refused from their header before any pixel exists; every limit and the CORS origins are configurable.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../functions/app';
import { memoryStats } from '../../functions/runtime/memory-stats';
import { encodeGreyPng } from './digits-png';
import { countingStream, drawnPngs, expectError, imageForm, jpegClaiming, ORIGIN, rawPngs } from './fuzz-inputs';

const CLASSIFY = `${ORIGIN}/api/digits/classify`;
const maxBodyBytes = Number(env.MAX_BODY_BYTES);

/** The whole app with some [vars] changed, as a deployment with other values would run it. */
function withVars(vars: Partial<Record<keyof typeof env, string>>, path: string, init: RequestInit): Promise<Response> {
  return Promise.resolve(app.request(`${ORIGIN}${path}`, init, { ...env, ...vars }));
}

/**
 * A streamed body handed straight to the app: through SELF.fetch, workerd logs the abandoned upload pipe as an
 * uncaught "Network connection lost" once the Worker answers early. Real chunked HTTP is tested against
 * `wrangler dev` in test/unit/http-edge.test.ts.
 */
const streamed = (url: string, headers: Record<string, string>, body: ReadableStream<Uint8Array>) =>
  app.fetch(new Request(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit), env);

const postPng = (bytes: Uint8Array) =>
  SELF.fetch(CLASSIFY, { method: 'POST', headers: { 'content-type': 'image/png' }, body: bytes });

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
}
const doc = (await (await SELF.fetch(`${ORIGIN}/api/openapi.json`)).json()) as OpenApiDoc;
/** Every POST route with the first media type it accepts, from the contract itself, so new routes are covered too. */
const posts = Object.entries(doc.paths).flatMap(([path, ops]) =>
  ops.post ? [{ path, type: Object.keys(ops.post.requestBody?.content ?? { 'application/json': 0 })[0] }] : [],
);

describe('request body: MAX_BODY_BYTES', () => {
  it('the contract lists the POST routes this test walks', () => {
    expect(posts.map((p) => p.path)).toContain('/api/digits/classify');
    expect(posts.length).toBeGreaterThanOrEqual(1);
  });

  it('413s one byte over the limit on every POST route', async () => {
    for (const { path, type } of posts) {
      const res = await SELF.fetch(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: new Uint8Array(maxBodyBytes + 1),
      });
      const body = await expectError(res, 413, 'payload_too_large');
      expect(body.error.message, path).toBe(`request body is larger than ${maxBodyBytes} bytes`);
    }
  });

  it('reads a body of exactly the limit (and refuses it for what it is, not its size)', async () => {
    const res = await postPng(new Uint8Array(maxBodyBytes));
    await expectError(res, 415, 'unsupported_image');
  });

  it('413s a chunked body with no Content-Length, and stops reading it soon after the limit', async () => {
    const chunk = 256 * 1024;
    const { body, pulled } = countingStream(64, chunk); // 16 MiB offered
    const res = await streamed(CLASSIFY, { 'content-type': 'image/png' }, body);
    await expectError(res, 413, 'payload_too_large');
    // hono's bodyLimit counts the stream as it reads and gives up at the limit; a few chunks may be in flight.
    expect(pulled()).toBeLessThan(maxBodyBytes + 8 * chunk);
  });

  it('413s from a Content-Length over the limit without reading the body', async () => {
    const { body, pulled } = countingStream(4, 1024);
    const res = await streamed(CLASSIFY, { 'content-type': 'image/png', 'content-length': String(maxBodyBytes + 1) }, body);
    await expectError(res, 413, 'payload_too_large');
    expect(pulled()).toBeLessThanOrEqual(4 * 1024);
  });

  it('is configurable: MAX_BODY_BYTES=1000 refuses 1001 bytes', async () => {
    const init = (n: number) => ({ method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(n) });
    await expectError(await withVars({ MAX_BODY_BYTES: '1000' }, '/api/digits/classify', init(1001)), 413, 'payload_too_large');
    await expectError(await withVars({ MAX_BODY_BYTES: '1000' }, '/api/digits/classify', init(1000)), 415, 'unsupported_image');
  });
});

describe('image size: MAX_IMAGE_PIXELS, read from the header before decoding', () => {
  /** A 28x28 digit whose IHDR claims `width` x `height` (valid signature and CRCs, a tiny IDAT). */
  const claiming = (width: number, height: number) =>
    encodeGreyPng(new Uint8Array(28 * 28).fill(255), 28, 28, { width, height });

  it('413s a tiny PNG claiming 20000x20000 at once, without running the decoder', async () => {
    const png = await claiming(20000, 20000);
    expect(png.length).toBeLessThan(200);
    const before = memoryStats().pngWasmHeapBytes;
    const body = await expectError(await postPng(png), 413, 'image_too_large');
    expect(body.error.message).toMatch(/20000x20000/);
    expect(body.error.message).toContain(String(env.MAX_IMAGE_PIXELS));
    // The WASM decoder's memory did not move: nothing was inflated or allocated for the pixels.
    expect(memoryStats().pngWasmHeapBytes).toBe(before);
  });

  it('413s a JPEG claiming 65535x65535 from its frame header', async () => {
    const res = await SELF.fetch(CLASSIFY, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: jpegClaiming(65535, 65535) });
    const body = await expectError(res, 413, 'image_too_large');
    expect(body.error.message).toMatch(/65535x65535/);
  });

  it('names the oversized file among several', async () => {
    const res = await SELF.fetch(CLASSIFY, { method: 'POST', body: imageForm([rawPngs[0], await claiming(30000, 30000), rawPngs[1]]) });
    const body = await expectError(res, 413, 'image_too_large');
    expect(body.error.message).toMatch(/^image 2 of 3 \(digit-1\.png\): .*30000x30000/);
  });

  it('is configurable and exact at the boundary: 280x280 passes 78400 and is refused at 78399', async () => {
    const init = () => ({ method: 'POST', headers: { 'content-type': 'image/png' }, body: drawnPngs[0] });
    const ok = await withVars({ MAX_IMAGE_PIXELS: '78400' }, '/api/digits/classify', init());
    expect(ok.status, await ok.clone().text()).toBe(200);
    const refused = await withVars({ MAX_IMAGE_PIXELS: '78399' }, '/api/digits/classify', init());
    await expectError(refused, 413, 'image_too_large');
  });
});

describe('images per request: MAX_IMAGES_PER_REQUEST', () => {
  it('serves exactly the limit and refuses one more', async () => {
    const limit = Number(env.MAX_IMAGES_PER_REQUEST);
    const files = Array.from({ length: limit + 1 }, (_, i) => rawPngs[i % rawPngs.length]);
    const ok = await SELF.fetch(CLASSIFY, { method: 'POST', body: imageForm(files.slice(0, limit)) });
    const { results } = (await ok.json()) as { results: unknown[] };
    expect(ok.status).toBe(200);
    expect(results).toHaveLength(limit);
    const refused = await SELF.fetch(CLASSIFY, { method: 'POST', body: imageForm(files) });
    const body = await expectError(refused, 413, 'too_many_images');
    expect(body.error.message).toBe(`${limit + 1} images in one request; the limit is ${limit}`);
  });

  it('is configurable: MAX_IMAGES_PER_REQUEST=3', async () => {
    const ok = await withVars({ MAX_IMAGES_PER_REQUEST: '3' }, '/api/digits/classify', { method: 'POST', body: imageForm(rawPngs.slice(0, 3)) });
    expect(((await ok.json()) as { results: unknown[] }).results).toHaveLength(3);
    const refused = await withVars({ MAX_IMAGES_PER_REQUEST: '3' }, '/api/digits/classify', { method: 'POST', body: imageForm(rawPngs.slice(0, 4)) });
    await expectError(refused, 413, 'too_many_images');
  });
});

describe('clustering: MAX_POINTS, MAX_DIMENSIONS, MAX_VALUES (413) and MAX_WORK (422)', () => {
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const csv = (text: string) => ({ method: 'POST', headers: { 'content-type': 'text/csv' }, body: text });
  const grid = (n: number, d: number) => Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => (i * (j + 1)) % 7));
  const toCsv = (rows: number[][]) => `${rows[0].map((_, j) => `c${j}`).join(',')}\n${rows.map((r) => r.join(',')).join('\n')}`;

  it('are configurable and exact at the boundary, for JSON and CSV bodies', async () => {
    const vars = { MAX_POINTS: '10', MAX_DIMENSIONS: '3', MAX_VALUES: '24' };
    const ok = await withVars(vars, '/api/cluster/kmeans', json({ points: grid(8, 3), nClusters: 2 }));
    expect(ok.status, await ok.clone().text()).toBe(200);
    const cases: [RequestInit, string, string][] = [
      [json({ points: grid(11, 1) }), 'too_many_points', '11 points; the limit is 10 points per request'],
      [json({ points: grid(2, 4) }), 'too_many_dimensions', '4 dimensions per point; the limit is 3'],
      [json({ points: grid(9, 3) }), 'too_many_values', '9 points x 3 dimensions = 27 values; the limit is 24 values per request'],
      [csv(toCsv(grid(2, 4))), 'too_many_dimensions', '4 dimensions per point; the limit is 3'],
      [csv(toCsv(grid(9, 3))), 'too_many_values', '9 points x 3 dimensions = 27 values; the limit is 24 values per request'],
    ];
    for (const [init, code, message] of cases) {
      for (const route of ['kmeans', 'minibatch-kmeans', 'meanshift', 'elbow']) {
        const body = await expectError(await withVars(vars, `/api/cluster/${route}`, init), 413, code);
        expect(body.error.message, route).toBe(message);
      }
    }
    const tooManyRows = await withVars(vars, '/api/cluster/kmeans', csv(toCsv(grid(11, 1))));
    await expectError(tooManyRows, 413, 'too_many_points');
  });

  it('a request refused for its work (422) is followed by normally served requests', async () => {
    const points = grid(2000, 2);
    const refused = await SELF.fetch(`${ORIGIN}/api/cluster/kmeans`, json({ points, nClusters: 5, nInit: 10, maxIter: 1_000_000 }));
    const body = await expectError(refused, 422, 'too_much_work');
    expect(body.error.message).toMatch(/lower nInit, maxIter or nClusters/);
    for (const route of ['kmeans', 'minibatch-kmeans', 'elbow']) {
      const res = await SELF.fetch(`${ORIGIN}/api/cluster/${route}`, json({ points, ...(route === 'elbow' ? { kMax: 4 } : { nClusters: 5 }) }));
      expect(res.status, route).toBe(200);
    }
  });

  it('is configurable: MAX_WORK=1000 refuses what the default serves', async () => {
    const body = { points: grid(20, 2), nClusters: 3, nInit: 2, maxIter: 20 }; // 20 x 3 x 2 x 20 = 2400
    expect((await withVars({}, '/api/cluster/kmeans', json(body))).status).toBe(200);
    await expectError(await withVars({ MAX_WORK: '1000' }, '/api/cluster/kmeans', json(body)), 422, 'too_much_work');
  });

  // Each of these was estimated far below MAX_WORK and ran for seconds to minutes (measured before the fixed costs
  // of runs and steps were counted): now each is refused at once.
  it.each([
    ['K-Means, nInit 10^7 on one point', 'kmeans', { points: [[0]], nClusters: 1, nInit: 10_000_000, maxIter: 1 }],
    ['Mini-Batch, nInit 10^8 (was not counted at all)', 'minibatch-kmeans', { points: [[0], [1]], nClusters: 1, nInit: 100_000_000 }],
    ['Mini-Batch, 10^8 steps on one point', 'minibatch-kmeans', { points: [[0]], nClusters: 1, maxIter: 100_000_000, tol: 0, maxNoImprovement: null }],
    [
      'Mini-Batch, batchSize 1 on 20,000 points',
      'minibatch-kmeans',
      { points: grid(20_000, 1), nClusters: 1, batchSize: 1, maxIter: 50_000, tol: 0, maxNoImprovement: null },
    ],
    ['elbow, nInit 10^7 for k = 1..3', 'elbow', { points: [[0], [1], [2]], kMin: 1, kMax: 3, nInit: 10_000_000, maxIter: 1 }],
  ])('422s at once work that is in runs and steps, not distances: %s', async (_label, route, body) => {
    const started = Date.now();
    const res = await SELF.fetch(`${ORIGIN}/api/cluster/${route}`, json(body));
    const { error } = await expectError(res, 422, 'too_much_work');
    expect(error.message).toMatch(/runs x 500 \+ \d+ iterations or steps x 50, the fixed cost of each/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('GET /api/datasets/blobs: generated data counts against the same limits', () => {
  it('413s a billion centres at once (it used to run workerd out of memory)', async () => {
    const started = Date.now();
    const res = await SELF.fetch(`${ORIGIN}/api/datasets/blobs?centers=1000000000&nSamples=1`);
    const body = await expectError(res, 413, 'too_many_centers');
    expect(body.error.message).toBe(`1000000000 centers of 2 dimensions; the limit is ${env.MAX_POINTS}`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('400s a centerBox or clusterStd that overflows to Infinity (JSON would have sent null)', async () => {
    for (const query of ['centerBox=-1e308,1e308', 'centerBox=1e308,1e308&clusterStd=1e308']) {
      await expectError(await SELF.fetch(`${ORIGIN}/api/datasets/blobs?${query}`), 400, 'invalid_parameter');
    }
    const ok = await SELF.fetch(`${ORIGIN}/api/datasets/blobs?centerBox=-1e300,1e300&nSamples=5`);
    const { points } = (await ok.json()) as { points: number[][] };
    expect(ok.status).toBe(200);
    expect(points.flat().every(Number.isFinite)).toBe(true);
  });
});

describe('CORS: ALLOWED_ORIGINS', () => {
  const from = (origin: string, vars: Partial<Record<keyof typeof env, string>> = {}) =>
    withVars(vars, '/api/health', { headers: { origin } }).then((res) => res.headers.get('access-control-allow-origin'));

  it('allows the page’s own origin and localhost by default, and nothing else', async () => {
    expect(await from(ORIGIN)).toBe(ORIGIN);
    expect(await from('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(await from('https://app.example')).toBeNull();
  });

  it('adds the configured origins (comma-separated), exactly', async () => {
    const vars = { ALLOWED_ORIGINS: 'https://app.example, https://admin.example' };
    expect(await from('https://app.example', vars)).toBe('https://app.example');
    expect(await from('https://admin.example', vars)).toBe('https://admin.example');
    expect(await from('https://app.example.evil.test', vars)).toBeNull();
    expect(await from('http://app.example', vars)).toBeNull();
  });
});
