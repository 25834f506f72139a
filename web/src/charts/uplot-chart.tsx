// The one uPlot wrapper: creates the chart on mount (and when `options` changes), `setData` when data changes,
// `setSize` when the container resizes, `destroy` on unmount.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UPlotChartProps {
  /** Rebuilt only when this object changes identity: memoise it in the caller. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** Accessible name of the figure. */
  label: string;
  testId?: string;
}

export function UPlotChart({ options, data, height, label, testId }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = box.current!;
    const width = Math.max(200, Math.floor(el.clientWidth));
    const u = new uPlot({ ...options, width, height }, latest.current, el);
    plot.current = u;
    const observer = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(el.clientWidth));
      if (w !== u.width) u.setSize({ width: w, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    const u = plot.current;
    if (u && u.data !== data) u.setData(data);
  }, [data]);

  return <div ref={box} class="chart" role="figure" aria-label={label} data-testid={testId} />;
}
