// Integration: every bad input to POST /api/digits/classify gets a JSON error with the right status and code.
import { OpenAPIHono } from '@hono/zod-openapi';
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../functions/errors';
import { digitsRoutes } from '../../functions/routes/digits';
import { encodeGreyPng } from './digits-png';

const URL = 'http://localhost/api/digits/classify';

interface ErrorBody {
  error: { code: string; message: string };
}

async function expectError(res: Response, status: number, code: string, message?: RegExp | string): Promise<void> {
  const body = (await res.json()) as ErrorBody;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  if (typeof message === 'string') expect(body.error.message).toBe(message);
  else if (message) expect(body.error.message).toMatch(message);
}

const post = (body: RequestInit['body'], contentType?: string) =>
  SELF.fetch(URL, { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} });
const postJson = (value: unknown) => post(JSON.stringify(value), 'application/json');

function form(...entries: [string, Blob | string, string?][]): FormData {
  const f = new FormData();
  for (const [field, value, name] of entries) {
    if (typeof value === 'string') f.append(field, value);
    else f.append(field, value, name ?? 'digit.png');
  }
  return f;
}

/** A 28x28 white square on black: has ink, so it passes preprocessing. */
const square = new Uint8Array(784).map((_, i) => (i % 28 >= 8 && i % 28 < 20 && i >= 8 * 28 && i < 20 * 28 ? 255 : 0));
const squarePng = await encodeGreyPng(square, 28, 28);
const pngBlob = (bytes: Uint8Array) => new Blob([bytes], { type: 'image/png' });

describe('content types', () => {
  it('refuses text/plain with 415, listing what is accepted', async () => {
    await expectError(await post('7', 'text/plain'), 415, 'unsupported_media_type', /text\/plain is not accepted; send image\/png or image\/jpeg/);
  });

  it('refuses a body without Content-Type with 415', async () => {
    await expectError(await post(squarePng), 415, 'unsupported_media_type', /Content-Type is missing/);
  });

  it('refuses image/gif with 415', async () => {
    await expectError(await post(new Uint8Array([0x47, 0x49, 0x46, 0x38]), 'image/gif'), 415, 'unsupported_media_type');
  });

  it('reads media types case-insensitively, with parameters (never a 500)', async () => {
    for (const type of ['IMAGE/PNG', 'image/png; charset=binary']) expect((await post(squarePng, type)).status).toBe(200);
    const json = JSON.stringify({ pixels: Array.from(square) });
    for (const type of ['Application/JSON', 'application/json; charset=UTF-8']) expect((await post(json, type)).status).toBe(200);
    const multipart = new Request('http://x', { method: 'POST', body: form(['image', pngBlob(squarePng)]) });
    const type = multipart.headers.get('content-type')!.replace('multipart/form-data', 'Multipart/Form-Data');
    expect((await post(await multipart.arrayBuffer(), type)).status).toBe(200);
  });

  it('answers GET with 405', async () => {
    const res = await SELF.fetch(URL);
    expect(res.headers.get('allow')).toBe('POST');
    await expectError(res, 405, 'method_not_allowed', 'GET is not allowed on /api/digits/classify; use POST');
  });
});

describe('raw image bodies', () => {
  it('400s an empty body', async () => {
    await expectError(await post(new Uint8Array(), 'image/png'), 400, 'empty_body');
  });

  it('415s bytes that are not an image', async () => {
    await expectError(await post('hello, world', 'image/png'), 415, 'unsupported_image');
  });

  it('400s a truncated PNG', async () => {
    await expectError(await post(squarePng.slice(0, 60), 'image/png'), 400, 'corrupt_image');
  });

  it('413s a PNG whose header claims 20000x20000, before decoding it', async () => {
    const huge = await encodeGreyPng(square, 28, 28, { width: 20000, height: 20000 });
    await expectError(await post(huge, 'image/png'), 413, 'image_too_large', /20000x20000/);
  });

  it('413s a body over MAX_BODY_BYTES (5 MiB)', async () => {
    await expectError(await post(new Uint8Array(5 * 1024 * 1024 + 1), 'image/png'), 413, 'payload_too_large');
  });

  it('422s an image with no ink: no_digit_found', async () => {
    const blank = await encodeGreyPng(new Uint8Array(280 * 280).fill(255), 280, 280);
    await expectError(await post(blank, 'image/png'), 422, 'no_digit_found', /^no digit found/);
  });
});

