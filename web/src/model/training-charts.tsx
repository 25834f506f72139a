// Training curves: loss and accuracy per epoch, training against validation (uPlot line charts).
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { axis, cssVar } from '../charts/theme';
import { UPlotChart } from '../charts/uplot-chart';
import type { ModelMetrics } from './model-state';

type Epoch = ModelMetrics['history'][number];

function CurveChart({ history, kind }: { history: Epoch[]; kind: 'loss' | 'accuracy' }) {
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const pct = kind === 'accuracy';
    const fmtVal = (v: number | null) => (v === null ? '–' : pct ? `${(v * 100).toFixed(2)}%` : v.toFixed(4));
    return {
      legend: { live: false },
      scales: { x: { time: false } },
      axes: [
        axis({ label: 'epoch', splits: (u) => (u.data[0] as number[]).slice() }),
        axis({ label: kind, size: 60, values: (_u, v) => v.map((x) => (pct ? `${(x * 100).toFixed(1)}%` : x.toPrecision(2))) }),
      ],
      series: [
        { label: 'epoch' },
        { label: 'training', stroke: cssVar('--accent', '#2f5fd0'), width: 2, points: { show: true, size: 6 }, value: (_u, v) => fmtVal(v) },
        { label: 'validation', stroke: '#e15759', width: 2, dash: [6, 4], points: { show: true, size: 6 }, value: (_u, v) => fmtVal(v) },
      ],
    };
  }, [kind]);
  const data = useMemo<uPlot.AlignedData>(
    () =>
      kind === 'loss'
        ? [history.map((h) => h.epoch), history.map((h) => h.loss), history.map((h) => h.valLoss)]
        : [history.map((h) => h.epoch), history.map((h) => h.accuracy), history.map((h) => h.valAccuracy)],
    [history, kind],
  );
  const last = history[history.length - 1];
  const summary =
    kind === 'loss'
      ? `final training loss ${last.loss.toFixed(4)}, validation loss ${last.valLoss.toFixed(4)}`
      : `final training accuracy ${(last.accuracy * 100).toFixed(2)}%, validation accuracy ${(last.valAccuracy * 100).toFixed(2)}%`;
  return (
    <figure class="card chart-card">
      <figcaption>
        <h3>{kind === 'loss' ? 'Loss' : 'Accuracy'} per epoch</h3>
      </figcaption>
      <UPlotChart options={options} data={data} height={220} label={`${kind} per epoch, training and validation: ${summary}`} testId={`curve-${kind}`} />
    </figure>
  );
}

export function TrainingCharts({ history }: { history: Epoch[] }) {
  if (history.length === 0) return <p class="hint">This model has no training history (it was not trained by the training script).</p>;
  return (
    <>
      <div class="grid two">
        <CurveChart history={history} kind="loss" />
        <CurveChart history={history} kind="accuracy" />
      </div>
      <p class="hint">
        Training figures are measured on the batches as trained. For the default recipe those are augmented, with
        dropout, and hold 8 non-digit images in every 136, taught to answer "none of the ten" (their loss is at
        least ln 10 each), so its training loss sits above its validation loss.
      </p>
    </>
  );
}
