// The zod schemas of metrics.json: the fields serving needs (checked when the model loads), and the whole
// file (type ModelMetrics), which documents /api/model and is checked on the first request that shows it.
import { z } from '@hono/zod-openapi';
import type { ModelMetrics } from '../core/model-metrics';

const servingShare = z.number().finite().min(0).max(1);

/**
 * What classifying and /api/health read: checked when the model loads, so a model is never served with a
 * threshold it does not have. Built at start-up, so kept small: building the whole schema cost a cold isolate 3 ms.
 */
export const ServingMetricsSchema = z.looseObject({
  recipe: z.string(),
  parameters: z.number().int(),
  test: z.looseObject({ accuracy: servingShare }),
  uncertainThreshold: servingShare.optional(),
}) satisfies z.ZodType<Pick<ModelMetrics, 'recipe' | 'parameters' | 'uncertainThreshold'> & { test: Pick<ModelMetrics['test'], 'accuracy'> }>;

export type ServingMetrics = z.infer<typeof ServingMetricsSchema>;

function buildModelMetricsSchema() {
  const finite = z.number().finite();
  const share = finite.min(0).max(1);

  const thresholdReport = z.object({
    flaggedShare: share.openapi({ description: 'Share of images below the threshold (flagged uncertain)' }),
    acceptedAccuracy: share.openapi({ description: 'Accuracy on the images not flagged' }),
    errorsFlaggedShare: share.openapi({ description: 'Share of the misclassified images that are flagged' }),
  });

  const augmentation = z.object({
    maxShift: finite,
    maxRotation: finite,
    minScale: finite,
    maxScale: finite,
    maxShear: finite,
    strokeProbability: finite,
    elasticProbability: finite,
    elasticAlpha: finite,
    elasticSigma: finite,
  });

  const uploadKindScore = z.object({
    images: z.number().int(),
    accuracy: share,
    rejected: z.number().int().openapi({ description: 'Images the pipeline refused (no digit found), counted as wrong' }),
    misclassified: z.array(z.number().int()).openapi({ description: 'Test-set indices this set got wrong, ascending' }),
  });

  const uploadKinds = z
    .object({
      method: z.string(),
      seed: z.number().int(),
      digits: z.number().int().openapi({ description: 'Test digits per kind (the same digits for every kind)' }),
      raw: uploadKindScore.openapi({ description: 'The same digits as 28x28 pixels through the same preprocessing' }),
      kinds: z.array(uploadKindScore.extend({ name: z.string(), description: z.string() })),
    })
    .openapi({ description: 'Accuracy on MNIST test digits rendered as real uploads, through the Worker\'s decoding and preprocessing' });

  return z
    .object({
      recipe: z.string(),
      createdAt: z.string().openapi({ description: 'ISO 8601' }),
      versions: z.object({ tfjs: z.string(), node: z.string(), backend: z.string() }),
      architecture: z.object({
        layers: z.array(
          z.object({
            name: z.string(),
            type: z.string().openapi({ example: 'Conv2D' }),
            outputShape: z.array(z.number().int().nullable()).openapi({ description: 'Batch dimension is null' }),
            params: z.number().int(),
          }),
        ),
      }),
      parameters: z.number().int(),
      flopsPerImage: finite.openapi({ description: 'Forward pass for one image: 2 x multiply-adds' }),
      weightBytes: z.number().int(),
      weightDtype: z.enum(['float32', 'float16']).optional().openapi({ description: 'Absent means float32' }),
      uncertainThreshold: share.optional().openapi({
        description: 'Predictions whose confidence is below this are flagged uncertain',
      }),
      uncertainty: z
        .object({
          rule: z.string(),
          keepCorrect: share,
          validation: thresholdReport,
          test: thresholdReport,
          outliers: z
            .object({ images: z.number().int(), flaggedShare: share, flaggedShareByKind: z.record(z.string(), share) })
            .optional()
            .openapi({ description: 'Synthetic non-digits (letters, blobs, noise, grids, blocks) flagged uncertain' }),
        })
        .optional(),
      validation: z.object({ images: z.number().int(), accuracy: finite, loss: finite, ece: finite }).optional(),
      training: z.object({
        epochs: z.number().int(),
        batchSize: z.number().int(),
        learningRate: finite,
        optimizer: z.string(),
        loss: z.string(),
        seed: z.number().int(),
        trainImages: z.number().int(),
        seconds: finite,
        msPerBatch: finite.openapi({ description: 'Median wall time of one optimiser step' }),
        threads: z.number().int().optional(),
        validationImages: z.number().int().optional(),
        selectedEpoch: z.number().int().optional(),
        schedule: z.string().optional(),
        augmentation: augmentation.nullable().optional(),
      }),
      history: z.array(
        z.object({
          epoch: z.number().int(),
          loss: finite,
          accuracy: finite,
          valLoss: finite,
          valAccuracy: finite,
          seconds: finite,
        }),
      ),
      test: z.object({
        images: z.number().int(),
        accuracy: finite,
        loss: finite,
        confusionMatrix: z.array(z.array(z.number().int())).openapi({ description: 'Rows true digit, columns predicted' }),
        perClass: z.array(z.object({ digit: z.number().int(), precision: finite, recall: finite })),
        misclassified: z.array(z.number().int()).openapi({ description: 'Test-set indices, ascending' }),
        ece: finite.optional().openapi({ description: 'Expected calibration error, 15 bins' }),
      }),
      uploadKinds: uploadKinds.optional(),
    })
    .openapi('ModelMetrics') satisfies z.ZodType<ModelMetrics>;
}

let schema: ReturnType<typeof buildModelMetricsSchema> | undefined;
/** The whole of metrics.json, built on first use (/api/model, or a test). */
export const modelMetricsSchema = () => (schema ??= buildModelMetricsSchema());