describe('multipart', () => {
  it('400s a form without the image field', async () => {
    await expectError(await post(form(['picture', pngBlob(squarePng)])), 400, 'invalid_request', /no file in the field "image"/);
  });

  it('400s an empty form', async () => {
    await expectError(await post('', 'multipart/form-data; boundary=xyz'), 400, 'bad_request', /Malformed FormData/);
  });

  it('400s text in the image field', async () => {
    await expectError(await post(form(['image', '7'])), 400, 'invalid_request', /must be a file, not text/);
  });

  it('400s an unknown field next to the images', async () => {
    await expectError(await post(form(['image', pngBlob(squarePng)], ['note', 'hi'])), 400, 'invalid_request', /Unrecognized key: "note"/);
  });

  it('400s an empty file, naming it', async () => {
    const res = await post(form(['image', pngBlob(squarePng), 'a.png'], ['image', pngBlob(new Uint8Array()), 'b.png']));
    await expectError(res, 400, 'empty_image', 'image 2 of 2 (b.png) is empty');
  });

  it('names the corrupt file among several', async () => {
    const res = await post(form(['image', pngBlob(squarePng), 'ok.png'], ['image', pngBlob(squarePng.slice(0, 60)), 'cut.png']));
    await expectError(res, 400, 'corrupt_image', /^image 2 of 2 \(cut\.png\): corrupt image/);
  });

  it('413s more than MAX_IMAGES_PER_REQUEST (100) files', async () => {
    const f = new FormData();
    for (let i = 0; i < 101; i++) f.append('image', pngBlob(squarePng), `${i}.png`);
    await expectError(await post(f), 413, 'too_many_images', '101 images in one request; the limit is 100');
  });

  it('400s a malformed multipart body', async () => {
    await expectError(await post('garbage', 'multipart/form-data; boundary=xyz'), 400, 'bad_request', /Malformed FormData/);
  });
});

describe('JSON pixels', () => {
  const zeros = (n: number) => new Array<number>(n).fill(0);

  it('400s the wrong number of values', async () => {
    await expectError(await postJson({ pixels: zeros(783) }), 400, 'invalid_request', /pixels: .*784/);
  });

  it('400s a row of the wrong length, naming the row', async () => {
    const rows = Array.from({ length: 28 }, () => zeros(28));
    rows[3] = zeros(27);
    await expectError(await postJson({ pixels: rows }), 400, 'invalid_request', /pixels\[3\]: .*28/);
  });

  it('400s a value over 255, naming its index', async () => {
    const pixels = zeros(784);
    pixels[100] = 256;
    await expectError(await postJson({ pixels }), 400, 'invalid_request', /pixels\[100\]: .*255/);
  });

  it('400s a negative value', async () => {
    const pixels = zeros(784);
    pixels[5] = -1;
    await expectError(await postJson({ pixels }), 400, 'invalid_request', /pixels\[5\]: .*0/);
  });

  it('400s a string among the numbers, naming where', async () => {
    const rows: unknown[][] = Array.from({ length: 28 }, () => zeros(28));
    rows[2][7] = '9';
    await expectError(await postJson({ pixels: rows }), 400, 'invalid_request', /at \[2\]\[7\]: .*expected number, received string/);
  });

  it('400s pixels that are not an array', async () => {
    await expectError(await postJson({ pixels: 'abc' }), 400, 'invalid_request', /must be an array of 784 numbers or 28 rows of 28/);
  });

  it('400s a missing pixels key and an unknown key', async () => {
    await expectError(await postJson({ pixel: zeros(784) }), 400, 'invalid_request', /pixels: .*Unrecognized key: "pixel"/s);
  });

  it('400s malformed JSON', async () => {
    await expectError(await post('{"pixels": [', 'application/json'), 400, 'bad_request', /Malformed JSON/);
  });

  it('422s an all-black image: no digit', async () => {
    await expectError(await postJson({ pixels: zeros(784) }), 422, 'no_digit_found');
  });
});

describe('model unavailable', () => {
  it('503s model_unavailable with the reason, after validating the input', async () => {
    const app = new OpenAPIHono();
    app.use('*', async (c, next) => {
      c.set('limits' as never, { maxImagePixels: 1e6, maxImagesPerRequest: 10 } as never);
      await next();
    });
    app.route('/', digitsRoutes(() => Promise.reject(new Error('weights.bin is truncated'))));
    app.onError((err, c) => toErrorResponse(err, c));
    const res = await app.request('/classify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pixels: Array.from(square) }),
    });
    await expectError(res, 503, 'model_unavailable', 'model unavailable: weights.bin is truncated');
  });
});
