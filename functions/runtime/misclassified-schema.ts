// The zod schema of misclassified.json (type MisclassifiedFile) and its check against metrics.json, run once per isolate.
import { z } from '@hono/zod-openapi';
import { NUM_CLASSES } from '../core/digit-contract';
import { DIGIT_BASE64_LENGTH, type MisclassifiedFile } from '../core/misclassified-digits';
import type { ModelMetrics } from '../core/model-metrics';

/** Built on first use (/api/model/misclassified): nothing of it is needed at isolate start (see functions/app.ts). */
function buildSchema() {
  const digit = z.number().int().min(0).max(NUM_CLASSES - 1);

  const MisclassifiedDigitSchema = z
    .object({
      index: z.number().int().min(0).openapi({ description: 'Index in the MNIST test set (t10k), 0-based', example: 247 }),
      label: digit.openapi({ description: 'The true digit', example: 4 }),
      predicted: digit.openapi({ description: "The model's digit", example: 6 }),
      confidence: z.number().min(0).max(1).openapi({ description: "The model's probability for `predicted`", example: 0.544446 }),
      pixels: z
        .string()
        .length(DIGIT_BASE64_LENGTH)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/)
        .openapi({ description: 'The 784 pixel bytes (28x28, row-major, white ink 255 on black 0), base64' }),
    })
    .openapi('MisclassifiedDigit');

  return z
    .object({
      recipe: z.string().openapi({ example: 'default' }),
      testImages: z.number().int().positive().openapi({ example: 10000 }),
      digits: z.array(MisclassifiedDigitSchema).openapi({ description: 'Ascending by index' }),
    })
    .openapi('MisclassifiedDigits') satisfies z.ZodType<MisclassifiedFile>;
}

let schema: ReturnType<typeof buildSchema> | undefined;
export const misclassifiedFileSchema = () => (schema ??= buildSchema());

/**
 * Validates misclassified.json against its schema and against the model's metrics; a file of other weights would
 * show a gallery that disagrees with the page's figures, so it is refused like a model that does not load.
 */
export function checkMisclassified(file: unknown, metrics: ModelMetrics): MisclassifiedFile {
  const parsed = misclassifiedFileSchema().safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`misclassified.json is malformed: ${issue.path.join('.')}: ${issue.message}`);
  }
  const { data } = parsed;
  const indices = data.digits.map((d) => d.index).join();
  if (data.recipe !== metrics.recipe || data.testImages !== metrics.test.images || indices !== metrics.test.misclassified.join()) {
    throw new Error(
      `misclassified.json (${data.recipe}, ${data.digits.length} digits) does not match metrics.json ` +
        `(${metrics.recipe}, ${metrics.test.misclassified.length} misclassified); run npm run misclassified`,
    );
  }
  return data;
}
