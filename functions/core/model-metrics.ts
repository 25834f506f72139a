// The shape of metrics.json written by training, served at /api/model and plotted by the page.
import type { AugmentOptions } from './augment';
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
  /**
   * Mean cross-entropy over the epoch's training batches as trained: augmented, dropout on, and with the
   * recipe's non-digit images (uniform target, so at least ln 10 each: the default recipe's 8 in 136 add
   * ~0.135), so it sits above valLoss.
   */
  loss: number;
  /** Of the digit images only (non-digits have no label). */
  accuracy: number;
  /** On the held-out validation images, or on the test set when the recipe holds none out (the reference). */
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

/** How a confidence threshold splits a set's predictions. */
export interface ThresholdReport {
  /** Share of the images whose max-softmax is below the threshold (flagged uncertain). */
  flaggedShare: number;
  /** Accuracy on the images not flagged. */
  acceptedAccuracy: number;
  /** Share of the misclassified images that are flagged. */
  errorsFlaggedShare: number;
}

/** Accuracy on one set of rendered uploads (or on the raw digits they were made from). */
export interface UploadKindScore {
  images: number;
  accuracy: number;
  /** Images the pipeline refused (e.g. no digit found); counted as wrong. */
  rejected: number;
  /** Test-set indices of the digits this set got wrong (refused ones included), ascending. */
  misclassified: number[];
}

/**
 * MNIST test digits rendered the ways people upload them (scripts/fixtures/upload-kinds.ts), decoded and preprocessed
 * by the Worker's pure pipeline (functions/core/image), classified by the model in Node.
 */
export interface UploadKindsReport {
  /** How the figures were made, in words, with the command that remakes them. */
  method: string;
  /** Seed of the digit choice; each image's renderer seed derives from it, the kind and the test index. */
  seed: number;
  /** Test digits per kind: the same digits, stratified by label, for every kind and for `raw`. */
  digits: number;
  /** The same digits as the 28x28 MNIST pixels through the same preprocessing (as JSON pixels or a 28x28 PNG). */
  raw: UploadKindScore;
  kinds: (UploadKindScore & { name: string; description: string })[];
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
  /** Size of weights.bin, in bytes. */
  weightBytes: number;
  /** Precision of weights.bin; absent means float32. All accuracy figures are of the weights as stored. */
  weightDtype?: 'float32' | 'float16';
  /**
   * A prediction whose max-softmax probability is below this is flagged `"uncertain": true`. Chosen on the
   * validation images (see `uncertainty.rule`); absent when the recipe holds no validation images out.
   */
  uncertainThreshold?: number;
  uncertainty?: {
    /** How uncertainThreshold was chosen, in words. */
    rule: string;
    /** Share of correct validation predictions kept at or above the threshold. */
    keepCorrect: number;
    validation: ThresholdReport;
    test: ThresholdReport;
    /**
     * Synthetic non-digits (functions/core/outliers.ts, a seed training never uses): the share flagged uncertain,
     * overall and per kind. The generator is the one outlier exposure trains on, so this is an optimistic figure.
     */
    outliers?: { images: number; flaggedShare: number; flaggedShareByKind: Record<string, number> };
  };
  /** Figures on the held-out validation images, for the weights as stored. Absent when none are held out. */
  validation?: {
    images: number;
    accuracy: number;
    loss: number;
    /** Expected calibration error, 15 equal-width confidence bins. */
    ece: number;
  };
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
    /** Data-parallel worker threads (1: in-process). */
    threads?: number;
    /** Training images held out for validation: the last N of the 60,000. */
    validationImages?: number;
    /** The epoch whose weights were kept (best validation accuracy); without validation, the last. */
    selectedEpoch?: number;
    /** Learning-rate schedule, in words, e.g. "cosine from 0.002 to 2e-5 after 1 warm-up epoch". */
    schedule?: string;
    /** Random distortions applied to each training image (functions/core/augment.ts); null: none. */
    augmentation?: Required<AugmentOptions> | null;
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
    /** Expected calibration error, 15 equal-width confidence bins. */
    ece?: number;
  };
  /** Accuracy per upload kind (scripts/upload-kinds-report.ts); absent until that has run for this model. */
  uploadKinds?: UploadKindsReport;
}
