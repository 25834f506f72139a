// State of the clusters view: the points (generated blobs or a CSV), the chosen algorithm and its parameters,
// the clustering result, and the elbow curve.
import { computed, signal } from '@preact/signals';
import { client, messageOf, ok } from '../api';
import { announce } from '../ui/announcer';
import {
  algorithmOf,
  ALGORITHMS,
  defaultValues,
  parseParams,
  type AlgorithmId,
  type KMeansJson,
  type MeanShiftJson,
  type MiniBatchJson,
  type ParamValue,
} from './algorithms';
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
    const body = await ok(
      client.api.datasets.blobs.$get({ query: { nSamples: f.nSamples, centers: f.centers, clusterStd: f.clusterStd, seed: f.seed } }),
    );
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

type Params = Record<string, string | number | boolean>;

/**
 * Posts points as JSON, or the CSV text with `columns` and the parameters in the query string (the server then
 * drops and counts rows with missing values). Parameter names are checked against each route's body type in
 * algorithms.ts; their values were parsed from the form, and the server validates them again.
 */
function post(id: AlgorithmId, points: number[][], params: Params, csvText: string | null, columns: string[]) {
  const query = csvText === null ? {} : { columns: columns.join(','), ...params };
  const init = csvText === null ? undefined : { init: { body: csvText, headers: { 'content-type': 'text/csv' } } };
  switch (id) {
    case 'kmeans':
      return ok(client.api.cluster.kmeans.$post({ query, json: { points, ...params } as KMeansJson }, init));
    case 'minibatch-kmeans':
      return ok(client.api.cluster['minibatch-kmeans'].$post({ query, json: { points, ...params } as MiniBatchJson }, init));
    case 'meanshift':
      return ok(client.api.cluster.meanshift.$post({ query, json: { points, ...params } as MeanShiftJson }, init));
  }
}

export function runClustering(): Promise<void> {
  return run('cluster', async () => {
    const data = dataset.value;
    if (!data) throw new Error(source.value === 'blobs' ? 'Generate some points first.' : 'Open a CSV file and pick at least two numeric columns.');
    const algo = algorithmOf(algorithm.value);
    const { params, errors } = parseParams(algo, paramValues.value[algo.id]);
    if (errors.length > 0) throw new Error(errors.join(' '));
    const c = csv.value;
    const fromCsv = source.value === 'csv' && c !== null;
    // With a CSV the text goes as it is, not the parsed points.
    const body = await post(algo.id, fromCsv ? [] : data.points, params, fromCsv ? c.text : null, data.columns);
    outcome.value = {
      algorithm: algo.name,
      dataset: data,
      labels: body.labels,
      centers: body.centers,
      inertia: body.inertia,
      nIter: body.nIter,
      nClusters: body.nClusters,
      params: body.params,
      warnings: body.warnings,
      droppedRows: body.droppedRows,
      aligned: body.labels.length === data.points.length,
    };
    const dropped = body.droppedRows ? ` ${body.droppedRows} rows with missing values were dropped.` : '';
    announce(`${algo.name} found ${body.nClusters} clusters in ${body.labels.length} points.${dropped}`);
  });
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
    const body = await ok(client.api.cluster.elbow.$post({ query: {}, json: { points: data.points, kMin, kMax } }));
    elbow.value = {
      k: body.results.map((r) => r.k),
      inertia: body.results.map((r) => r.inertia),
      silhouette: body.results.map((r) => r.silhouette),
    };
    announce(`Elbow chart ready for k from ${kMin} to ${kMax}.`);
  });
}
