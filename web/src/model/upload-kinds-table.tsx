// Accuracy per upload kind (metrics.json's uploadKinds): how the model does on test digits uploaded the ways people do.
import type { ModelMetrics } from './model-state';

type Report = NonNullable<ModelMetrics['uploadKinds']>;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Points above or below the raw digits, with a real minus sign. */
function points(delta: number): string {
  const p = Math.round(delta * 1000) / 10;
  return p === 0 ? '±0.0' : `${p > 0 ? '+' : '−'}${Math.abs(p).toFixed(1)}`;
}

export function UploadKindsTable({ report }: { report: Report }) {
  const int = new Intl.NumberFormat('en');
  return (
    <section class="card stack" aria-labelledby="upload-kinds-title">
      <h2 id="upload-kinds-title">Real uploads</h2>
      <p>
        The same {int.format(report.digits)} test digits rendered as each kind of upload, then decoded and preprocessed
        exactly as the server does.
      </p>
      <div class="table-wrap">
        <table data-testid="upload-kinds">
          <caption>Accuracy per upload kind</caption>
          <thead>
            <tr>
              <th scope="col">Upload</th>
              <th scope="col">Accuracy</th>
              <th scope="col">
                <abbr title="Percentage points against the raw 28×28 digits">vs raw</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">raw 28×28 digits</th>
              <td>{pct(report.raw.accuracy)}</td>
              <td>–</td>
            </tr>
            {report.kinds.map((k) => (
              <tr key={k.name}>
                <th scope="row">
                  {k.name}
                  <span class="upload-kind-description">{k.description}</span>
                </th>
                <td>{pct(k.accuracy)}</td>
                <td>{points(k.accuracy - report.raw.accuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
