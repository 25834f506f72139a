// Scatter plot (uPlot `mode: 2`) of points grouped by cluster, one colour per cluster, centres marked with crosses.
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { axis, clusterColour, cssVar } from './theme';
import { UPlotChart } from './uplot-chart';

export interface ScatterGroup {
  /** Cluster label; -1 = points left without a cluster. */
  label: number;
  xs: Float64Array;
  ys: Float64Array;
}

export interface ScatterProps {
  groups: ScatterGroup[];
  centres: { xs: number[]; ys: number[] } | null;
  xName: string;
  yName: string;
  label: string;
}

/** Draws an "x" at every centre; uPlot strokes the path with the series' colour and width. */
function crosses(halfSize: number): uPlot.Series.PathBuilder {
  return (u, seriesIdx) => {
    const [xs, ys] = u.data[seriesIdx] as unknown as [number[], number[]];
    const r = halfSize * uPlot.pxRatio;
    const stroke = new Path2D();
    for (let i = 0; i < xs.length; i++) {
      const x = u.valToPos(xs[i], 'x', true);
      const y = u.valToPos(ys[i], 'y', true);
      stroke.moveTo(x - r, y - r);
      stroke.lineTo(x + r, y + r);
      stroke.moveTo(x + r, y - r);
      stroke.lineTo(x - r, y + r);
    }
    return { stroke, fill: undefined };
  };
}

/** Auto range with 5% room on each side, so points at the edges are drawn whole. */
function padded(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 1];
  const pad = (max - min || Math.abs(max) || 1) * 0.05;
  return [min - pad, max + pad];
}

export function ScatterChart({ groups, centres, xName, yName, label }: ScatterProps) {
  const total = groups.reduce((n, g) => n + g.xs.length, 0);
  const pointSize = total > 20000 ? 2.5 : total > 3000 ? 3.5 : 5;
  const shape = `${groups.map((g) => g.label).join(',')}|${centres ? 'c' : ''}|${xName}|${yName}|${pointSize}`;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const text = cssVar('--text', '#1b1f24');
    const bg = cssVar('--surface', '#ffffff');
    const series: uPlot.Series[] = [
      {},
      ...groups.map(
        (g): uPlot.Series => ({
          label: g.label < 0 ? 'no cluster' : `cluster ${g.label}`,
          stroke: clusterColour(g.label),
          fill: clusterColour(g.label),
          paths: uPlot.paths.points!() as unknown as uPlot.Series.PathBuilder,
          points: { show: false, size: pointSize, width: 0 },
        }),
      ),
    ];
    if (centres) {
      series.push(
        { label: 'centre halo', stroke: bg, width: 6, paths: crosses(7), points: { show: false } },
        { label: 'centres', stroke: text, width: 2.5, paths: crosses(7), points: { show: false } },
      );
    }
    return {
      mode: 2,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: false, range: padded }, y: { range: padded } },
      axes: [axis({ label: xName, size: 40 }), axis({ label: yName, size: 56 })],
      series,
    };
    // The options only change when the set of series or the axes change; data changes go through setData.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);
  const data = useMemo(() => {
    const d: unknown[] = [null, ...groups.map((g) => [g.xs, g.ys])];
    if (centres) d.push([centres.xs, centres.ys], [centres.xs, centres.ys]);
    return d as unknown as uPlot.AlignedData;
  }, [groups, centres]);
  return <UPlotChart options={options} data={data} height={360} label={label} testId="scatter" />;
}
