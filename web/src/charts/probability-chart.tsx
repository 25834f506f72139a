// Bar chart of the ten class probabilities (uPlot), the most likely digit highlighted.
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { axis, cssVar } from './theme';
import { UPlotChart } from './uplot-chart';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** uPlot's BarsPathBuilderFacetUnit.Color (a const enum, not importable with isolatedModules). */
const COLOUR_UNIT = 3 as uPlot.Series.BarsPathBuilderFacetUnit;

export function ProbabilityChart({ probabilities }: { probabilities: number[] }) {
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const accent = cssVar('--accent', '#2f5fd0');
    const muted = '#9aa4b1';
    return {
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.6, 9.6] }, y: { range: [0, 1] } },
      axes: [
        axis({ splits: () => DIGITS, values: (_u, v) => v.map(String), grid: { show: false } }),
        axis({ splits: () => [0, 0.5, 1], values: (_u, v) => v.map((x) => `${Math.round(x * 100)}%`), size: 50 }),
      ],
      series: [
        {},
        {
          label: 'Probability',
          paths: uPlot.paths.bars!({
            size: [0.7, 40],
            disp: {
              fill: {
                unit: COLOUR_UNIT,
                values: (u) => {
                  const ps = u.data[1] as number[];
                  const top = ps.indexOf(Math.max(...ps));
                  return ps.map((_, i) => (i === top ? accent : muted));
                },
              },
            },
          }),
          fill: muted,
          // Per-bar colours (disp.fill) are used only when the series has no stroke.
          width: 0,
          points: { show: false },
        },
      ],
    };
  }, []);
  const data = useMemo<uPlot.AlignedData>(() => [DIGITS, probabilities], [probabilities]);
  const best = probabilities.map((p, i) => `${i}: ${(p * 100).toFixed(1)}%`).join(', ');
  return <UPlotChart options={options} data={data} height={130} label={`Probabilities by digit. ${best}`} testId="probabilities" />;
}
