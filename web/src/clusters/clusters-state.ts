// State of the clusters view: the points (generated blobs or a CSV), the chosen algorithm and its parameters,
// the clustering result, and the elbow curve.
import { computed, signal } from '@preact/signals';
import { messageOf } from '../api';
import { fetchJson } from '../api-contract';
import { announce } from '../ui/announcer';
import { algorithmOf, ALGORITHMS, defaultValues, parseParams, type AlgorithmId, type ParamValue } from './algorithms';
import { numericColumns, pointsOf, readTable, type CsvTable } from './csv';

export interface Dataset {
  /** Where the points came from, for headings and file names. */
  name: string;
  columns: string[];
  points: number[][];
}

export interface ClusterOutcome {
  algorithm: string;
  dataset: Dataset;
  labels: number[];
  centers: number[][];
  inertia: number | null;
  nIter: number | null;
  nClusters: number;
  params: Record<string, unknown>;
  warnings: string[];
  droppedRows: number;
  /** False when the server kept other rows than the page expected; the plot is then left out. */
  aligned: boolean;
}

export interface ElbowCurve {
  k: number[];
  inertia: number[];
  silhouette: (number | null)[];
}

export interface CsvSource {
  fileName: string;
  text: string;
  table: CsvTable;
  numeric: string[];
}

export type Busy = 'generate' | 'open' | 'cluster' | 'elbow' | null;

export const source = signal<'blobs' | 'csv'>('blobs');
export const blobsForm = signal({ nSamples: '500', centers: '4', clusterStd: '1.0', seed: '42' });
export const blobs = signal<Dataset | null>(null);
export const csv = signal<CsvSource | null>(null);
export const csvColumns = signal<string[]>([]);
export const algorithm = signal<AlgorithmId>('kmeans');
export const paramValues = signal(
  Object.fromEntries(ALGORITHMS.map((a) => [a.id, defaultValues(a)])) as Record<AlgorithmId, Record<string, ParamValue>>,
);
export const plotAxes = signal<[number, number]>([0, 1]);
export const outcome = signal<ClusterOutcome | null>(null);
export const elbowRange = signal({ kMin: '2', kMax: '10' });
export const elbow = signal<ElbowCurve | null>(null);
export const busy = signal<Busy>(null);
export const problem = signal<string | null>(null);

/** The points the next run clusters: the blobs, or the CSV rows with a value in every chosen column. */
export const dataset = computed<(Dataset & { dropped: number }) | null>(() => {
  if (source.value === 'blobs') return blobs.value ? { ...blobs.value, dropped: 0 } : null;
  const c = csv.value;
  const cols = csvColumns.value;
  if (!c || cols.length < 2) return null;
  try {
    const { points, dropped } = pointsOf(c.text, cols);
    return { name: c.fileName, columns: cols, points, dropped };
  } catch {
    // No usable rows for these columns: the server says why when the user runs it.
    return null;
  }
});

function resetResults(): void {
  outcome.value = null;
  elbow.value = null;
  problem.value = null;
  plotAxes.value = [0, 1];
}

export function setParam(key: string, value: ParamValue): void {
  const id = algorithm.value;
  paramValues.value = { ...paramValues.value, [id]: { ...paramValues.value[id], [key]: value } };
}

export function resetParams(): void {
  const id = algorithm.value;
  paramValues.value = { ...paramValues.value, [id]: defaultValues(algorithmOf(id)) };
}

async function run(kind: Exclude<Busy, null>, work: () => Promise<void>): Promise<void> {
  busy.value = kind;
  problem.value = null;
  try {
    await work();
  } catch (err) {
    problem.value = messageOf(err);
    announce(problem.value);
  } finally {
    busy.value = null;
  }
}

export function generateBlobs(): Promise<void> {
  return run('generate', async () => {
    const f = blobsForm.value;
    const query = new URLSearchParams({ nSamples: f.nSamples, centers: f.centers, clusterStd: f.clusterStd, seed: f.seed });
    const body = await fetchJson<{ points: number[][] }>(`/api/datasets/blobs?${query}`);
    resetResults();
    blobs.value = { name: `blobs-${f.nSamples}-${f.centers}-seed${f.seed}`, columns: ['x', 'y'], points: body.points };
    announce(`Generated ${body.points.length} points.`);
  });
}

