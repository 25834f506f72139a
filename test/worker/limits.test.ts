// Integration: every limit from [vars] refuses what is over it (413, or 422 for work) and serves what is at it,
// huge images are refused from their header before any pixel buffer exists, and every limit is configurable.
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
    const started = Date.now();
    const body = await expectError(await postPng(png), 413, 'image_too_large');
    expect(Date.now() - started).toBeLessThan(500);
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
