// Bench-only stand-in for functions/runtime/served-model.ts that serves model/reference: the digits bench
// swaps it in with a build-time alias (reference-build.ts), so the product's code is bundled unchanged.
import metrics from '../../model/reference/metrics.json';
import modelJson from '../../model/reference/model.json';
import weights from '../../model/reference/weights.bin';
import type { ModelFiles } from '../../functions/runtime/classifier';

export const SERVED_MODEL_DIR = 'model/reference';

export const servedModel = { modelJson, weights, metrics } satisfies ModelFiles;
