// The clustering result: which two columns to plot, the scatter plot, the summary and cluster-size table, CSV download.
import { useMemo } from 'preact/hooks';
import { ScatterChart, type ScatterGroup } from '../charts/scatter-chart';
import { clusterColour } from '../charts/theme';
import { dataset, outcome, plotAxes, type ClusterOutcome, type Dataset } from './clusters-state';
import { labelledCsv, saveText } from './labelled-csv';

function fmt(n: number | null | undefined, digits = 4): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  // Rounding noise such as 4.4e-16 is zero.
  if (Math.abs(n) < 1e-9) return '0';
  return Math.abs(n) >= 1e5 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential(3) : String(Number(n.toFixed(digits)));
}

function groupsOf(points: number[][], labels: readonly number[] | null, ax: number, ay: number): ScatterGroup[] {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < points.length; i++) {
    const l = labels ? labels[i] : 0;
    let list = byLabel.get(l);
    if (!list) byLabel.set(l, (list = []));
    list.push(i);
  }
  return [...byLabel.keys()]
    .sort((a, b) => a - b)
    .map((label) => {
      const idx = byLabel.get(label)!;
      return { label, xs: Float64Array.from(idx, (i) => points[i][ax]), ys: Float64Array.from(idx, (i) => points[i][ay]) };
    });
}

function AxisPicker({ columns }: { columns: string[] }) {
  const [ax, ay] = plotAxes.value;
  const pick = (which: 0 | 1, v: number) => {
    const next: [number, number] = [ax, ay];
    next[which] = v;
    plotAxes.value = next;
  };
  return (
    <div class="fields axis-picker">
      {(['X axis', 'Y axis'] as const).map((title, which) => (
        <div class="field" key={title}>
          <label for={`axis-${which}`}>{title}</label>
          <select id={`axis-${which}`} value={String(which === 0 ? ax : ay)} onChange={(e) => pick(which as 0 | 1, Number(e.currentTarget.value))}>
            {columns.map((c, i) => (
              <option key={c} value={String(i)}>
                {c}
              </option>
            ))}
          </select>
        </div>
      ))}
    </div>
  );
}

/** The plot of the current points: coloured by cluster once a result exists, one colour before. */
export function PointsPlot({ data, result }: { data: Dataset; result: ClusterOutcome | null }) {
  const [ax, ay] = plotAxes.value;
  const cols = data.columns;
  const x = Math.min(ax, cols.length - 1);
  const y = Math.min(ay, cols.length - 1);
  const labels = result?.aligned ? result.labels : null;
  const groups = useMemo(() => groupsOf(data.points, labels, x, y), [data.points, labels, x, y]);
  const centres = useMemo(
    () => (result?.aligned ? { xs: result.centers.map((c) => c[x]), ys: result.centers.map((c) => c[y]) } : null),
    [result, x, y],
  );
  const what = result ? `${data.points.length} points in ${result.nClusters} clusters found by ${result.algorithm}` : `${data.points.length} points, not clustered yet`;
  return (
    <>
      {cols.length > 2 && <AxisPicker columns={cols} />}
      <ScatterChart groups={groups} centres={centres} xName={cols[x]} yName={cols[y]} label={`Scatter plot of ${cols[x]} against ${cols[y]}: ${what}.`} />
    </>
  );
}

function ResultTable({ result }: { result: ClusterOutcome }) {
  const sizes = new Map<number, number>();
  for (const l of result.labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  const cols = result.dataset.columns;
  const shownCols = cols.slice(0, 4);
  const bandwidth = result.params.bandwidth;
  const orphans = sizes.get(-1) ?? 0;
  return (
    <>
      <dl class="stats" data-testid="cluster-summary">
        <div class="stat">
          <dt>Clusters</dt>
          <dd>{result.nClusters}</dd>
        </div>
        <div class="stat">
          <dt>Inertia</dt>
          <dd>{fmt(result.inertia)}</dd>
        </div>
        <div class="stat">
          <dt>Iterations</dt>
          <dd>{result.nIter ?? '–'}</dd>
        </div>
        {typeof bandwidth === 'number' && (
          <div class="stat">
            <dt>Bandwidth used</dt>
            <dd>{fmt(bandwidth)}</dd>
          </div>
        )}
        <div class="stat">
          <dt>Dropped rows</dt>
          <dd data-testid="dropped-rows">{result.droppedRows}</dd>
        </div>
      </dl>
      {result.droppedRows > 0 && (
        <p class="message" data-testid="dropped-message">
          {result.droppedRows} row{result.droppedRows === 1 ? ' was' : 's were'} dropped for missing values; {result.labels.length} points were clustered.
        </p>
      )}
      {result.warnings.map((w) => (
        <p class="message" key={w}>
          <strong>Note:</strong> {w}
        </p>
      ))}
      {!result.aligned && (
        <p class="message error">The server kept different rows than this page expected, so the plot shows the points unlabelled.</p>
      )}
      <div class="table-wrap">
        <table data-testid="cluster-table">
          <caption>Cluster sizes and centres</caption>
          <thead>
            <tr>
              <th scope="col">Cluster</th>
              <th scope="col">Size</th>
              {shownCols.map((c) => (
                <th scope="col" key={c}>
                  Centre {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.centers.map((centre, k) => (
              <tr key={k}>
                <th scope="row">
                  <span class="swatch" style={{ background: clusterColour(k) }} aria-hidden="true" />
                  {k}
                </th>
                <td>{sizes.get(k) ?? 0}</td>
                {shownCols.map((c, j) => (
                  <td key={c}>{fmt(centre[j], 3)}</td>
                ))}
              </tr>
            ))}
            {orphans > 0 && (
              <tr>
                <th scope="row">
                  <span class="swatch" style={{ background: clusterColour(-1) }} aria-hidden="true" />
                  none
                </th>
                <td>{orphans}</td>
                {shownCols.map((c) => (
                  <td key={c}>–</td>
                ))}
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ClusterResults() {
  const data = dataset.value;
  const result = outcome.value;
  if (!data) {
    return (
      <section class="card" aria-labelledby="plot-title">
        <h2 id="plot-title">Plot</h2>
        <p class="hint">Generate blobs or open a CSV file to see the points here.</p>
      </section>
    );
  }
  const plotted = result?.aligned ? result.dataset : data;
  const download = () => {
    if (!result) return;
    saveText(labelledCsv(result.dataset.columns, result.dataset.points, result.labels), `${result.dataset.name}-clusters.csv`);
  };
  return (
    <section class="card stack" aria-labelledby="plot-title" data-testid="cluster-results">
      <div class="section-head">
        <h2 id="plot-title">{result ? `${result.algorithm}: ${result.nClusters} clusters` : `${data.points.length} points`}</h2>
        {result && (
          <button type="button" onClick={download} disabled={!result.aligned} data-testid="download">
            Download labelled CSV
          </button>
        )}
      </div>
      <PointsPlot data={plotted} result={result} />
      {result && <ResultTable result={result} />}
    </section>
  );
}
