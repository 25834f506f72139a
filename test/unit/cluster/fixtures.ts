// Loads the scikit-learn fixtures (test/fixtures/sklearn, written by scripts/fixtures/sklearn_fixtures.py) and housing.csv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Points, pointsFromFlat } from '../../../functions/core/cluster/points';
import { csvToPoints } from '../../../functions/core/points/csv';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
  return JSON.parse(readFileSync(`${root}test/fixtures/sklearn/${name}`, 'utf8'));
}

/** ../shared/data/housing.csv (20,640 rows), read directly: it is not copied into the repo. */
export const housingPath = `${root}../shared/data/housing.csv`;

export function housingText(): string {
  return readFileSync(housingPath, 'utf8');
}

export function housingPoints(columns: string[]): Points {
  return csvToPoints(housingText(), { columns }).points;
}

export function flatPoints(values: number[], d: number): Points {
  return pointsFromFlat(Float64Array.from(values), d);
}

/** load_digits as stored: one character per value, 0-9 then a-g for 10-16. */
export function digitsPoints(): Points {
  const f = fixture('digits.json');
  const alphabet = '0123456789abcdefg';
  return pointsFromFlat(Float64Array.from(f.values as string, (c) => alphabet.indexOf(c)), f.d);
}

export { median } from '../../../scripts/lib/stats';

/** Rows sorted lexicographically, to compare centre sets whose order depends on the random stream. */
export function sortedRows(flat: ArrayLike<number>, d: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < flat.length; i += d) rows.push(Array.from({ length: d }, (_, t) => flat[i + t]));
  return rows.sort((a, b) => {
    for (let t = 0; t < d; t++) if (a[t] !== b[t]) return a[t] - b[t];
    return 0;
  });
}
