// The digit classifier of this isolate: backend + bundled model loaded once, lazily; a failure is kept and reported.
import type { z } from '@hono/zod-openapi';
import { IMAGE_PIXELS, INPUT_SHAPE, NUM_CLASSES } from '../core/digit-contract';
import type { ModelMetrics } from '../core/model-metrics';
import { modelMetricsSchema, ServingMetricsSchema, type ServingMetrics } from './model-metrics-schema';
import { servedModel } from './served-model';
import { planFromModelJson } from './model-plan';
import { SequentialModel } from './sequential-model';
import { initBackend, type BackendStatus } from './tf-backend';

export interface Prediction {
  digit: number;
  confidence: number;
  /** NUM_CLASSES values summing to 1. */
  probabilities: number[];
  /** confidence < the model's uncertainThreshold; only when metrics.json defines one. */
  uncertain?: boolean;
}

export interface Classifier {
  backend: BackendStatus;
  /** The part of metrics.json that serving reads, checked at load. */
  metrics: ServingMetrics;
  /** The whole of metrics.json, checked on first use, not at load (see model-metrics-schema.ts); throws if malformed. */
  report(): ModelMetrics;
  /** Milliseconds from the first request to a ready model (backend init included). */
  loadMs: number;
  /** One batched forward pass; each input is IMAGE_PIXELS values in 0..1, white ink on black. */
  classify(images: readonly Float32Array[]): Prediction[];
}

export interface ModelFiles {
  modelJson: unknown;
  weights: ArrayBuffer;
  metrics: unknown;
}

/** Builds a classifier from model files; rejects with a message naming what is wrong. */
export async function createClassifier(files: ModelFiles): Promise<Classifier> {
  const started = performance.now();
  const backend = await initBackend();
  const metrics = parseMetrics(ServingMetricsSchema, files.metrics);
  const plan = planFromModelJson(files.modelJson);
  if (plan.inputShape.join() !== INPUT_SHAPE.join()) {
    throw new Error(`model input shape is [${plan.inputShape}], the digit contract needs [${INPUT_SHAPE}]`);
  }
  const model = new SequentialModel(plan, files.weights);
  // One forward pass now proves the weights fit the layers, instead of failing on a user's request.
  const probe = model.predict(new Float32Array(IMAGE_PIXELS), 1);
  if (probe.outputs !== NUM_CLASSES) {
    model.dispose();
    throw new Error(`model has ${probe.outputs} outputs, the digit contract needs ${NUM_CLASSES}`);
  }

  let report: ModelMetrics | undefined;
  return {
    backend,
    metrics,
    report: () => (report ??= parseMetrics(modelMetricsSchema(), files.metrics)),
    loadMs: performance.now() - started,
    classify(images) {
      const batch = new Float32Array(images.length * IMAGE_PIXELS);
      images.forEach((image, i) => {
        if (image.length !== IMAGE_PIXELS) throw new Error(`image ${i} has ${image.length} values, not ${IMAGE_PIXELS}`);
        batch.set(image, i * IMAGE_PIXELS);
      });
      const { values } = model.predict(batch, images.length);
      const threshold = metrics.uncertainThreshold;
      return images.map((_, i) => {
        const prediction = toPrediction(values.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES));
        return threshold === undefined ? prediction : { ...prediction, uncertain: prediction.confidence < threshold };
      });
    },
  };
}

function parseMetrics<T>(schema: z.ZodType<T>, metrics: unknown): T {
  const parsed = schema.safeParse(metrics);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`metrics.json is malformed: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

function toPrediction(probabilities: Float32Array): Prediction {
  let digit = 0;
  for (let d = 1; d < probabilities.length; d++) if (probabilities[d] > probabilities[digit]) digit = d;
  return { digit, confidence: probabilities[digit], probabilities: Array.from(probabilities) };
}

/**
 * Loads `files` on the first call and memoises the promise, including a rejection: the model is bundled, so a
 * load that failed once fails again, and retrying on every request would only burn CPU. A new isolate retries.
 */
export function classifierLoader(files: ModelFiles): () => Promise<Classifier> {
  let loading: Promise<Classifier> | undefined;
  return () => (loading ??= createClassifier(files));
}

/** The isolate's classifier, from the model bundled with the Worker. */
export const loadClassifier = classifierLoader(servedModel);
