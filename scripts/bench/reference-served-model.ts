// Bench-only stand-in for functions/runtime/served-model.ts that serves model/reference: the digits bench
// swaps it in with a build-time alias (digits-models.ts), so the product's code is bundled unchanged. It
// exports what served-model.ts exports.
import metrics from '../../model/reference/metrics.json';
import misclassified from '../../model/reference/misclassified.json';
import modelJson from '../../model/reference/model.json';
import weights from '../../model/reference/weights.bin';
import type { ModelFiles } from '../../functions/runtime/classifier';
import type * as Served from '../../functions/runtime/served-model';

export const SERVED_MODEL_DIR = 'model/reference';

export const servedModel = { modelJson, weights, metrics } satisfies ModelFiles;
export const servedMisclassified: unknown = misclassified;

// Type-level guard: the stand-in exports everything served-model.ts exports (a missing one would leave the
// product importing it from the real file, bundling the default model beside this one).
void ({ SERVED_MODEL_DIR, servedModel, servedMisclassified } satisfies Record<keyof typeof Served, unknown>);
