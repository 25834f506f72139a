// The model view: the served model's test accuracy, size and cost, training curves, confusion matrix, per-class scores,
// accuracy per upload kind, and the gallery of misclassified test digits.
import { useEffect } from 'preact/hooks';
import { ConfusionMatrix } from './confusion-matrix';
import { MisclassifiedGallery } from './misclassified-gallery';
import { loadError, loading, loadMetrics, metrics, type ModelMetrics } from './model-state';
import { TrainingCharts } from './training-charts';
import { UploadKindsTable } from './upload-kinds-table';
import './model-view.css';

const int = new Intl.NumberFormat('en');

function bytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`;
}

function flops(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n);
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function Summary({ m }: { m: ModelMetrics }) {
  return (
    <dl class="stats">
      <Stat label="Test accuracy" value={`${(m.test.accuracy * 100).toFixed(2)}%`} testId="test-accuracy" />
      <Stat label="Parameters" value={int.format(m.parameters)} testId="parameters" />
      <Stat label="FLOPs per image" value={flops(m.flopsPerImage)} testId="flops" />
      <Stat label="Weights" value={bytes(m.weightBytes)} />
      <Stat label="Test images" value={int.format(m.test.images)} />
      <Stat label="Epochs" value={String(m.training.epochs)} />
      <Stat label="Training time" value={`${Math.round(m.training.seconds / 60)} min`} />
    </dl>
  );
}

function PerClass({ m }: { m: ModelMetrics }) {
  if (m.test.perClass.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption>Precision and recall per digit</caption>
        <thead>
          <tr>
            <th scope="col">Digit</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
          </tr>
        </thead>
        <tbody>
          {m.test.perClass.map((c) => (
            <tr key={c.digit}>
              <th scope="row">{c.digit}</th>
              <td>{(c.precision * 100).toFixed(2)}%</td>
              <td>{(c.recall * 100).toFixed(2)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Architecture({ m }: { m: ModelMetrics }) {
  if (m.architecture.layers.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption>Layers</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Type</th>
            <th scope="col">Output</th>
            <th scope="col">Parameters</th>
          </tr>
        </thead>
        <tbody>
          {m.architecture.layers.map((l) => (
            <tr key={l.name}>
              <th scope="row">{l.name}</th>
              <td>{l.type}</td>
              <td>{l.outputShape.filter((d) => d !== null).join('×')}</td>
              <td>{int.format(l.params)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ModelView() {
  useEffect(() => {
    void loadMetrics();
  }, []);
  const m = metrics.value;
  return (
    <>
      <h1>The model</h1>
      {loading.value && !m && (
        <p class="loading" role="status">
          Loading the model's metrics…
        </p>
      )}
      {loadError.value && (
        <div class="message error" role="alert">
          <strong>Could not load the model's metrics.</strong> {loadError.value}{' '}
          <button type="button" onClick={() => void loadMetrics(true)}>
            Try again
          </button>
        </div>
      )}
      {m && (
        <div class="stack" data-testid="model-metrics">
          <p class="intro">
            Recipe <strong>{m.recipe}</strong>, trained {new Date(m.createdAt).toLocaleDateString('en', { dateStyle: 'medium' })} with
            TensorFlow.js {m.versions.tfjs} ({m.training.optimizer}, batch {m.training.batchSize}, learning rate {m.training.learningRate}).
          </p>
          <Summary m={m} />
          <section aria-labelledby="curves-title">
            <h2 id="curves-title">Training curves</h2>
            <TrainingCharts history={m.history} />
          </section>
          <div class="grid two">
            <section class="card" aria-labelledby="confusion-title">
              <h2 id="confusion-title">Confusion matrix</h2>
              <ConfusionMatrix matrix={m.test.confusionMatrix} />
            </section>
            <section class="card stack" aria-labelledby="classes-title">
              <h2 id="classes-title">Per digit and layers</h2>
              <PerClass m={m} />
              <Architecture m={m} />
            </section>
          </div>
          {m.uploadKinds && <UploadKindsTable report={m.uploadKinds} />}
          <MisclassifiedGallery />
        </div>
      )}
    </>
  );
}
