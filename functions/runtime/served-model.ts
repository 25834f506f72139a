// Which trained model this Worker serves: the one place that names a model/<recipe> directory for the Worker.
// SERVED_MODEL_DIR must name the same directory (imports cannot use a constant); the parity test checks both agree.
import metrics from '../../model/default/metrics.json';
import misclassified from '../../model/default/misclassified.json';
import modelJson from '../../model/default/model.json';
import weights from '../../model/default/weights.bin';
import type { ModelFiles } from './classifier';

export { SERVED_MODEL_DIR } from './served-model-dir';

export const servedModel = { modelJson, weights, metrics } satisfies ModelFiles;
/** The served model's misclassified test digits with their pixels (misclassified.json), for the page's gallery. */
export const servedMisclassified: unknown = misclassified;
