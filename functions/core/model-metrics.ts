// The shape of metrics.json written by training, served at /api/model and plotted by the page.
import type { ClassScore } from './classification-metrics';

export interface LayerSummary {
  name: string;
  /** tfjs-layers class name, e.g. `Conv2D`. */
  type: string;
  /** Batch dimension is null. */
  outputShape: (number | null)[];
  params: number;
}

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

export interface ModelMetrics {
  recipe: string;
  /** ISO 8601. */
  createdAt: string;
  versions: { tfjs: string; node: string; backend: string };
  architecture: { layers: LayerSummary[] };
  parameters: number;
  /** Forward pass for one image: multiply-adds of conv and dense layers, times 2. */
  flopsPerImage: number;
  /** Size of weights.bin (float32). */
  weightBytes: number;
  training: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    optimizer: string;
    loss: string;
    seed: number;
    trainImages: number;
    seconds: number;
    /** Median wall time of one optimiser step (forward + backward + update). */
    msPerBatch: number;
  };
  history: EpochRecord[];
  test: {
    images: number;
    accuracy: number;
    loss: number;
    /** Rows true digit, columns predicted digit. */
    confusionMatrix: number[][];
    perClass: ClassScore[];
    /** Test-set indices of misclassified images, ascending. */
    misclassified: number[];
  };
}