export function openCsv(file: File): Promise<void> {
  return run('open', async () => {
    const text = await file.text();
    let table: CsvTable;
    try {
      table = readTable(text);
    } catch (err) {
      throw new Error(`${file.name} could not be read as CSV: ${err instanceof Error ? err.message : String(err)}`);
    }
    const numeric = numericColumns(table);
    resetResults();
    csv.value = { fileName: file.name.replace(/\.csv$/i, ''), text, table, numeric };
    csvColumns.value = numeric.slice(0, 8);
    if (numeric.length < 2) {
      throw new Error(`${file.name} has ${numeric.length} numeric column${numeric.length === 1 ? '' : 's'}; clustering needs at least two.`);
    }
    announce(`${file.name}: ${table.rows.length} rows, ${numeric.length} numeric columns.`);
  });
}

export function toggleColumn(name: string, on: boolean): void {
  const numeric = csv.value?.numeric ?? [];
  const chosen = new Set(csvColumns.value);
  if (on) chosen.add(name);
  else chosen.delete(name);
  csvColumns.value = numeric.filter((c) => chosen.has(c));
  resetResults();
}

interface ClusterResponse {
  labels: number[];
  centers: number[][];
  inertia?: number | null;
  nIter?: number | null;
  nClusters: number;
  params?: Record<string, unknown>;
  warnings?: string[];
  droppedRows?: number;
}

export function runClustering(): Promise<void> {
  return run('cluster', async () => {
    const data = dataset.value;
    if (!data) throw new Error(source.value === 'blobs' ? 'Generate some points first.' : 'Open a CSV file and pick at least two numeric columns.');
    const algo = algorithmOf(algorithm.value);
    const { params, errors } = parseParams(algo, paramValues.value[algo.id]);
    if (errors.length > 0) throw new Error(errors.join(' '));
    const path = `/api/cluster/${algo.id}`;
    const c = csv.value;
    const body =
      source.value === 'csv' && c
        ? await fetchJson<ClusterResponse>(
            `${path}?${new URLSearchParams({ columns: data.columns.join(','), ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) })}`,
            { method: 'POST', headers: { 'content-type': 'text/csv' }, body: c.text },
          )
        : await fetchJson<ClusterResponse>(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ points: data.points, ...params }),
          });
    outcome.value = {
      algorithm: algo.name,
      dataset: data,
      labels: body.labels,
      centers: body.centers,
      inertia: body.inertia ?? null,
      nIter: body.nIter ?? null,
      nClusters: body.nClusters,
      params: body.params ?? {},
      warnings: body.warnings ?? [],
      droppedRows: body.droppedRows ?? 0,
      aligned: body.labels.length === data.points.length,
    };
    const dropped = body.droppedRows ? ` ${body.droppedRows} rows with missing values were dropped.` : '';
    announce(`${algo.name} found ${body.nClusters} clusters in ${body.labels.length} points.${dropped}`);
  });
}

/** Accepts `{results: [{k, inertia, silhouette}]}` or columns `{k: [], inertia: [], silhouette: []}`. */
function curveOf(body: unknown): ElbowCurve {
  const b = body as { results?: { k: number; inertia: number; silhouette: number | null }[] } & Partial<ElbowCurve>;
  const rows = b.results ?? (Array.isArray(body) ? (body as { k: number; inertia: number; silhouette: number | null }[]) : null);
  if (rows) return { k: rows.map((r) => r.k), inertia: rows.map((r) => r.inertia), silhouette: rows.map((r) => r.silhouette ?? null) };
  return { k: b.k ?? [], inertia: b.inertia ?? [], silhouette: b.silhouette ?? [] };
}

export function runElbow(): Promise<void> {
  return run('elbow', async () => {
    const data = dataset.value;
    if (!data) throw new Error('Choose the points first.');
    const kMin = Number(elbowRange.value.kMin);
    const kMax = Number(elbowRange.value.kMax);
    if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 1 || kMax < kMin) {
      throw new Error('The k range must be whole numbers with 1 ≤ from ≤ to.');
    }
    const body = await fetchJson<unknown>('/api/cluster/elbow', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ points: data.points, kMin, kMax }),
    });
    elbow.value = curveOf(body);
    announce(`Elbow chart ready for k from ${kMin} to ${kMax}.`);
  });
}
