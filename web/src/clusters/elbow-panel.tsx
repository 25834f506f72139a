// The elbow chart: K-Means inertia and silhouette score for each k in a range, to help choose k.
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { axis, cssVar } from '../charts/theme';
import { UPlotChart } from '../charts/uplot-chart';
import { busy, dataset, elbow, elbowRange, runElbow } from './clusters-state';

function ElbowChart() {
  const curve = elbow.value!;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { live: false },
      scales: { x: { time: false }, silhouette: { range: [-0.05, 1] } },
      axes: [
        axis({ label: 'k (clusters)', splits: (u) => (u.data[0] as number[]).slice() }),
        axis({ label: 'inertia', size: 64, values: (_u, v) => v.map((x) => (Math.abs(x) >= 1e4 ? x.toExponential(1) : String(x))) }),
        axis({ label: 'silhouette', scale: 'silhouette', side: 1, size: 48, grid: { show: false } }),
      ],
      series: [
        { label: 'k' },
        { label: 'Inertia', stroke: cssVar('--accent', '#2f5fd0'), width: 2, points: { show: true, size: 6 } },
        { label: 'Silhouette', scale: 'silhouette', stroke: '#e15759', width: 2, dash: [6, 4], points: { show: true, size: 6 } },
      ],
    }),
    [],
  );
  const data = useMemo<uPlot.AlignedData>(() => [curve.k, curve.inertia, curve.silhouette], [curve]);
  const best = curve.silhouette.reduce<number>((b, s, i) => (s !== null && (b < 0 || s > (curve.silhouette[b] ?? -Infinity)) ? i : b), -1);
  return (
    <>
      <UPlotChart
        options={options}
        data={data}
        height={260}
        label={`Elbow chart: inertia and silhouette for k from ${curve.k[0]} to ${curve.k[curve.k.length - 1]}.`}
        testId="elbow"
      />
      {best >= 0 && (
        <p class="hint">
          Highest silhouette at k = {curve.k[best]} ({curve.silhouette[best]!.toFixed(3)}). Look for the bend in inertia, too.
        </p>
      )}
    </>
  );
}

export function ElbowPanel() {
  const range = elbowRange.value;
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    void runElbow();
  };
  return (
    <section class="card" aria-labelledby="elbow-title">
      <h2 id="elbow-title">Choose k</h2>
      <form onSubmit={onSubmit}>
        <p class="hint">Runs K-Means for every k in the range and reports inertia (lower is tighter) and silhouette (higher is better separated).</p>
        <div class="fields">
          {(['kMin', 'kMax'] as const).map((key) => (
            <div class="field" key={key}>
              <label for={`elbow-${key}`}>{key === 'kMin' ? 'From k' : 'To k'}</label>
              <input
                id={`elbow-${key}`}
                type="number"
                min={1}
                step={1}
                value={range[key]}
                onInput={(e) => (elbowRange.value = { ...elbowRange.value, [key]: e.currentTarget.value })}
              />
            </div>
          ))}
        </div>
        <button type="submit" disabled={!dataset.value || busy.value !== null} data-testid="elbow-run">
          {busy.value === 'elbow' ? <span class="loading">Computing…</span> : 'Draw elbow chart'}
        </button>
      </form>
      {elbow.value && <ElbowChart />}
    </section>
  );
}
