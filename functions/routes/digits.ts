// POST /api/digits/classify: handwritten digits in (PNG/JPEG body, multipart files or JSON pixels), 0-9 out.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../core/digit-contract';
import { ApiError, ErrorSchema } from '../errors';
import { loadClassifier, type Classifier } from '../runtime/classifier';
import {
  checkContentType,
  IMAGE_FIELD,
  JSON_TYPE,
  MULTIPART,
  preprocessJsonPixels,
  preprocessUploads,
  readMultipart,
  readRawImage,
} from './digits-input';

const pixel = z.number().min(0).max(255);
const flat = z.array(pixel).length(IMAGE_PIXELS).openapi({ minItems: IMAGE_PIXELS, maxItems: IMAGE_PIXELS });
const row = z.array(pixel).length(IMAGE_SIZE).openapi({ minItems: IMAGE_SIZE, maxItems: IMAGE_SIZE });
const rows = z.array(row).length(IMAGE_SIZE).openapi({ minItems: IMAGE_SIZE, maxItems: IMAGE_SIZE });

/** Zod's message for a failed union is just "Invalid input": report the first problem of the shape that was meant. */
function pixelsError(issue: { code?: string; input?: unknown; errors?: unknown }): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  if (!Array.isArray(issue.input)) return `must be an array of ${IMAGE_PIXELS} numbers or ${IMAGE_SIZE} rows of ${IMAGE_SIZE}`;
  const meant = Array.isArray(issue.input[0]) ? 1 : 0;
  const first = (issue.errors as { path: PropertyKey[]; message: string }[][] | undefined)?.[meant]?.[0];
  if (!first) return undefined;
  const where = first.path.map((p) => `[${String(p)}]`).join('');
  const shape = meant ? `${IMAGE_SIZE} rows of ${IMAGE_SIZE} numbers` : `${IMAGE_PIXELS} numbers`;
  return `${where ? `at ${where}: ` : ''}${first.message} (expected ${shape}, each 0-255)`;
}

const PixelsRequestSchema = z
  .strictObject({
    pixels: z.union([flat, rows], { error: pixelsError }).openapi({
      description: `${IMAGE_PIXELS} numbers, or ${IMAGE_SIZE} rows of ${IMAGE_SIZE}, each 0-255: white ink on black, as in MNIST`,
    }),
  })
  .openapi('PixelsRequest');

const PredictionSchema = z
  .object({
    digit: z.number().int().min(0).max(9).openapi({ example: 7 }),
    confidence: z.number().openapi({ description: 'Probability of `digit`', example: 0.998 }),
    probabilities: z.array(z.number()).length(NUM_CLASSES).openapi({ description: 'For digits 0-9; sum to 1' }),
    uncertain: z.boolean().optional().openapi({
      description:
        "`confidence` is below the model's `uncertainThreshold` (GET /api/model): likely not a clean digit, or " +
        'a wrong answer. Present only when the served model defines a threshold.',
    }),
    preprocessed: z.array(z.number()).length(IMAGE_PIXELS).openapi({
      description: 'What the model saw: 28x28 row-major, 0 (black) to 1 (white ink), rounded to 4 decimals',
    }),
  })
  .openapi('DigitPrediction');

const ClassifyResponseSchema = z
  .union([PredictionSchema, z.object({ results: z.array(PredictionSchema).openapi({ description: 'In upload order' }) })])
  .openapi('ClassifyResponse');

const binary = z.string().openapi({ type: 'string', format: 'binary' });

/** Hono parses multipart into `{field: value | value[]}`; this checks it before the handler runs. */
const imageFile = z
  .instanceof(File, { error: `"${IMAGE_FIELD}" must be a file, not text` })
  .openapi({ type: 'string', format: 'binary' });
const MultipartSchema = z
  .strictObject({
    [IMAGE_FIELD]: z
      .union([imageFile, z.array(imageFile)], {
        error: (issue) =>
          issue.input === undefined
            ? `no file in the field "${IMAGE_FIELD}"; send one or more PNG/JPEG files there`
            : `every "${IMAGE_FIELD}" value must be a file, not text`,
      })
      .openapi({ description: 'One or more PNG/JPEG files (repeat the field)' }),
  })
  .openapi('DigitUpload');

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
