// POST /api/digits/classify: handwritten digits in (PNG/JPEG body, multipart files or JSON pixels), 0-9 out.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { ApiError, ErrorSchema } from '../errors';
import { loadClassifier, type Classifier } from '../runtime/classifier';
import {
  checkContentType,
  JSON_TYPE,
  MULTIPART,
  preprocessJsonPixels,
  preprocessUploads,
  readMultipart,
  readRawImage,
} from './digits-input';
import { binary, ClassifyResponseSchema, MultipartSchema, PixelsRequestSchema } from './digits-schemas';

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

const route = createRoute({
  method: 'post',
  path: '/classify',
  summary: 'Classify handwritten digits',
  description:
    'Send one PNG or JPEG as the body, several files in the multipart field `image`, or JSON pixels. Any ink ' +
    'colour on any background: images are converted to MNIST style (white digit, 20 px box, centred by mass) ' +
    'before the CNN runs, all images of a request in one batch. One image answers a prediction; several answer ' +
    '`{"results": [...]}` in upload order.',
  request: {
    body: {
      // Not `required: true`: @hono/zod-openapi would then run the JSON validator on image and multipart bodies too.
      content: {
        'image/png': { schema: binary },
        'image/jpeg': { schema: binary },
        [MULTIPART]: { schema: MultipartSchema },
        [JSON_TYPE]: { schema: PixelsRequestSchema },
      },
    },
  },
  responses: {
    200: { description: 'The digit(s)', content: { 'application/json': { schema: ClassifyResponseSchema } } },
    400: error(
      'Malformed request: empty body, corrupt image (`corrupt_image`), multipart without `image` files ' +
        '(`missing_image`), unknown field, or pixels of the wrong shape/range (`invalid_request`)',
    ),
    413: error('Body, image (`image_too_large`) or number of files (`too_many_images`) over the limit'),
    415: error('Content-Type not accepted (`unsupported_media_type`) or bytes not PNG/JPEG (`unsupported_image`)'),
    422: error('No ink in the image (`no_digit_found`)'),
    503: error('The model could not be loaded (`model_unavailable`)'),
  },
});

/** Four decimals are plenty for display and keep a 100-image answer small. */
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** `load` is injectable so tests can exercise the 503 path; production uses the isolate's classifier. */
export function digitsRoutes(load: () => Promise<Classifier> = loadClassifier) {
  const app = new OpenAPIHono<AppEnv>();
  // Before the route's own validators, so a wrong type gets a 415 that says what is accepted.
  app.use('/classify', async (c, next) => {
    if (c.req.method === 'POST') checkContentType(c.req.header('content-type'));
    await next();
  });
  return app.openapi(route, async (c) => {
    const limits = c.get('limits');
    const type = checkContentType(c.req.header('content-type'));
    // valid() is typed as the union of the three body schemas; each branch holds the one its validator checked.
    let inputs: Float32Array[];
    if (type === JSON_TYPE) {
      const body = c.req.valid('json');
      if (typeof body !== 'object' || !('pixels' in body)) throw new Error('unreachable: JSON body not validated');
      inputs = preprocessJsonPixels(body.pixels);
    } else if (type === MULTIPART) {
      const form = c.req.valid('form');
      if (typeof form !== 'object' || !('image' in form)) throw new Error('unreachable: multipart body not validated');
      inputs = await preprocessUploads(await readMultipart(form.image, limits), limits);
    } else {
      inputs = await preprocessUploads(await readRawImage(c.req), limits);
    }
    const classifier = await load().catch((err: unknown) => {
      throw new ApiError(503, 'model_unavailable', `model unavailable: ${err instanceof Error ? err.message : String(err)}`);
    });
    const results = classifier.classify(inputs).map((p, i) => ({ ...p, preprocessed: Array.from(inputs[i], round4) }));
    return c.json(results.length === 1 ? results[0] : { results }, 200);
  });
}

/**
 * The typed client (`hc<AppType>`) would otherwise demand `json` and `form` together: @hono/zod-openapi merges
 * every body schema of a route into one input. Same runtime; the type says what is true: either one (hc cannot
 * send a raw image body; use fetch for that).
 */
type Inferred = ReturnType<typeof digitsRoutes> extends OpenAPIHono<AppEnv, infer S, '/'> ? S : never;
type Post = Inferred['/classify']['$post'];
type WithInput<E, I> = E extends unknown ? Omit<E, 'input'> & { input: I } : never;
type DigitsSchema = {
  '/classify': {
    $post: WithInput<Post, { json?: z.input<typeof PixelsRequestSchema>; form?: z.input<typeof MultipartSchema> }>;
  };
};

export const digits = digitsRoutes() as unknown as OpenAPIHono<AppEnv, DigitsSchema, '/'>;
