// Chart colours read from the page's CSS variables (so charts follow the light or dark palette), and cluster colours.
import type uPlot from 'uplot';

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Axis styling that matches the page's text and border colours. */
export function axis(extra: uPlot.Axis = {}): uPlot.Axis {
  const text = cssVar('--muted', '#5a6370');
  const grid = cssVar('--border', '#d4d9e0');
  return {
    stroke: text,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: '12px system-ui, sans-serif',
    labelFont: '12px system-ui, sans-serif',
    ...extra,
  };
}

/** Tableau 10: distinct on light and dark backgrounds; after ten, hues spaced by the golden angle. */
const TABLEAU = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function clusterColour(i: number): string {
  if (i < 0) return '#888888';
  if (i < TABLEAU.length) return TABLEAU[i];
  return `hsl(${Math.round((i * 137.508) % 360)} 65% 55%)`;
}
