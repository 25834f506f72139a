// The zod schema of metrics.json (type ModelMetrics): validates the bundled file once and documents /api/model.
import { z } from '@hono/zod-openapi';
import type { ModelMetrics } from '../core/model-metrics';

const finite = z.number().finite();

export const ModelMetricsSchema = z
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
    }),
  })
  .openapi('ModelMetrics') satisfies z.ZodType<ModelMetrics>;
