// The classify route's request and response schemas: validation, OpenAPI document and typed client in one.
import { z } from '@hono/zod-openapi';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../core/digit-contract';
import { IMAGE_FIELD } from './digits-input';

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

export const PixelsRequestSchema = z
  .strictObject({
    pixels: z.union([flat, rows], { error: pixelsError }).openapi({
      description: `${IMAGE_PIXELS} numbers, or ${IMAGE_SIZE} rows of ${IMAGE_SIZE}, each 0-255: white ink on black, as in MNIST`,
    }),
  })
  .openapi('PixelsRequest');

export const PredictionSchema = z
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

export const ClassifyResponseSchema = z
  .union([PredictionSchema, z.object({ results: z.array(PredictionSchema).openapi({ description: 'In upload order' }) })])
  .openapi('ClassifyResponse');

export const binary = z.string().openapi({ type: 'string', format: 'binary' });

/** Hono parses multipart into `{field: value | value[]}`; this checks it before the handler runs. */
const imageFile = z
  .instanceof(File, { error: `"${IMAGE_FIELD}" must be a file, not text` })
  .openapi({ type: 'string', format: 'binary' });
export const MultipartSchema = z
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
