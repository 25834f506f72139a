// CSV in the browser with the server's own parser (functions/core/points/csv.ts): the header, the numeric columns
// to offer, and exactly the rows the server keeps for the chosen columns.
import { csvToPoints, parseCsv } from '../../../functions/core/points/csv';
import { toRows } from '../../../functions/core/cluster/points';

export interface CsvTable {
  fields: string[];
  rows: string[][];
}

/** Missing-value markers and the number syntax of the server's CSV reader (a row with a missing value is dropped). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-nan', '#n/a']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readTable(text: string): CsvTable {
  let fields: string[] | null = null;
  const rows: string[][] = [];
  parseCsv(text, (record) => {
    if (fields) rows.push(record);
    else fields = record.map((f, i) => f.trim() || `column ${i + 1}`);
  });
  if (!fields) throw new Error('the file is empty');
  return { fields, rows };
}

/** Columns whose every present value is a number (and that have at least one). */
export function numericColumns(table: CsvTable): string[] {
  return table.fields.filter((_, c) => {
    let seen = 0;
    for (const row of table.rows) {
      const v = (row[c] ?? '').trim();
      if (MISSING.has(v.toLowerCase())) continue;
      if (!NUMBER.test(v)) return false;
      seen++;
    }
    return seen > 0;
  });
}

/** The points the server clusters for these columns, in file order, and how many rows it drops. */
export function pointsOf(text: string, columns: readonly string[]): { points: number[][]; dropped: number } {
  const { points, droppedRows } = csvToPoints(text, { columns });
  return { points: toRows(points.data, points.d), dropped: droppedRows };
}
